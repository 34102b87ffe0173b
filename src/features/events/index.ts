import type { FastifyInstance } from 'fastify';
import { registerErasureStep, registerPersonalDataSource, registerPersonalDataTables } from '../people/index.ts';
import { eventsRoutes } from './routes.ts';
import { eraseEventData, eventPersonalData, eventsPersonalData } from './personal-data.ts';

export { seedDemoEvents } from './demo.ts';
/** Upcoming events and a learner's registrations for other features, instead of the tables (ADR 12). */
export { registrationStatusesOf, upcomingEventsInRegion, type LearningEvent } from './repository.ts';
export { scheduledEventsBetween } from './programme-queries.ts';
export type { RegistrationStatus } from './domain/events.ts';
// The journeys' starting state (scripts/e2e-fixtures.ts) is built through these, as a person would build it.
export { createEvent } from './service.ts';
export { markRegister, registerForEvent } from './attendance-service.ts';
export { submitFeedback } from './feedback-service.ts';

/** The events feature: learning events, places and waiting lists, check-in and attendance, feedback, calendars. */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataSource('learningEvents', eventPersonalData);
  registerErasureStep('learningEvents', eraseEventData);
  registerPersonalDataTables('events', eventsPersonalData);
  eventsRoutes(app);
  await Promise.resolve();
}
