/**
 * Multi-source feedback: the learner starts a round and follows it on the entry's page (reminders, more raters,
 * closing early), raters answer through their emailed link with no account, and the learner's educational
 * supervisor reads the anonymous summary and releases it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { RuleError } from '../../platform/errors.ts';
import { SUPERVISORS } from '../../platform/policy.ts';
import { formatDate } from '../../platform/web/format.ts';
import {
  postedBody,
  postedText,
  problemErrors,
  type FieldProblem,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { datePartsOf } from '../../shared/dates.ts';
import {
  MSF_COMMENT_MAX,
  MSF_DOMAINS,
  MSF_MIN_RATERS,
  MSF_MIN_RESPONSES_FOR_SUMMARY,
  MSF_RATINGS,
  MSF_RATING_LABELS,
  MSF_ROLE_HINT,
  MSF_STATE_LABELS,
  mayRelease,
  mayRemind,
  type MsfDomainKey,
  type MsfState,
  type MsfSummary,
} from './domain/msf.ts';
import type { EntryAccess } from './policy.ts';
import * as msf from './msf-service.ts';

const learners = ['learner'] as const;
const idParams = z.object({ id: z.uuid() });
const tokenParams = z.object({ token: z.string().min(20).max(100) });
const PUBLIC = { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } } as const;

const STATE_TAGS: Record<MsfState, string> = {
  not_started: 'nhsuk-tag--grey',
  collecting: 'nhsuk-tag--blue',
  ready_for_review: 'nhsuk-tag--yellow',
  closed_too_few: 'nhsuk-tag--red',
  released: 'nhsuk-tag--green',
};

/** What each domain asks about, after the team assessment of behaviour's own descriptions. */
const DOMAIN_HINTS: Record<MsfDomainKey, string> = {
  trust:
    'For example: listens, is polite and caring, and respects patients’ opinions, privacy and dignity without prejudice.',
  communication:
    'For example: gives information patients and colleagues understand, at the right level, in good spoken English.',
  teamwork:
    'For example: respects others’ roles, works constructively in the team, hands over well, and is supportive and fair.',
  accessibility:
    'For example: can be found when needed, takes proper responsibility, responds when called and arranges cover.',
};

/** Errors where each line of a rater list has its own entry in the summary, all linking to the list. */
function formErrors(problems: readonly FieldProblem[]): FormErrors {
  return problemErrors(problems);
}

/** The messages of a form's errors that belong to the rater list, for the list's own error message. */
function raterMessages(errors: FormErrors | undefined): string[] {
  return (errors?.list ?? []).filter((item) => item.href === '#raters').map((item) => item.text);
}

function summaryModel(summary: MsfSummary | null) {
  if (summary === null) return null;
  return {
    responseCount: summary.responseCount,
    invitedCount: summary.invitedCount,
    anonymityOk: summary.anonymityOk,
    valid: summary.valid,
    concernsRaised: summary.concernsRaised,
    minimum: MSF_MIN_RESPONSES_FOR_SUMMARY,
    validMinimum: MSF_MIN_RATERS,
    head: [
      { text: 'Domain' },
      ...MSF_RATINGS.map((rating) => ({ text: MSF_RATING_LABELS[rating], format: 'numeric' })),
    ],
    rows: summary.domains.map((domain) => [
      { text: domain.title },
      ...MSF_RATINGS.map((rating) => ({ text: String(domain.counts[rating]), format: 'numeric' })),
    ]),
    domains: summary.domains.map((domain) => ({ title: domain.title, comments: domain.comments })),
    comments: summary.comments,
  };
}

const byName = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** The MSF part of the entry page, as each person may see it (registered in kind-views.ts). */
export async function msfEntryView(ctx: Context, access: EntryAccess): Promise<Record<string, unknown>> {
  const { standing, raters, summary } = await msf.roundView(ctx, access);
  const { state, document } = standing;
  const closedAt = msf.closingTime(document);
  const waiting = raters.filter((rater) => rater.respondedAt === null);
  const release = mayRelease({
    invited: standing.invited,
    responses: standing.responses,
    closedAt,
    releasedAt: document.releasedAt === null ? null : new Date(document.releasedAt),
    now: ctx.now,
    reviewed: true,
  });
  return {
    msf: {
      state,
      stateLabel: MSF_STATE_LABELS[state],
      stateTag: STATE_TAGS[state],
      open: standing.open,
      closesOn: formatDate(document.closesOn),
      closedEarly: document.closedAt === null ? null : formatDate(document.closedAt),
      releasedOn: document.releasedAt === null ? null : formatDate(document.releasedAt),
      invited: standing.invited,
      responded: standing.responses,
      minimum: MSF_MIN_RESPONSES_FOR_SUMMARY,
      validMinimum: MSF_MIN_RATERS,
      // Names only, and only of those who have not answered: never who gave which answer.
      waiting: access.own ? waiting.map((rater) => rater.name).sort(byName.compare) : [],
      remindable: access.own && standing.open ? waiting.filter((rater) => mayRemind(rater, ctx.now)).length : 0,
      mayManage: access.own && standing.open,
      roleHint: MSF_ROLE_HINT,
      summary: summaryModel(summary),
      educationalSupervisor: access.educationalSupervisor,
      mayRelease: access.educationalSupervisor && release.ok,
      releaseBlocked: access.educationalSupervisor && !release.ok && state !== 'released' ? release.reason : null,
    },
  };
}

export function msfRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  app.tasks.add((principal, now) => msf.reviewTasks(app.db, principal, now));

  // ----- Starting a round -----

  function renderStart(
    reply: FastifyReply,
    ctx: Context,
    options: { values: FormValues; errors?: FormErrors; warnings?: string[]; checked?: boolean; status?: number },
  ) {
    const defaults = msf.startDefaults(ctx.now);
    return reply.page(
      'portfolio/views/msf-new.njk',
      {
        title: 'Start multi-source feedback',
        values: options.values,
        closesOn: datePartsOf(options.values, 'closesOn'),
        earliest: defaults.earliest,
        roleHint: MSF_ROLE_HINT,
        minimum: MSF_MIN_RATERS,
        errors: options.errors,
        raterErrors: raterMessages(options.errors),
        warnings: options.warnings ?? [],
        checked: options.checked === true,
      },
      options.status ?? 200,
    );
  }

  routes.get('/portfolio/new/multi-source-feedback', { config: { access: learners } }, async (request, reply) => {
    const ctx = context(request);
    return renderStart(reply, ctx, { values: { title: msf.startDefaults(ctx.now).title } });
  });

  routes.post('/portfolio/new/multi-source-feedback', { config: { access: learners } }, async (request, reply) => {
    const ctx = context(request);
    const values = postedBody(request);
    const read = msf.readStartForm(values, ctx.principal.email, ctx.now);
    const errors = read.ok ? undefined : formErrors(read.problems);
    if (!read.ok || postedText(values.action) === 'check') {
      return renderStart(reply, ctx, {
        values,
        errors,
        warnings: read.warnings,
        checked: read.ok,
        status: read.ok ? 200 : 400,
      });
    }
    let entry: { id: string };
    try {
      entry = await msf.startRound(ctx, read.data);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return renderStart(reply, ctx, {
        values,
        errors: formErrors([{ field: 'title', href: '#title', message: error.message }]),
        status: 400,
      });
    }
    void app.mailer.deliverPending();
    reply.flash(
      'success',
      `Your ${String(read.data.raters.length)} raters have been emailed their links.${
        read.warnings.length > 0 ? ` ${read.warnings.join('. ')}.` : ''
      }`,
    );
    return reply.redirect(`/portfolio/entries/${entry.id}`);
  });

  // ----- The learner's round -----

  routes.post(
    '/portfolio/entries/:id/msf/remind',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      try {
        const sent = await msf.remindRaters(context(request), request.params.id);
        void app.mailer.deliverPending();
        reply.flash('success', `A reminder was sent to ${String(sent)} ${sent === 1 ? 'rater' : 'raters'}.`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(`/portfolio/entries/${request.params.id}`);
    },
  );

  // Closing early stops raters from answering, so the learner is asked first, with how many have answered.
  routes.get(
    '/portfolio/entries/:id/msf/close',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      let found: Awaited<ReturnType<typeof msf.roundToClose>>;
      try {
        found = await msf.roundToClose(context(request), request.params.id);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
        return reply.redirect(`/portfolio/entries/${request.params.id}`);
      }
      const { entry, standing } = found;
      return reply.page('portfolio/views/msf-close.njk', {
        title: 'Are you sure you want to close the round now?',
        entry,
        invited: standing.invited,
        responded: standing.responses,
        waiting: standing.invited - standing.responses,
        minimum: MSF_MIN_RESPONSES_FOR_SUMMARY,
        closesOn: formatDate(standing.document.closesOn),
      });
    },
  );

  routes.post(
    '/portfolio/entries/:id/msf/close',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      try {
        const standing = await msf.closeRound(context(request), request.params.id);
        reply.flash(
          'success',
          standing.state === 'closed_too_few'
            ? `The round is closed. With fewer than ${String(MSF_MIN_RESPONSES_FOR_SUMMARY)} responses the summary cannot be released: agree a new round with your educational supervisor.`
            : 'The round is closed. Your educational supervisor can now read the summary and release it to you.',
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(`/portfolio/entries/${request.params.id}`);
    },
  );

  routes.post(
    '/portfolio/entries/:id/msf/raters',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const values = postedBody(request);
      const text = typeof values.raters === 'string' ? values.raters : '';
      let outcome: msf.AddRatersOutcome;
      try {
        outcome = await msf.addRaters(ctx, request.params.id, text);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
        return reply.redirect(`/portfolio/entries/${request.params.id}`);
      }
      if (!outcome.ok) {
        const errors = formErrors(outcome.problems);
        return reply.page(
          'portfolio/views/msf-raters.njk',
          {
            title: 'Add more raters',
            entryId: request.params.id,
            values,
            errors,
            raterErrors: raterMessages(errors),
            warnings: outcome.warnings,
            roleHint: MSF_ROLE_HINT,
          },
          400,
        );
      }
      void app.mailer.deliverPending();
      reply.flash(
        'success',
        `${String(outcome.added)} more ${outcome.added === 1 ? 'rater has' : 'raters have'} been emailed their links.`,
      );
      return reply.redirect(`/portfolio/entries/${request.params.id}`);
    },
  );

  // ----- The educational supervisor's release -----

  routes.post(
    '/portfolio/entries/:id/msf/release',
    { config: { access: SUPERVISORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const values = postedBody(request);
      const comment = postedText(values.comment);
      const reviewed = postedText(values.reviewed) === 'yes';
      let problem: FieldProblem = {
        field: 'comment',
        href: '#comment',
        message: `Your comment must be ${MSF_COMMENT_MAX.toLocaleString('en-GB')} characters or fewer`,
      };
      let released: EntryAccess | null = null;
      if (comment.length <= MSF_COMMENT_MAX) {
        try {
          released = await msf.releaseRound(ctx, request.params.id, { comment, reviewed });
        } catch (error) {
          if (!(error instanceof RuleError)) throw error;
          const field = error.field ?? 'comment';
          problem = { field, href: `#${field}`, message: error.message };
        }
      }
      if (released !== null) {
        void app.mailer.deliverPending();
        reply.flash('success', `Released. ${released.learner.name} can now read the summary and your comment.`);
        return reply.redirect(`/portfolio/entries/${request.params.id}`);
      }
      const { access, view } = await msf.reviewRound(ctx, request.params.id);
      return reply.page(
        'portfolio/views/msf-release.njk',
        {
          title: 'Release the multi-source feedback summary',
          entry: access.entry,
          learner: access.learner,
          summary: summaryModel(view.summary),
          values: { comment, reviewed },
          errors: formErrors([problem]),
        },
        400,
      );
    },
  );

  // ----- A rater's link: no account -----

  function renderLink(reply: FastifyReply, link: Exclude<msf.LinkState, { state: 'valid' }>) {
    const titles = {
      unknown: 'This link is not recognised',
      answered: 'Thank you: you have already given your feedback',
      closed: 'This feedback has closed',
    };
    return reply.page(
      'portfolio/views/msf-link.njk',
      { title: titles[link.state], state: link.state },
      link.state === 'unknown' ? 404 : 410,
    );
  }

  function renderFeedback(
    reply: FastifyReply,
    learnerName: string,
    options: { values: FormValues; errors?: FormErrors; status?: number },
  ) {
    const value = (field: string) => (typeof options.values[field] === 'string' ? options.values[field] : '');
    return reply.page(
      'portfolio/views/msf-feedback.njk',
      {
        title: `Feedback for ${learnerName}`,
        learnerName,
        domains: MSF_DOMAINS.map((domain) => ({
          key: domain.key,
          title: domain.title,
          hint: DOMAIN_HINTS[domain.key],
          comment: value(`${domain.key}-comment`),
          items: MSF_RATINGS.map((rating) => ({
            value: rating,
            text: MSF_RATING_LABELS[rating],
            checked: value(`${domain.key}-rating`) === rating,
          })),
        })),
        values: options.values,
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get('/feedback/msf/:token', { config: PUBLIC, schema: { params: tokenParams } }, async (request, reply) => {
    const link = await msf.raterLink(app.db, request.params.token, request.now);
    if (link.state !== 'valid') return renderLink(reply, link);
    return renderFeedback(reply, link.learnerName, { values: {} });
  });

  routes.post('/feedback/msf/:token', { config: PUBLIC, schema: { params: tokenParams } }, async (request, reply) => {
    const values = postedBody(request);
    const outcome = await msf.submitResponse(
      app,
      // A rater is anonymous, even when someone happens to be signed in on the same browser.
      { userId: null, label: 'A rater', requestId: request.id },
      request.params.token,
      values,
      request.now,
    );
    if (outcome.ok) {
      return reply.page('portfolio/views/msf-link.njk', { title: 'Thank you for your feedback', state: 'thanks' });
    }
    if ('link' in outcome) return renderLink(reply, outcome.link);
    const link = await msf.raterLink(app.db, request.params.token, request.now);
    return renderFeedback(reply, link.state === 'valid' ? link.learnerName : '', {
      values,
      errors: formErrors(outcome.problems),
      status: 400,
    });
  });
}
