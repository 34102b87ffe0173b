/** How an event is shown: its places, where and who it is for, a learner's place, and the event's own page. */
import type { FastifyReply } from 'fastify';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import type { FormErrors, FormValues } from '../../platform/web/forms.ts';
import { type Context } from '../../platform/context.ts';
import { ACTIVITY_TYPE_LABELS } from '../curriculum/index.ts';
import * as service from './service.ts';
import type { LearningEvent } from './service.ts';
import { eventWhen, formatTime } from './format.ts';

type Colour = 'green' | 'blue' | 'grey' | 'orange' | 'red' | 'yellow' | 'white';

export function placesText(
  counts: { registered: number; placesLeft: number | null; waiting: number },
  capacity: number | null,
) {
  if (capacity === null) return `${String(counts.registered)} booked, no limit on places`;
  const left = counts.placesLeft ?? 0;
  const main = left === 0 ? `Full (${String(capacity)} places)` : `${String(left)} of ${String(capacity)} places left`;
  return counts.waiting === 0 ? main : `${main}, ${String(counts.waiting)} on the waiting list`;
}

export function statusTag(
  status: 'registered' | 'waiting' | 'not-registered',
  position: number | null,
): { text: string; colour: Colour } {
  if (status === 'registered') return { text: 'You have a place', colour: 'green' };
  if (status === 'waiting') return { text: `Waiting list, position ${String(position ?? '')}`, colour: 'yellow' };
  return { text: 'Not booked', colour: 'grey' };
}

export function whereText(event: LearningEvent): string {
  if (event.venue !== null && event.onlineUrl !== null) return `${event.venue}, and online`;
  return event.venue ?? 'Online';
}

export function audienceText(stages: readonly string[], cohorts: readonly string[]): string {
  const stagePart = stages.length === 0 ? 'All stages' : stages.join(', ');
  const cohortPart = cohorts.length === 0 ? '' : `; cohorts: ${cohorts.join(', ')}`;
  return `${stagePart}${cohortPart}`;
}

/** The event's page; a form on it that was refused shows again with what was typed and the errors. */
export async function renderEvent(
  reply: FastifyReply,
  ctx: Context,
  id: string,
  options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
) {
  const view = await service.getEvent(ctx, id);
  const { event } = view;
  const mineStatus =
    view.mine?.status === 'registered' || view.mine?.status === 'waiting' ? view.mine.status : 'not-registered';
  const rows = [
    { key: { text: 'Type' }, value: { text: ACTIVITY_TYPE_LABELS[event.type] } },
    { key: { text: 'When' }, value: { text: `${eventWhen(event)} (UK time)` } },
    ...(event.venue === null ? [] : [{ key: { text: 'Venue' }, value: { text: event.venue } }]),
    ...(event.onlineUrl === null ? [] : [{ key: { text: 'Online' }, value: { text: '' }, online: true }]),
    { key: { text: 'Places' }, value: { text: placesText(view.counts, event.capacity) } },
    { key: { text: 'For' }, value: { text: audienceText(view.stageNames, view.cohortNames) } },
    { key: { text: 'Facilitator' }, value: { text: view.facilitator?.name ?? 'Not named yet' } },
  ];
  return reply.page(
    'events/views/show.njk',
    {
      title: event.title,
      ...view,
      typeLabel: ACTIVITY_TYPE_LABELS[event.type],
      when: eventWhen(event),
      detailRows: rows.filter((row) => !('online' in row)),
      showOnlineLink: view.staff || view.mine?.status === 'registered',
      places: placesText(view.counts, event.capacity),
      audience: audienceText(view.stageNames, view.cohortNames),
      placeTag: view.learner === null ? null : statusTag(mineStatus, view.mine?.position ?? null),
      checkInOpensText: `${formatTime(view.checkInOpensAt)} on ${formatDate(view.checkInOpensAt)}`,
      cancelledText: event.cancelledAt === null ? '' : formatDateTime(event.cancelledAt),
      remindedText: event.remindedAt === null ? '' : formatDateTime(event.remindedAt),
      values: options.values ?? {},
      errors: options.errors,
    },
    options.status ?? 200,
  );
}
