/**
 * Supervisor meetings (initial, mid-point, end of placement) and the personal development plan: recording a meeting
 * (by the learner, or by one of their supervisors), the plan page with the meetings due in each placement, and the
 * supervisor's task for meetings overdue. Every form works without JavaScript: "Add another goal" posts the form and
 * it comes back with one more row.
 */
import { writtenRow } from './entry-view.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { RuleError } from '../../platform/errors.ts';
import { PROGRAMME_TEAM, SUPERVISORS } from '../../platform/policy.ts';
import { formatDate } from '../../platform/web/format.ts';
import { postedBody, postedText, problemErrors, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { datePartsOf, nhsDateRange } from '../../shared/dates.ts';
import { ENTRY_STATUS_LABELS, ENTRY_STATUS_TAGS } from './domain/entries.ts';
import {
  GOAL_STATUS_LABELS,
  MAX_NEW_GOALS,
  MEETING_TYPES,
  MEETING_TYPE_LABELS,
  isMeetingType,
  type MeetingStatus,
} from './domain/meetings.ts';
import * as service from './meetings-service.ts';
import type { MeetingFormContext, Recorder } from './meetings-service.ts';
import { learnerAccess } from './policy.ts';
import * as repository from './repository.ts';

const learnerParams = z.object({ learnerId: z.uuid() });
const newQuery = z.object({ placement: z.string().max(40).optional() });

const MEETING_STATUS_TAGS: Record<MeetingStatus, { text: string; classes: string }> = {
  done: { text: 'Done', classes: 'nhsuk-tag--green' },
  due: { text: 'Due', classes: 'nhsuk-tag--yellow' },
  overdue: { text: 'Overdue', classes: 'nhsuk-tag--red' },
  not_yet: { text: 'Not yet due', classes: 'nhsuk-tag--grey' },
};

function textOf(values: FormValues, field: string): string {
  const value = values[field];
  return typeof value === 'string' ? value : '';
}

function placementLabel(placement: { specialty: string; postCode: string }): string {
  return `${placement.specialty} (${placement.postCode})`;
}

/** The type a new meeting most likely is: the first of the placement's meetings not yet held that is due. */
function likelyType(form: MeetingFormContext, placementId: string, now: Date): string {
  const placement = form.placements.find((p) => p.id === placementId);
  if (placement === undefined) return '';
  const [meetings] = service.placementMeetings([placement], form.held, now);
  const open = meetings?.due.find((meeting) => meeting.status === 'due' || meeting.status === 'overdue');
  return open?.type ?? '';
}

export function meetingsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  app.tasks.add((principal, now) => service.overdueMeetingTasks(app.db, principal, now));

  function paths(form: MeetingFormContext) {
    const own = form.recorder === 'learner';
    const learnerId = form.access.learner.id;
    return {
      action: own ? '/portfolio/new/supervisor-meeting' : `/portfolio/learners/${learnerId}/meetings/new`,
      back: own ? '/portfolio/pdp' : `/portfolio/learners/${learnerId}/pdp`,
    };
  }

  async function renderForm(
    reply: FastifyReply,
    ctx: Context,
    form: MeetingFormContext,
    options: {
      values: FormValues;
      errors?: FormErrors | undefined;
      warnings?: string[];
      draftSavedAt?: Date | undefined;
      status?: number;
    },
  ) {
    const { values } = options;
    const own = form.recorder === 'learner';
    const placementId = textOf(values, 'placementId') || (form.defaultPlacement?.id ?? '');
    const type = textOf(values, 'type') || likelyType(form, placementId, ctx.now);
    const supervisorId = textOf(values, 'supervisorUserId');
    const rows = service.goalRowCount(values);
    const warnings = options.warnings ?? [];
    return reply.page(
      'portfolio/views/meeting-form.njk',
      {
        title: 'Record a supervisor meeting',
        learner: form.access.learner,
        own,
        ...paths(form),
        noPlacements: form.placements.length === 0,
        values,
        errors: options.errors,
        draftSavedAt: options.draftSavedAt,
        warnings,
        warningsSeen: warnings.join(' | '),
        typeItems: MEETING_TYPES.map((value) => ({
          value,
          text: MEETING_TYPE_LABELS[value],
          checked: value === type,
        })),
        placementItems: form.placements.map((placement) => ({
          value: placement.id,
          text: placementLabel(placement),
          hint: { text: nhsDateRange(placement.startsOn, placement.endsOn) },
          checked: placement.id === placementId,
        })),
        heldOn: datePartsOf(values, 'heldOn'),
        supervisorItems: own
          ? service.supervisorOptions(form, placementId).map((option) => ({
              value: option.id,
              text: `${option.name} (${option.role})`,
              checked: option.id === supervisorId,
            }))
          : [],
        reviews: form.plan.map((goal, n) => {
          const statusField = service.reviewField(goal.id, 'status');
          const status = textOf(values, statusField);
          return {
            number: n + 1,
            text: goal.text,
            target: goal.targetDate === null ? 'No target date' : `Target date ${formatDate(goal.targetDate)}`,
            statusField,
            noteField: service.reviewField(goal.id, 'note'),
            note: textOf(values, service.reviewField(goal.id, 'note')),
            items: [
              { value: 'achieved', text: 'Achieved', checked: status === 'achieved' },
              { value: 'open', text: 'Still open: carry it over', checked: status === 'open' },
              { value: 'dropped', text: 'Dropped', checked: status === 'dropped' },
            ],
          };
        }),
        goalRows: Array.from({ length: rows }, (_, n) => ({
          number: n + 1,
          textField: service.goalField(n, 'text'),
          dateField: service.goalField(n, 'targetDate'),
          text: textOf(values, service.goalField(n, 'text')),
          date: datePartsOf(values, service.goalField(n, 'targetDate')),
        })),
        mayAddGoal: rows < MAX_NEW_GOALS,
        maxGoals: MAX_NEW_GOALS,
      },
      options.status ?? 200,
    );
  }

  async function showForm(request: FastifyRequest, reply: FastifyReply, learnerId: string, recorder: Recorder) {
    const ctx = context(request);
    if (recorder === 'supervisor') {
      // The programme team sees the portfolio's "Record a meeting" link too: it is the supervisors' to record.
      const access = await learnerAccess(ctx, learnerId);
      if (access.own || !access.supervisor) {
        reply.flash('information', `Only ${access.learner.name}’s supervisors can record a meeting with them.`);
        return reply.redirect(`/portfolio/learners/${learnerId}/pdp`);
      }
    }
    const form = await service.meetingFormContext(ctx, learnerId, recorder);
    const draft = await service.draftOf(ctx, learnerId);
    const query = newQuery.safeParse(request.query);
    const chosen = query.success ? query.data.placement : undefined;
    const values: FormValues =
      draft === undefined
        ? chosen !== undefined && form.placements.some((p) => p.id === chosen)
          ? { placementId: chosen }
          : {}
        : { ...draft.values };
    return renderForm(reply, ctx, form, { values, draftSavedAt: draft?.savedAt });
  }

  async function saveForm(request: FastifyRequest, reply: FastifyReply, learnerId: string, recorder: Recorder) {
    const ctx = context(request);
    const posted = postedBody(request);
    const form = await service.meetingFormContext(ctx, learnerId, recorder);
    if (postedText(posted.action) === 'add-goal') {
      const values = service.withGoalRowAdded(posted);
      await service.keepMeetingDraft(ctx, learnerId, values);
      return renderForm(reply, ctx, form, { values });
    }
    const read = service.readMeetingForm(posted, form, ctx.principal, ctx.now);
    if (!read.ok) {
      await service.keepMeetingDraft(ctx, learnerId, posted);
      return renderForm(reply, ctx, form, {
        values: posted,
        errors: problemErrors(read.problems),
        warnings: read.warnings,
        status: 400,
      });
    }
    // Advice (a meeting held early, one of this type already recorded) is shown once before the save, not after.
    if (read.warnings.length > 0 && postedText(posted.warningsSeen) !== read.warnings.join(' | ')) {
      await service.keepMeetingDraft(ctx, learnerId, posted);
      return renderForm(reply, ctx, form, { values: posted, warnings: read.warnings });
    }
    try {
      const entry = await service.recordMeeting(ctx, learnerId, recorder, read.data);
      reply.flash(
        'success',
        recorder === 'supervisor'
          ? `The meeting is recorded and signed off. ${form.access.learner.name} can read it and add a comment.`
          : `The meeting is recorded. ${read.data.supervisorName} will be asked to confirm it by signing it off.`,
      );
      return await reply.redirect(`/portfolio/entries/${entry.id}`);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const field = error.field ?? 'discussion';
      return renderForm(reply, ctx, form, {
        values: posted,
        errors: problemErrors([{ field, href: `#${field}`, message: error.message }]),
        status: 400,
      });
    }
  }

  async function discardDraft(request: FastifyRequest, reply: FastifyReply, learnerId: string, recorder: Recorder) {
    const ctx = context(request);
    const form = await service.meetingFormContext(ctx, learnerId, recorder);
    await service.discardMeetingDraft(ctx, learnerId);
    reply.flash('success', 'Your unsaved meeting record was deleted.');
    return reply.redirect(paths(form).action);
  }

  // ----- The learner records a meeting -----

  routes.get(
    '/portfolio/new/supervisor-meeting',
    { config: { access: ['learner'] }, schema: { querystring: newQuery } },
    async (request, reply) => showForm(request, reply, context(request).principal.userId, 'learner'),
  );
  routes.post('/portfolio/new/supervisor-meeting', { config: { access: ['learner'] } }, async (request, reply) =>
    saveForm(request, reply, context(request).principal.userId, 'learner'),
  );
  routes.post(
    '/portfolio/new/supervisor-meeting/discard-draft',
    { config: { access: ['learner'] } },
    async (request, reply) => discardDraft(request, reply, context(request).principal.userId, 'learner'),
  );

  // ----- A supervisor records a meeting with their learner -----

  routes.get(
    '/portfolio/learners/:learnerId/meetings/new',
    {
      config: { access: [...SUPERVISORS, ...PROGRAMME_TEAM] },
      schema: { params: learnerParams, querystring: newQuery },
    },
    async (request, reply) => showForm(request, reply, request.params.learnerId, 'supervisor'),
  );
  routes.post(
    '/portfolio/learners/:learnerId/meetings/new',
    { config: { access: SUPERVISORS }, schema: { params: learnerParams } },
    async (request, reply) => saveForm(request, reply, request.params.learnerId, 'supervisor'),
  );
  routes.post(
    '/portfolio/learners/:learnerId/meetings/new/discard-draft',
    { config: { access: SUPERVISORS }, schema: { params: learnerParams } },
    async (request, reply) => discardDraft(request, reply, request.params.learnerId, 'supervisor'),
  );

  // ----- The personal development plan -----

  async function pdpPage(reply: FastifyReply, ctx: Context, learnerId: string) {
    const plan = await service.pdp(ctx, learnerId);
    const { access } = plan;
    const supervisor = !access.own && access.supervisor;
    const recordHref = access.own
      ? '/portfolio/new/supervisor-meeting'
      : supervisor
        ? `/portfolio/learners/${learnerId}/meetings/new`
        : null;
    return reply.page('portfolio/views/meeting-pdp.njk', {
      title: access.own ? 'My personal development plan' : `${access.learner.name}’s personal development plan`,
      own: access.own,
      learner: access.learner,
      backHref: access.own ? '/portfolio' : `/portfolio/learners/${learnerId}`,
      recordHref,
      open: plan.open.map((goal) => ({
        text: goal.text,
        target: goal.targetDate === null ? null : formatDate(goal.targetDate),
        overdue: goal.overdue,
        carried: goal.carriedFrom !== null,
        meetingHref: goal.entryId === null ? null : `/portfolio/entries/${goal.entryId}`,
      })),
      overdueCount: plan.open.filter((goal) => goal.overdue).length,
      closed: plan.closed.map((goal) => ({
        text: goal.text,
        status: GOAL_STATUS_LABELS[goal.status],
        tag: goal.status === 'achieved' ? 'nhsuk-tag--green' : 'nhsuk-tag--grey',
        note: goal.reviewNote ?? '',
        on: formatDate(goal.updatedAt),
      })),
      placements: plan.placements.map(({ placement, due, held }) => ({
        label: placementLabel(placement),
        dates: nhsDateRange(placement.startsOn, placement.endsOn),
        recordHref: recordHref === null ? null : `${recordHref}?placement=${placement.id}`,
        rows: due.map((meeting) => {
          const record = held.filter((h) => h.type === meeting.type).at(-1);
          return {
            type: MEETING_TYPE_LABELS[meeting.type],
            status: MEETING_STATUS_TAGS[meeting.status],
            when:
              meeting.heldOn === null
                ? `Due ${nhsDateRange(meeting.opensOn.toISOString().slice(0, 10), meeting.dueBy.toISOString().slice(0, 10))}`
                : `Held ${formatDate(meeting.heldOn)}`,
            href: record === undefined ? null : `/portfolio/entries/${record.entryId}`,
          };
        }),
      })),
      meetings: [...plan.meetings].reverse().map((meeting) => ({
        title: meeting.title,
        href: `/portfolio/entries/${meeting.entryId}`,
        heldOn: formatDate(meeting.heldOn),
        status: { text: ENTRY_STATUS_LABELS[meeting.status], classes: ENTRY_STATUS_TAGS[meeting.status] },
      })),
    });
  }

  routes.get('/portfolio/pdp', { config: { access: ['learner'] } }, async (request, reply) => {
    const ctx = context(request);
    return pdpPage(reply, ctx, ctx.principal.userId);
  });

  routes.get(
    '/portfolio/learners/:learnerId/pdp',
    { config: { access: [...SUPERVISORS, ...PROGRAMME_TEAM] }, schema: { params: learnerParams } },
    async (request, reply) => pdpPage(reply, context(request), request.params.learnerId),
  );
}

/** The meeting entry's page: its record, the plan's review and the goals set at it (kind-views.ts). */
export async function meetingKindView(
  ctx: Context,
  access: { entry: repository.Entry; own: boolean; learner: { id: string } },
): Promise<Record<string, unknown>> {
  const { entry } = access;
  const document = entry.document as Partial<{
    type: string;
    placementId: string;
    supervisorUserId: string;
    supervisorName: string;
    discussion: string;
    agreedActions: string;
    learnerComment: string;
    reviews: { text: string; status: 'open' | 'achieved' | 'dropped'; note: string }[];
  }>;
  const [placement, goals] = await Promise.all([
    service.placementOf(ctx.db, entry.learnerUserId, document.placementId ?? ''),
    service.goalsSetAtMeeting(ctx.db, entry.id),
  ]);
  const rows: [string, string][] = [
    ['Type', isMeetingType(document.type ?? '') ? MEETING_TYPE_LABELS[document.type as 'initial'] : ''],
    [
      'Placement',
      placement === undefined
        ? 'No longer on record'
        : `${placementLabel(placement)}, ${nhsDateRange(placement.startsOn, placement.endsOn)}`,
    ],
    ['Supervisor', document.supervisorName ?? ''],
    ['Date held', formatDate(entry.occurredOn)],
    ['What was discussed', document.discussion ?? ''],
    [
      'Agreed actions',
      document.agreedActions === '' || document.agreedActions === undefined ? 'None recorded' : document.agreedActions,
    ],
  ];
  if (document.learnerComment !== undefined && document.learnerComment !== '') {
    rows.push(['Learner’s comment', document.learnerComment]);
  }
  return {
    meetingRows: rows.map(([key, value]) => writtenRow(key, value)),
    recordedBySupervisor: entry.createdBy !== null && entry.createdBy !== entry.learnerUserId,
    awaitingFrom: entry.status === 'awaiting_sign_off' ? (document.supervisorName ?? 'their supervisor') : null,
    reviews: (document.reviews ?? []).map((review) => ({
      text: review.text,
      status: review.status === 'open' ? 'Still open: carried over' : GOAL_STATUS_LABELS[review.status],
      note: review.note,
    })),
    goals: goals.map((goal) => ({
      text: goal.text,
      target: goal.targetDate === null ? 'No target date' : formatDate(goal.targetDate),
      carried: goal.carriedFrom !== null,
      status: GOAL_STATUS_LABELS[goal.status],
    })),
    pdpHref: access.own ? '/portfolio/pdp' : `/portfolio/learners/${access.learner.id}/pdp`,
  };
}
