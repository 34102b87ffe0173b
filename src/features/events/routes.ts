import { regionsIn } from '../organisations/index.ts';
import { PROGRAMME_TEAM, teamRegions } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole } from '../../platform/auth/roles.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import {
  addError,
  emptyErrors,
  postedBody as body,
  postedList as list,
  postedText as text,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import { displayCheckInCode, RATING_LABELS, type FeedbackQuestion, type FeedbackSummary } from './domain/events.ts';
import * as service from './service.ts';
import { type EventChoices, type EventInput, type LearningEvent } from './service.ts';
import { EVENT_STAFF, EVENT_VIEWERS, eventAccess } from './access.ts';
import * as attendance from './attendance-service.ts';
import * as calendar from './calendar-service.ts';
import * as feedback from './feedback-service.ts';
import * as reminders from './reminders-service.ts';
import { eventWhen, formatTime } from './format.ts';
import { londonParts, londonTime } from '../../shared/london-time.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, MAX_OUTCOMES_PER_ITEM } from '../curriculum/index.ts';

const managers = PROGRAMME_TEAM;
const staff = EVENT_STAFF;
const viewers = EVENT_VIEWERS;
const learners = ['learner'] as const;
const idParams = z.object({ id: z.uuid() });

const TITLE_LIMIT = 200;
const DESCRIPTION_LIMIT = 5000;
const VENUE_LIMIT = 300;
const URL_LIMIT = 500;
const REASON_LIMIT = 2000;
const MAX_CAPACITY = 10_000;

// ---------------------------------------------------------------------------------------------------------------
// Reading the event form

interface Problem {
  field: string;
  href: string;
  message: string;
}

function toFormErrors(problems: readonly Problem[]): FormErrors {
  const errors = emptyErrors();
  for (const problem of problems) {
    if (errors.fields[problem.field] !== undefined) continue;
    errors.fields[problem.field] = { text: problem.message };
    errors.list.push({ text: problem.message, href: problem.href });
  }
  return errors;
}

/** "9:30", "09:30", "9.30", "9:30am", "2pm": hours and minutes, or null when it is not a time. */
export function readTime(value: string): { hour: number; minute: number } | null {
  const typed = value.toLowerCase().replace(/\s+/g, '');
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(typed);
  if (match === null) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = match[3];
  if (suffix !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  } else if (match[2] === undefined) {
    return null; // "9" alone could be morning or evening
  }
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

function datePart(values: Record<string, unknown>, name: string): string {
  return text(values[`date[${name}]`]) || text(values[`date-${name}`]);
}

/** The posted event form as an EventInput, or the problems in the order the fields appear. */
export function readEventForm(
  values: Record<string, unknown>,
  now: Date,
  options: { creating: boolean },
): { ok: true; input: EventInput } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (field: string, message: string, href = `#${field}`) => problems.push({ field, href, message });
  const type = ACTIVITY_TYPES.find((item) => item === values.type);
  if (type === undefined) problem('type', 'Select the type of event');
  const title = text(values.title);
  if (title === '') problem('title', 'Enter a title, like Population health learning day');
  else if (title.length > TITLE_LIMIT) problem('title', `Title must be ${String(TITLE_LIMIT)} characters or fewer`);
  const description = text(values.description);
  if (description.length > DESCRIPTION_LIMIT) {
    problem('description', `Description must be ${String(DESCRIPTION_LIMIT)} characters or fewer`);
  }
  const [day, month, year] = [datePart(values, 'day'), datePart(values, 'month'), datePart(values, 'year')];
  let date: { d: number; m: number; y: number } | null = null;
  if (day === '' && month === '' && year === '') problem('date', 'Enter the date of the event', '#date-day');
  else if (![day, month, year].every((part) => /^\d+$/.test(part)) || year.length !== 4) {
    problem('date', 'Date must be a real date, like 27 3 2027', '#date-day');
  } else {
    const [d, m, y] = [Number(day), Number(month), Number(year)];
    const utc = new Date(Date.UTC(y, m - 1, d));
    if (m < 1 || m > 12 || utc.getUTCDate() !== d || utc.getUTCMonth() !== m - 1) {
      problem('date', 'Date must be a real date, like 27 3 2027', '#date-day');
    } else date = { d, m, y };
  }
  const startText = text(values.startTime);
  const start = readTime(startText);
  if (startText === '') problem('startTime', 'Enter the start time');
  else if (start === null) problem('startTime', 'Start time must be a real time, like 09:30 or 9:30am');
  const endText = text(values.endTime);
  const end = readTime(endText);
  if (endText === '') problem('endTime', 'Enter the end time');
  else if (end === null) problem('endTime', 'End time must be a real time, like 16:30 or 4:30pm');
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  if (date !== null && start !== null && end !== null) {
    startsAt = londonTime(date.y, date.m, date.d, start.hour, start.minute);
    endsAt = londonTime(date.y, date.m, date.d, end.hour, end.minute);
    if (endsAt.getTime() <= startsAt.getTime()) problem('endTime', 'End time must be after the start time');
    else if (options.creating && startsAt.getTime() <= now.getTime()) {
      problem('date', 'The event must start in the future', '#date-day');
    }
  }
  const venue = text(values.venue);
  if (venue.length > VENUE_LIMIT) problem('venue', `Venue must be ${String(VENUE_LIMIT)} characters or fewer`);
  const onlineUrl = text(values.onlineUrl);
  if (onlineUrl !== '') {
    let url: URL | null = null;
    try {
      url = new URL(onlineUrl);
    } catch {
      url = null;
    }
    if (url === null || url.protocol !== 'https:' || url.hostname === '') {
      problem('onlineUrl', 'Online link must be a full web address starting with https://');
    } else if (onlineUrl.length > URL_LIMIT) {
      problem('onlineUrl', `Online link must be ${String(URL_LIMIT)} characters or fewer`);
    }
  }
  if (venue === '' && onlineUrl === '') problem('venue', 'Enter a venue or an online link, or both');
  const capacityText = text(values.capacity);
  let capacity: number | null = null;
  if (capacityText !== '') {
    if (!/^\d+$/.test(capacityText) || Number(capacityText) < 1 || Number(capacityText) > MAX_CAPACITY) {
      problem('capacity', `Places must be a whole number from 1 to ${String(MAX_CAPACITY)}, or blank for no limit`);
    } else capacity = Number(capacityText);
  }
  const outcomeCodes = list(values.outcomes);
  if (outcomeCodes.length > MAX_OUTCOMES_PER_ITEM) {
    problem(
      'outcomes',
      `Choose up to ${String(MAX_OUTCOMES_PER_ITEM)} outcomes that attending shows (you chose ${String(outcomeCodes.length)})`,
    );
  }
  if (problems.length > 0 || type === undefined || startsAt === null || endsAt === null) return { ok: false, problems };
  return {
    ok: true,
    input: {
      type,
      title,
      description,
      startsAt,
      endsAt,
      venue: venue === '' ? null : venue,
      onlineUrl: onlineUrl === '' ? null : onlineUrl,
      capacity,
      stages: list(values.stages),
      cohortIds: list(values.cohorts),
      outcomeCodes,
      facilitatorUserId: text(values.facilitatorUserId) === '' ? null : text(values.facilitatorUserId),
    },
  };
}

/** The form's values for an existing event. */
function eventValues(event: LearningEvent): FormValues {
  const start = londonParts(event.startsAt);
  return {
    type: event.type,
    title: event.title,
    description: event.description,
    date: { day: start.day, month: start.month, year: start.year },
    startTime: start.time,
    endTime: londonParts(event.endsAt).time,
    venue: event.venue ?? '',
    onlineUrl: event.onlineUrl ?? '',
    capacity: event.capacity === null ? '' : String(event.capacity),
    stages: event.stages,
    cohorts: event.cohortIds,
    outcomes: event.outcomeCodes,
    facilitatorUserId: event.facilitatorUserId ?? '',
  };
}

function typeItems(selected: unknown) {
  return ACTIVITY_TYPES.map((type) => ({ value: type, text: ACTIVITY_TYPE_LABELS[type], selected: type === selected }));
}

function formView(choices: EventChoices, values: FormValues) {
  const stages = new Set(list(values.stages));
  const cohortIds = new Set(list(values.cohorts));
  const outcomes = new Set(list(values.outcomes));
  return {
    typeItems: typeItems(values.type ?? 'learning-event-day'),
    stageItems: choices.stages.map((stage) => ({
      value: stage.code,
      text: stage.name === stage.code ? stage.code : `${stage.code}: ${stage.name}`,
      checked: stages.has(stage.code),
    })),
    cohortItems: choices.cohorts.map((cohort) => ({
      value: cohort.id,
      text: cohort.name,
      checked: cohortIds.has(cohort.id),
    })),
    outcomeGroups: choices.outcomeGroups.map((group, index) => ({
      idPrefix: index === 0 ? 'outcomes' : `outcomes-${group.domain.code}`,
      legend: group.domain.title,
      items: group.outcomes.map((outcome) => ({
        value: outcome.code,
        text: `${outcome.code}: ${outcome.text}`,
        checked: outcomes.has(outcome.code),
      })),
    })),
    facilitatorItems: [
      { value: '', text: 'No facilitator yet' },
      ...choices.facilitators.map((person) => ({
        value: person.id,
        text: `${person.name} (${person.email})`,
        selected: person.id === values.facilitatorUserId,
      })),
    ],
    values,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Presenting

type Colour = 'green' | 'blue' | 'grey' | 'orange' | 'red' | 'yellow' | 'white';

function placesText(
  counts: { registered: number; placesLeft: number | null; waiting: number },
  capacity: number | null,
) {
  if (capacity === null) return `${String(counts.registered)} booked, no limit on places`;
  const left = counts.placesLeft ?? 0;
  const main = left === 0 ? `Full (${String(capacity)} places)` : `${String(left)} of ${String(capacity)} places left`;
  return counts.waiting === 0 ? main : `${main}, ${String(counts.waiting)} on the waiting list`;
}

function statusTag(
  status: 'registered' | 'waiting' | 'not-registered',
  position: number | null,
): { text: string; colour: Colour } {
  if (status === 'registered') return { text: 'You have a place', colour: 'green' };
  if (status === 'waiting') return { text: `Waiting list, position ${String(position ?? '')}`, colour: 'yellow' };
  return { text: 'Not booked', colour: 'grey' };
}

function whereText(event: LearningEvent): string {
  if (event.venue !== null && event.onlineUrl !== null) return `${event.venue}, and online`;
  return event.venue ?? 'Online';
}

function audienceText(stages: readonly string[], cohorts: readonly string[]): string {
  const stagePart = stages.length === 0 ? 'All stages' : stages.join(', ');
  const cohortPart = cohorts.length === 0 ? '' : `; cohorts: ${cohorts.join(', ')}`;
  return `${stagePart}${cohortPart}`;
}

/** A horizontal bar per rating, drawn as SVG (with the numbers in a table beside it). */
function ratingChart(distribution: Record<number, number>) {
  const max = Math.max(1, ...Object.values(distribution));
  const rowHeight = 28;
  const labelWidth = 110;
  const barSpace = 220;
  return {
    width: labelWidth + barSpace + 40,
    height: rowHeight * 5,
    bars: [5, 4, 3, 2, 1].map((rating, index) => {
      const n = distribution[rating] ?? 0;
      return {
        label: `${String(rating)} ${RATING_LABELS[rating as keyof typeof RATING_LABELS]}`,
        y: index * rowHeight,
        textY: index * rowHeight + 19,
        x: labelWidth,
        width: Math.round((n / max) * barSpace),
        valueX: labelWidth + Math.round((n / max) * barSpace) + 6,
        value: n,
      };
    }),
  };
}

function summaryView(summary: FeedbackSummary) {
  return {
    ...summary,
    percentText: summary.responseRate.percent === null ? '' : ` (${String(summary.responseRate.percent)}%)`,
    ratings: summary.ratings.map((rating) => ({
      ...rating,
      meanText: rating.mean === null ? 'No ratings yet' : rating.mean.toFixed(1),
      rows: [5, 4, 3, 2, 1].map((value) => ({
        label: `${String(value)} – ${RATING_LABELS[value as keyof typeof RATING_LABELS]}`,
        count: rating.distribution[value as keyof typeof RATING_LABELS],
      })),
      chart: ratingChart(rating.distribution),
    })),
  };
}

function feedbackItems(questions: readonly FeedbackQuestion[], values: FormValues) {
  return questions.map((question) => ({
    ...question,
    value: values[question.id] === undefined || values[question.id] === null ? '' : String(values[question.id]),
    items:
      question.kind === 'rating'
        ? [5, 4, 3, 2, 1].map((value) => ({
            value: String(value),
            text: `${String(value)} – ${RATING_LABELS[value as keyof typeof RATING_LABELS]}`,
          }))
        : [],
  }));
}

export function eventsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  app.navigation.add({
    text: 'Events',
    href: '/events',
    roles: viewers,
    order: 31,
    description: 'Learning event days and tasters: book a place, check in, give feedback, add them to your calendar.',
  });
  app.tasks.add((principal, now) => feedback.learnerEventTasks(app.db, principal, now));
  // The day before an event, everyone with a place is reminded (unless a reminder was already sent by hand).
  app.schedule.add('event-reminders', 15 * 60_000, async (now) => {
    const reminded = await reminders.sendDueReminders(app.db, app.mailer, app.config.publicUrl, now);
    if (reminded > 0) void app.mailer.deliverPending();
  });

  // ----- Lists -----

  const listQuery = z.object({
    when: z.string().max(20).optional(),
    type: z.string().max(40).optional(),
    q: z.string().max(200).optional(),
    page: z.string().max(10).optional(),
  });

  routes.get('/events', { config: { access: viewers }, schema: { querystring: listQuery } }, async (request, reply) => {
    const ctx = context(request);
    if (hasRole(ctx.principal, ...staff)) {
      const query = request.query;
      const when = query.when === 'past' || query.when === 'cancelled' ? query.when : 'upcoming';
      const type = ACTIVITY_TYPES.find((item) => item === query.type);
      const q = query.q?.trim() ?? '';
      const page = await service.listStaffEvents(ctx, { when, type, q }, pageNumber(query.page));
      const filters = { when, type: type ?? '', q };
      return reply.page('events/views/list-staff.njk', {
        title: 'Events',
        page,
        filters,
        filtered: q !== '' || type !== undefined,
        mayCreate: hasRole(ctx.principal, ...managers),
        rows: page.items.map((event) => ({
          ...event,
          when: eventWhen(event),
          where: whereText(event),
          typeLabel: ACTIVITY_TYPE_LABELS[event.type],
          places:
            event.capacity === null
              ? `${String(event.registered)} booked`
              : `${String(event.registered)} of ${String(event.capacity)}`,
        })),
        whenItems: [
          { value: 'upcoming', text: 'Upcoming' },
          { value: 'past', text: 'Past' },
          { value: 'cancelled', text: 'Cancelled' },
        ],
        typeItems: [{ value: '', text: 'Any type' }, ...typeItems(type)],
        pager: paginationParams(page, '/events', { ...filters, page: undefined }),
      });
    }
    const mine = await service.listLearnerEvents(ctx);
    return reply.page('events/views/list-learner.njk', {
      title: 'Events',
      learner: mine.learner,
      upcoming: mine.upcoming.map((item) => ({
        ...item,
        when: eventWhen(item.event),
        where: whereText(item.event),
        typeLabel: ACTIVITY_TYPE_LABELS[item.event.type],
        places: placesText(item.counts, item.event.capacity),
        tag: statusTag(item.status, item.position),
      })),
      attended: mine.attended.map((event) => ({ ...event, when: eventWhen(event) })),
    });
  });

  // ----- Creating and editing -----

  async function renderForm(
    reply: FastifyReply,
    ctx: Context,
    options: {
      regionId: string;
      event?: LearningEvent;
      values: FormValues;
      errors?: FormErrors;
      status?: number;
    },
  ) {
    const choices = await service.eventChoices(ctx, options.regionId);
    const editing = options.event !== undefined;
    return reply.page(
      'events/views/form.njk',
      {
        title: editing ? `Change ${options.event?.title ?? 'event'}` : 'Create an event',
        event: options.event,
        action: editing ? `/events/${options.event?.id ?? ''}/edit` : '/events/new',
        cancelHref: editing ? `/events/${options.event?.id ?? ''}` : '/events',
        regionId: options.regionId,
        hasCurriculum: choices.content !== null,
        ...formView(choices, options.values),
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  const regionChoices = (ctx: Context) => regionsIn(ctx.db, teamRegions(ctx.principal));

  routes.get(
    '/events/new',
    { config: { access: managers }, schema: { querystring: z.object({ region: z.string().max(50).optional() }) } },
    async (request, reply) => {
      const ctx = context(request);
      const choices = await regionChoices(ctx);
      const region =
        choices.find((item) => item.id === request.query.region) ?? (choices.length === 1 ? choices[0] : undefined);
      if (region === undefined) {
        return reply.page('events/views/region.njk', {
          title: 'Create an event',
          regionItems: [
            { value: '', text: 'Select a region' },
            ...choices.map((item) => ({ value: item.id, text: item.name })),
          ],
        });
      }
      return renderForm(reply, ctx, {
        regionId: region.id,
        values: { type: 'learning-event-day', startTime: '09:30', endTime: '16:30' },
      });
    },
  );

  routes.post('/events/new', { config: { access: managers } }, async (request, reply) => {
    const ctx = context(request);
    const values = body(request);
    const regionId = text(values.regionId);
    if (!(await regionChoices(ctx)).some((region) => region.id === regionId)) throw new NotFoundError();
    values.date = { day: datePart(values, 'day'), month: datePart(values, 'month'), year: datePart(values, 'year') };
    const read = readEventForm(values, ctx.now, { creating: true });
    if (!read.ok) return renderForm(reply, ctx, { regionId, values, errors: toFormErrors(read.problems), status: 400 });
    try {
      const event = await service.createEvent(ctx, regionId, read.input);
      reply.flash('success', `${event.title} has been created. Learners it is for can now book a place.`);
      return await reply.redirect(`/events/${event.id}`);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const errors = addError(emptyErrors(), error.field ?? 'title', error.message);
      return renderForm(reply, ctx, { regionId, values, errors, status: 400 });
    }
  });

  routes.get(
    '/events/:id/edit',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await eventAccess(ctx, request.params.id);
      if (!access.manage) throw new NotFoundError();
      if (access.event.status === 'cancelled') {
        reply.flash('information', 'This event has been cancelled and cannot be changed.');
        return reply.redirect(`/events/${access.event.id}`);
      }
      return renderForm(reply, ctx, {
        regionId: access.event.regionId,
        event: access.event,
        values: eventValues(access.event),
      });
    },
  );

  routes.post(
    '/events/:id/edit',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await eventAccess(ctx, request.params.id);
      if (!access.manage) throw new NotFoundError();
      const values = body(request);
      values.date = { day: datePart(values, 'day'), month: datePart(values, 'month'), year: datePart(values, 'year') };
      const options = { regionId: access.event.regionId, event: access.event, values, status: 400 };
      const read = readEventForm(values, ctx.now, { creating: false });
      if (!read.ok) return renderForm(reply, ctx, { ...options, errors: toFormErrors(read.problems) });
      try {
        const { event, promoted } = await service.updateEvent(ctx, request.params.id, read.input);
        reply.flash(
          'success',
          promoted.length === 0
            ? `${event.title} has been changed.`
            : `${event.title} has been changed. ${promoted.length === 1 ? '1 learner was' : `${String(promoted.length)} learners were`} given a place from the waiting list and emailed.`,
        );
        void app.mailer.deliverPending();
        return await reply.redirect(`/events/${event.id}`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const errors = addError(emptyErrors(), error.field ?? 'title', error.message);
        return renderForm(reply, ctx, { ...options, errors });
      }
    },
  );

  // ----- Private calendar feed -----

  routes.get('/events/calendar', { config: { access: learners } }, async (request, reply) => {
    const ctx = context(request);
    const existing = await calendar.eventCalendarStatus(app.db, ctx.principal.userId);
    return reply.page('events/views/calendar.njk', {
      title: 'Add your events to your calendar',
      calendarUrl: null,
      calendarCreated: existing === undefined ? null : formatDate(existing.createdAt),
    });
  });

  routes.post('/events/calendar', { config: { access: learners } }, async (request, reply) => {
    const ctx = context(request);
    const existed = (await calendar.eventCalendarStatus(app.db, ctx.principal.userId)) !== undefined;
    const token = await calendar.issueEventCalendarToken(ctx);
    return reply.page('events/views/calendar.njk', {
      title: 'Add your events to your calendar',
      replaced: existed,
      calendarUrl: `${app.config.publicUrl}/events/calendar/${token}.ics`,
      calendarCreated: null,
    });
  });

  // The token in the address is the credential: calendar apps cannot sign in.
  routes.get(
    '/events/calendar/:file',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { params: z.object({ file: z.string().max(100) }) },
    },
    async (request, reply) => {
      const match = /^([A-Za-z0-9_-]{20,64})\.ics$/.exec(request.params.file);
      const feed =
        match?.[1] === undefined
          ? null
          : await calendar.eventCalendarFeed(app.db, match[1], app.config.publicUrl, request.now);
      if (feed === null) {
        reply.callNotFound();
        return reply;
      }
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="learning-events.ics"')
        .header('cache-control', 'private, no-store')
        .header('referrer-policy', 'no-referrer')
        .send(feed);
    },
  );

  // ----- One event -----

  async function renderEvent(
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

  routes.get(
    '/events/:id',
    { config: { access: viewers }, schema: { params: z.object({ id: z.string().max(80) }) } },
    async (request, reply) => {
      const ctx = context(request);
      const ics = /^([0-9a-f-]{36})\.ics$/i.exec(request.params.id);
      if (ics?.[1] !== undefined) {
        if (!z.uuid().safeParse(ics[1]).success) throw new NotFoundError();
        const file = await calendar.eventCalendar(ctx, ics[1]);
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', 'attachment; filename="event.ics"')
          .header('cache-control', 'private, no-store')
          .send(file.ics);
      }
      if (!z.uuid().safeParse(request.params.id).success) throw new NotFoundError();
      return renderEvent(reply, ctx, request.params.id);
    },
  );

  routes.post(
    '/events/:id/book',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      try {
        const outcome = await attendance.registerForEvent(ctx, request.params.id);
        const messages = {
          registered: 'You have a place. We have added it to your events; you can add it to your calendar too.',
          waiting:
            'The event is full, so you are on the waiting list. If a place becomes free it will be given to you automatically and we will email you.',
          'already-registered': 'You already have a place at this event.',
          'already-waiting': 'You are already on the waiting list for this event.',
        } as const;
        reply.flash(
          outcome === 'waiting' || outcome.startsWith('already') ? 'information' : 'success',
          messages[outcome],
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      void app.mailer.deliverPending();
      return reply.redirect(`/events/${request.params.id}`);
    },
  );

  routes.get(
    '/events/:id/cancel-place',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const view = await service.getEvent(context(request), request.params.id);
      const back = `/events/${view.event.id}`;
      if (view.mine === null) return reply.redirect(back);
      const waiting = view.mine.status === 'waiting';
      return reply.page('events/views/confirm.njk', {
        title: waiting ? `Leave the waiting list for ${view.event.title}` : `Cancel your place at ${view.event.title}`,
        caption: `${view.event.title}, ${eventWhen(view.event)}`,
        heading: waiting
          ? 'Are you sure you want to leave the waiting list?'
          : 'Are you sure you want to cancel your place?',
        body: waiting
          ? 'If you ask again later, you will join the back of the waiting list.'
          : view.counts.waiting > 0
            ? 'Your place will be given to the first person on the waiting list. If you change your mind you may have to join the waiting list.'
            : 'Your place will be free for someone else to book.',
        buttonText: waiting ? 'Leave the waiting list' : 'Cancel my place',
        action: `${back}/cancel-place`,
        cancelHref: back,
        cancelText: waiting ? 'Stay on the waiting list' : 'Keep my place',
      });
    },
  );

  routes.post(
    '/events/:id/cancel-place',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      try {
        const { outcome } = await attendance.cancelPlace(context(request), request.params.id);
        const messages = {
          cancelled: 'Your place has been cancelled.',
          'left-waiting-list': 'You have left the waiting list.',
          'not-registered': 'You did not have a place at this event.',
        } as const;
        reply.flash(outcome === 'not-registered' ? 'information' : 'success', messages[outcome]);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      void app.mailer.deliverPending();
      return reply.redirect(`/events/${request.params.id}`);
    },
  );

  routes.post(
    '/events/:id/check-in',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const values = body(request);
      try {
        const outcome = await attendance.checkIn(ctx, request.params.id, text(values.code));
        reply.flash(
          'success',
          outcome === 'checked-in'
            ? 'You have checked in. Your attendance is recorded in your progress.'
            : 'You had already checked in.',
        );
        return await reply.redirect(`/events/${request.params.id}`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return renderEvent(reply, ctx, request.params.id, {
          values,
          errors: addError(emptyErrors(), 'code', error.message),
          status: 400,
        });
      }
    },
  );

  // ----- For organisers -----

  routes.get(
    '/events/:id/code',
    { config: { access: staff }, schema: { params: idParams } },
    async (request, reply) => {
      const view = await attendance.checkInCode(context(request), request.params.id);
      return reply.page('events/views/code.njk', {
        title: `Check-in code for ${view.event.title}`,
        ...view,
        displayCode: displayCheckInCode(view.code),
        spelledCode: displayCheckInCode(view.code)
          .replace(/-/g, ',')
          .replace(/(.)(?=.)/g, '$1 '),
        when: eventWhen(view.event),
        opensText: `${formatTime(view.opensAt)} on ${formatDate(view.opensAt)}`,
        closesText: `${formatTime(view.closesAt)} on ${formatDate(view.closesAt)}`,
      });
    },
  );

  routes.get(
    '/events/:id/attendance',
    { config: { access: staff }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const view = await service.getEvent(ctx, request.params.id);
      if (!view.organise) throw new NotFoundError();
      return reply.page('events/views/attendance.njk', {
        title: `Register for ${view.event.title}`,
        ...view,
        when: eventWhen(view.event),
        open: view.event.status === 'scheduled' && view.checkInOpensAt.getTime() <= ctx.now.getTime(),
        checkInOpensText: `${formatTime(view.checkInOpensAt)} on ${formatDate(view.checkInOpensAt)}`,
        attendeeItems: view.registered.map((person) => ({
          value: person.id,
          text: person.name,
          hint: {
            text: person.attended
              ? person.checkedInBy === 'self'
                ? `Checked in with the code${person.checkedInAt === null ? '' : ` at ${formatTime(person.checkedInAt)}`}`
                : 'Marked on the register'
              : person.email,
          },
          checked: person.attended,
        })),
      });
    },
  );

  routes.post(
    '/events/:id/attendance',
    { config: { access: staff }, schema: { params: idParams } },
    async (request, reply) => {
      try {
        const done = await attendance.markRegister(context(request), request.params.id, list(body(request).attended));
        reply.flash(
          'success',
          done.marked + done.unmarked === 0
            ? 'The register has been saved. Nothing changed.'
            : `The register has been saved: ${String(done.marked)} marked attended, ${String(done.unmarked)} marked not attended.`,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(`/events/${request.params.id}/attendance`);
    },
  );

  routes.get(
    '/events/:id/feedback/summary',
    { config: { access: staff }, schema: { params: idParams } },
    async (request, reply) => {
      const { event, summary } = await feedback.feedbackSummary(context(request), request.params.id);
      return reply.page('events/views/summary.njk', {
        title: `Feedback on ${event.title}`,
        event,
        when: eventWhen(event),
        summary: summaryView(summary),
        percentText: summaryView(summary).percentText,
      });
    },
  );

  routes.post(
    '/events/:id/reminder',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      try {
        const n = await reminders.sendReminder(context(request), request.params.id);
        reply.flash(
          'success',
          `A reminder has been emailed to the ${n === 1 ? '1 learner' : `${String(n)} learners`} with a place.`,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      void app.mailer.deliverPending();
      return reply.redirect(`/events/${request.params.id}`);
    },
  );

  async function renderCancel(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const view = await service.getEvent(ctx, id);
    if (!view.manage) throw new NotFoundError();
    return reply.page(
      'events/views/cancel.njk',
      {
        title: `Cancel ${view.event.title}`,
        ...view,
        when: eventWhen(view.event),
        values: options.values ?? {},
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/events/:id/cancel',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await eventAccess(ctx, request.params.id);
      if (access.manage && access.event.status === 'cancelled') return reply.redirect(`/events/${access.event.id}`);
      return renderCancel(reply, ctx, request.params.id);
    },
  );

  routes.post(
    '/events/:id/cancel',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const values = body(request);
      const reason = text(values.reason);
      const errors = emptyErrors();
      if (reason === '') addError(errors, 'reason', 'Enter the reason for cancelling, which learners will be told');
      else if (reason.length > REASON_LIMIT)
        addError(errors, 'reason', `Reason must be ${String(REASON_LIMIT)} characters or fewer`);
      if (errors.list.length > 0) return renderCancel(reply, ctx, request.params.id, { values, errors, status: 400 });
      try {
        const n = await service.cancelEvent(ctx, request.params.id, reason);
        reply.flash(
          'success',
          `The event has been cancelled. ${n === 0 ? 'Nobody had booked.' : `${n === 1 ? '1 learner has' : `${String(n)} learners have`} been emailed.`}`,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      void app.mailer.deliverPending();
      return reply.redirect(`/events/${request.params.id}`);
    },
  );

  // ----- Feedback, for learners who attended -----

  async function renderFeedback(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const { event, answers } = await feedback.feedbackForm(ctx, id);
    const values = options.values ?? answers ?? {};
    return reply.page(
      'events/views/feedback.njk',
      {
        title: `Feedback on ${event.title}`,
        event,
        when: eventWhen(event),
        editing: answers !== null,
        questions: feedbackItems(event.feedbackQuestions, values),
        values,
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/events/:id/feedback',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => renderFeedback(reply, context(request), request.params.id),
  );

  routes.post(
    '/events/:id/feedback',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const values = body(request);
      const form: Record<string, string> = {};
      for (const [key, value] of Object.entries(values)) if (typeof value === 'string') form[key] = value;
      const result = await feedback.submitFeedback(ctx, request.params.id, form);
      if (!result.ok) {
        const errors = emptyErrors();
        for (const problem of result.problems) {
          if (errors.fields[problem.path] !== undefined) continue;
          errors.fields[problem.path] = { text: problem.message };
          errors.list.push({ text: problem.message, href: `#${problem.path}` });
        }
        return renderFeedback(reply, ctx, request.params.id, { values: form, errors, status: 400 });
      }
      reply.flash('success', 'Thank you. Your feedback has been sent to the organisers.');
      return reply.redirect(`/events/${request.params.id}`);
    },
  );
}
