/** Ranking, for learners: their windows, the ranking page, a post's rotation, and their result with why. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import {
  postedBody as body,
  addError,
  emptyErrors,
  submitForm,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { SETTING_LABELS } from '../placements/index.ts';
import type { LinkStatus } from './domain/arrangements.ts';
import { MECHANISM_DESCRIPTIONS } from './domain/mechanisms.ts';
import { eachMessageOnce, rankField, rankingForm } from './forms.ts';
import { STATUS_TAGS, suffix, windowSummary } from './format.ts';
import { contextOf } from '../../platform/context.ts';
import * as preferences from './preferences-service.ts';
import type { LearnerWindowView } from './preferences-service.ts';

export const learnerAccess = ['learner'] as const;
const windowParams = z.object({ windowId: z.uuid() });
const postParams = z.object({ windowId: z.uuid(), postId: z.uuid() });

/** What a linked learner reads about their pair, by the state of the two submitted rankings. */
const LEARNER_LINK_TEXT: Record<LinkStatus, string> = {
  together:
    'You have both submitted the same posts in the same order, so you will be allocated together: to the same post, to posts of the same lead employer, or, if neither is possible, neither of you will be placed.',
  'different-lists':
    'Your submitted rankings are different, so you will be allocated separately. To be allocated together, agree one order and both submit it.',
  waiting:
    'You will be allocated together only if you both submit the same posts in the same order. Agree your order together.',
  'individual-by-method':
    'This window allocates everyone as an individual, so you and the learner you are linked with will be allocated separately.',
};

export function preferencesRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/preferences', { config: { access: learnerAccess } }, async (request, reply) => {
    const windows = await preferences.learnerWindowList(contextOf(request, app));
    return reply.page('allocation/views/preferences.njk', {
      title: 'Preferences',
      windows: windows.map((window) => ({
        ...window,
        tag: STATUS_TAGS[window.shownStatus],
        deadlineText: formatDateTime(window.deadline),
      })),
    });
  });

  /** The ranking page of a window the learner's view was loaded for once, by the handler. */
  function renderRanking(
    reply: FastifyReply,
    view: LearnerWindowView,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const saved = view.submission?.ranking ?? [];
    const values: FormValues =
      options.values ?? Object.fromEntries(saved.map((postId, index) => [rankField(postId), String(index + 1)]));
    const posts = view.posts.map((post) => ({
      ...post,
      field: rankField(post.id),
      value: values[rankField(post.id)],
      error: options.errors?.fields[rankField(post.id)],
    }));
    const ranked = saved
      .map((postId, index) => ({ choice: index + 1, post: view.posts.find((post) => post.id === postId) }))
      .filter((row) => row.post !== undefined);
    return reply.page(
      'allocation/views/rank.njk',
      {
        title: `Rank the posts for ${view.window.name}`,
        ...view,
        ...windowSummary(view.window),
        description: MECHANISM_DESCRIPTIONS[view.window.mechanism],
        posts,
        ranked,
        submittedText: view.submission?.submittedAt == null ? null : formatDateTime(view.submission.submittedAt),
        savedText: view.submission === undefined ? null : formatDateTime(view.submission.updatedAt),
        linkedText: view.linked === undefined ? '' : LEARNER_LINK_TEXT[view.linked.status],
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/preferences/:windowId',
    { config: { access: learnerAccess }, schema: { params: windowParams } },
    async (request, reply) =>
      renderRanking(reply, await preferences.learnerWindow(contextOf(request, app), request.params.windowId)),
  );

  routes.post(
    '/preferences/:windowId',
    { config: { access: learnerAccess }, schema: { params: windowParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const windowId = request.params.windowId;
      const view = await preferences.learnerWindow(ctx, windowId);
      if (!view.editable) {
        const errors = addError(
          emptyErrors(),
          'ranking',
          'The deadline for this window has passed: your ranking can no longer be changed',
        );
        return renderRanking(reply, view, { errors, status: 400 });
      }
      const submitting = body(request).action === 'submit';
      return submitForm(request.body, {
        schema: rankingForm(view.posts, { submitting }),
        run: (ranking) => preferences.saveRanking(ctx, windowId, ranking, submitting),
        done: () => {
          reply.flash(
            'success',
            submitting
              ? `Your preferences for ${view.window.name} have been submitted. You can change them until ${formatDateTime(view.window.deadline)}.`
              : `Your draft has been saved. It is not submitted yet: submit it before ${formatDateTime(view.window.deadline)}.`,
          );
          return reply.redirect(`/preferences/${windowId}`);
        },
        again: (values, errors) => renderRanking(reply, view, { values, errors: eachMessageOnce(errors), status: 400 }),
        ruleField: 'ranking',
      });
    },
  );

  routes.get(
    '/preferences/:windowId/posts/:postId',
    { config: { access: learnerAccess }, schema: { params: postParams } },
    async (request, reply) => {
      const view = await preferences.learnerPost(
        contextOf(request, app),
        request.params.windowId,
        request.params.postId,
      );
      return reply.page('allocation/views/post.njk', {
        title: `${view.post.code}: ${view.post.title}`,
        ...view,
        rows: view.rotation.map((row) => ({
          ...row,
          settingLabel: SETTING_LABELS[row.setting],
          dates: `${formatDate(row.startsOn)} to ${formatDate(row.endsOn)}`,
        })),
      });
    },
  );

  routes.get(
    '/preferences/:windowId/result',
    { config: { access: learnerAccess }, schema: { params: windowParams } },
    async (request, reply) => {
      const result = await preferences.learnerResult(contextOf(request, app), request.params.windowId);
      const { explanation, posts } = result;
      const post = explanation?.post == null ? undefined : posts.get(explanation.post);
      const passedOver =
        explanation?.passedOver.map((item) => ({
          ...item,
          choiceText: `${suffix(item.choice)} choice`,
          post: posts.get(item.post),
        })) ?? [];
      return reply.page('allocation/views/result.njk', {
        title: `Your allocation for ${result.window.name}`,
        ...result,
        ...windowSummary(result.window),
        post,
        choiceText: explanation?.choice == null ? null : `${suffix(explanation.choice)} choice`,
        headline:
          explanation === undefined
            ? null
            : headline(
                explanation.choice,
                passedOver.map((item) => item.reason),
              ),
        passedOver,
        description: MECHANISM_DESCRIPTIONS[result.run.mechanism],
        publishedText: result.window.publishedAt === null ? '' : formatDateTime(result.window.publishedAt),
        applicants: result.run.stats.applicants,
      });
    },
  );
}

const COUNT_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** One sentence for the usual case: "Your first two choices were filled by applicants with higher priority." */
export function headline(choice: number | null, reasons: readonly string[]): string | null {
  if (reasons.length === 0) return choice === 1 ? 'You were given your first choice.' : null;
  const same = reasons.every((reason) => reason === reasons[0]);
  const n = reasons.length;
  const which = n === 1 ? 'Your first choice was' : `Your first ${COUNT_WORDS[n - 1] ?? String(n)} choices were`;
  const all =
    choice === null ? (n === 1 ? 'The one post you ranked was' : `All ${String(n)} posts you ranked were`) : which;
  if (!same) return null;
  switch (reasons[0]) {
    case 'filled-by-higher-priority':
      return `${all} filled by applicants with higher priority.`;
    case 'filled-in-earlier-round':
      return `${all} filled in earlier rounds by applicants who ranked them higher than you did.`;
    case 'lost-in-round-to-higher-priority':
      return `${all} given to applicants with higher priority who applied in the same round.`;
    default:
      return null;
  }
}
