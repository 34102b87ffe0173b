/** Ranking, for learners: their windows, the ranking page and saving it, a post's rotation, the result and why. */
import { ownLearnerId } from '../../platform/policy.ts';
import type { Db } from '../../platform/db/client.ts';
import { audit } from '../../platform/audit/audit.ts';
import { hasRole, type Principal } from '../../platform/auth/roles.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import type { Task } from '../../platform/web/navigation.ts';
import type { ApplicantExplanation } from './domain/allocate.ts';
import type { LinkStatus } from './domain/arrangements.ts';
import * as repository from './repository.ts';
import type { AllocationRun, PostRow, WindowDetail } from './repository.ts';
import type { WindowStatus } from './schema.ts';
import { pairsOf } from './arrangement-service.ts';
import { statusOf, type ServiceContext } from './service.ts';
import { currentPosts } from './swaps-service.ts';

export async function learnerWindowList(context: ServiceContext) {
  const rows = await repository.learnerWindows(context.db, ownLearnerId(context.principal));
  return rows.map((row) => ({ ...row, shownStatus: statusOf(row, context.now) }));
}

/** A window the learner is eligible for and that has been opened; anything else is not found. */
async function eligibleWindow(context: ServiceContext, windowId: string): Promise<WindowDetail> {
  const userId = ownLearnerId(context.principal);
  const window = await repository.findWindow(context.db, windowId);
  if (window === undefined || window.status === 'draft') throw new NotFoundError();
  if (!(await repository.isEligible(context.db, windowId, userId))) throw new NotFoundError();
  return window;
}

export interface LearnerWindowView {
  window: WindowDetail;
  status: WindowStatus;
  editable: boolean;
  posts: PostRow[];
  submission: repository.Submission | undefined;
  /** Special circumstances: the post fixed for this learner before the run. */
  preallocatedTo: PostRow | undefined;
  /** A linked application: the other learner's name and whether the two rankings will be taken together. */
  linked: { name: string; status: LinkStatus } | undefined;
}

export async function learnerWindow(context: ServiceContext, windowId: string): Promise<LearnerWindowView> {
  const window = await eligibleWindow(context, windowId);
  const status = statusOf(window, context.now);
  const [posts, submission, learners] = await Promise.all([
    repository.windowPosts(context.db, windowId),
    repository.findSubmission(context.db, windowId, context.principal.userId),
    repository.windowLearners(context.db, windowId),
  ]);
  const me = learners.find((learner) => learner.id === context.principal.userId);
  const partner = learners.find((learner) => learner.id === me?.linkedWithUserId);
  const pair = me === undefined ? undefined : pairsOf(window, [me, ...(partner === undefined ? [] : [partner])])[0];
  return {
    window,
    status,
    editable: status === 'open',
    posts,
    submission,
    preallocatedTo: posts.find((post) => post.id === me?.preallocatedPostId),
    linked: partner === undefined || pair === undefined ? undefined : { name: partner.name, status: pair.status },
  };
}

export async function saveRanking(
  context: ServiceContext,
  windowId: string,
  ranking: string[],
  submit: boolean,
): Promise<void> {
  const window = await eligibleWindow(context, windowId);
  await context.db.transaction(async (tx) => {
    // Read again under a shared lock: a window closed by the programme team a moment ago takes no more rankings.
    const current = (await repository.findWindow(tx, windowId, 'share')) ?? window;
    if (statusOf(current, context.now) !== 'open') {
      throw new RuleError('The deadline for this window has passed: your ranking can no longer be changed');
    }
    const posts = new Set((await repository.windowPosts(tx, windowId)).map((post) => post.id));
    if (!ranking.every((id) => posts.has(id))) throw new RuleError('Rank only the posts listed');
    const before = await repository.findSubmission(tx, windowId, context.principal.userId);
    const submittedAt = submit ? context.now : null;
    await repository.saveSubmission(tx, {
      windowId,
      learnerUserId: context.principal.userId,
      ranking,
      submittedAt,
      updatedAt: context.now,
    });
    await audit(
      tx,
      context.actor,
      {
        action: before === undefined ? 'create' : 'update',
        entityType: 'preference_submission',
        entityId: windowId,
        regionId: window.regionId,
        summary: submit ? `Submitted preferences for ${window.name}` : `Saved draft preferences for ${window.name}`,
        before: before === undefined ? null : { ranking: before.ranking, submitted: before.submittedAt !== null },
        after: { ranking, submitted: submit },
      },
      context.now,
    );
  });
}

export async function learnerPost(
  context: ServiceContext,
  windowId: string,
  postId: string,
): Promise<{ window: WindowDetail; post: PostRow; rotation: repository.RotationRow[] }> {
  const window = await eligibleWindow(context, windowId);
  const post = (await repository.windowPosts(context.db, windowId)).find((row) => row.id === postId);
  if (post === undefined) throw new NotFoundError();
  return { window, post, rotation: await repository.rotation(context.db, postId) };
}

export interface LearnerResult {
  window: WindowDetail;
  run: AllocationRun;
  explanation: ApplicantExplanation | undefined;
  posts: Map<string, PostRow>;
  swappedTo: PostRow | undefined;
}

export async function learnerResult(context: ServiceContext, windowId: string): Promise<LearnerResult> {
  const window = await eligibleWindow(context, windowId);
  if (window.status !== 'published' || window.publishedRunId === null) throw new NotFoundError();
  const run = await repository.findRun(context.db, window.publishedRunId);
  if (run === undefined) throw new NotFoundError();
  const posts = new Map((await repository.windowPosts(context.db, windowId)).map((post) => [post.id, post]));
  const explanation = run.result.explanations.find((item) => item.applicant === context.principal.userId);
  const current = await currentPosts(context.db, windowId, run.id);
  const now = current.get(context.principal.userId);
  const swappedTo = now !== undefined && now !== explanation?.post ? posts.get(now) : undefined;
  return { window, run, explanation, posts, swappedTo };
}

/** Home-page tasks: each open window the learner has not submitted to yet. */
export async function learnerTasks(db: Db, principal: Principal, now: Date): Promise<Task[]> {
  if (!hasRole(principal, 'learner')) return [];
  const windows = await repository.learnerWindows(db, principal.userId);
  return windows
    .filter((window) => statusOf(window, now) === 'open' && window.submittedAt === null)
    .map((window) => ({
      text: `Rank the posts for ${window.name}`,
      href: `/preferences/${window.id}`,
      hint: `Due ${formatDateTime(window.deadline)}`,
      status: window.hasDraft ? ('in progress' as const) : ('to do' as const),
    }));
}
