/**
 * The event form: what was posted, read into an event's fields (with every problem, in the order the fields appear),
 * and the values and choices the form shows. Times are typed in UK time, as the event is held.
 */
import {
  postedList as list,
  postedText as text,
  type FieldProblem,
  type FormReader,
  type FormValues,
} from '../../platform/web/forms.ts';
import { londonParts, londonTime } from '../../shared/london-time.ts';
import { readDateInput, readTime } from '../../shared/dates.ts';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, MAX_OUTCOMES_PER_ITEM } from '../curriculum/index.ts';
import type { EventChoices, EventInput, LearningEvent } from './service.ts';

const TITLE_LIMIT = 200;
const DESCRIPTION_LIMIT = 5000;
const VENUE_LIMIT = 300;
const URL_LIMIT = 500;
const MAX_CAPACITY = 10_000;

/** The event form as submitForm reads it, at the request's time. */
export function eventForm(now: Date, creating: boolean): FormReader<EventInput> {
  return (values) => {
    const read = readEventForm(values, now, { creating });
    return read.ok ? { ok: true, data: read.input } : read;
  };
}

/** The posted event form as an EventInput, or the problems in the order the fields appear. */
export function readEventForm(
  values: Record<string, unknown>,
  now: Date,
  options: { creating: boolean },
): { ok: true; input: EventInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
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
  const read = readDateInput(values, 'date', 'Date', { example: '27 3 2027', empty: 'Enter the date of the event' });
  if (!read.ok) problem('date', read.message, '#date-day');
  const [y, m, d] = read.ok ? (read.date.split('-').map(Number) as [number, number, number]) : [0, 0, 0];
  const date = read.ok ? { d, m, y } : null;
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
export function eventValues(event: LearningEvent): FormValues {
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

export function typeItems(selected: unknown) {
  return ACTIVITY_TYPES.map((type) => ({ value: type, text: ACTIVITY_TYPE_LABELS[type], selected: type === selected }));
}

export function formView(choices: EventChoices, values: FormValues) {
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
