/**
 * Special circumstances (a learner's post fixed before the run) and linked applications (two learners placed
 * together in one trust), recorded by the programme team on a window until it is published.
 */
import type { Db } from '../../platform/db/client.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { linkStatus, type LinkStatus } from './domain/arrangements.ts';
import * as repository from './repository.ts';
import type { PostRow, WindowDetail, WindowLearner } from './repository.ts';
import type { WindowStatus } from './schema.ts';
import { auditWindowChange, managedWindow, statusOf, type ServiceContext } from './service.ts';

export interface LinkedPair {
  first: WindowLearner;
  second: WindowLearner;
  status: LinkStatus;
}

export interface ArrangementsView {
  window: WindowDetail;
  status: WindowStatus;
  /** Pre-allocations and links can be changed until the allocation is published. */
  editable: boolean;
  posts: PostRow[];
  learners: WindowLearner[];
  preallocated: (WindowLearner & { post: PostRow | undefined })[];
  pairs: LinkedPair[];
}

function submittedList(learner: WindowLearner): string[] | undefined {
  return learner.submittedAt === null ? undefined : learner.ranking;
}

/** The linked pairs among the learners, each once, with whether their rankings will be taken together. */
export function pairsOf(window: WindowDetail, learners: readonly WindowLearner[]): LinkedPair[] {
  const byId = new Map(learners.map((learner) => [learner.id, learner]));
  const pairs: LinkedPair[] = [];
  for (const first of learners) {
    const second = first.linkedWithUserId === null ? undefined : byId.get(first.linkedWithUserId);
    // Each pair once: from the member whose id sorts first.
    if (second === undefined || second.linkedWithUserId !== first.id || first.id > second.id) continue;
    pairs.push({ first, second, status: linkStatus(window.mechanism, submittedList(first), submittedList(second)) });
  }
  return pairs;
}

export async function getArrangements(context: ServiceContext, id: string): Promise<ArrangementsView> {
  const window = await managedWindow(context, context.db, id);
  const [posts, learners] = await Promise.all([
    repository.windowPosts(context.db, id),
    repository.windowLearners(context.db, id),
  ]);
  const postById = new Map(posts.map((post) => [post.id, post]));
  return {
    window,
    status: statusOf(window, context.now),
    editable: window.status !== 'published',
    posts,
    learners,
    preallocated: learners
      .filter((learner) => learner.preallocatedPostId !== null)
      .map((learner) => ({ ...learner, post: postById.get(learner.preallocatedPostId ?? '') })),
    pairs: pairsOf(window, learners),
  };
}

/** The window, its learners and posts, inside a transaction, for a change to pre-allocations or links. */
async function arrangeable(context: ServiceContext, tx: Db, id: string) {
  const window = await managedWindow(context, tx, id, 'update');
  if (window.status === 'published') {
    throw new RuleError('This window has been published: its allocation is final');
  }
  const [posts, learners] = await Promise.all([repository.windowPosts(tx, id), repository.windowLearners(tx, id)]);
  return { window, posts, learners };
}

export async function preallocate(
  context: ServiceContext,
  id: string,
  fields: { learnerId: string; postId: string; reason: string },
): Promise<{ learner: string; post: string }> {
  return context.db.transaction(async (tx) => {
    const { window, posts, learners } = await arrangeable(context, tx, id);
    const learner = learners.find((row) => row.id === fields.learnerId);
    if (learner === undefined) throw new RuleError('Select a learner eligible for this window', 'learnerId');
    const post = posts.find((row) => row.id === fields.postId);
    if (post === undefined) throw new RuleError('Select a post in this window', 'postId');
    if (learner.linkedWithUserId !== null) {
      throw new RuleError(
        `${learner.name} has a linked application: remove the link before pre-allocating them`,
        'learnerId',
      );
    }
    const taken = learners.filter((row) => row.preallocatedPostId === post.id && row.id !== learner.id).length;
    if (taken >= post.capacity) {
      throw new RuleError(
        `${post.code} has ${String(post.capacity)} ${post.capacity === 1 ? 'place' : 'places'}, all already pre-allocated`,
        'postId',
      );
    }
    await repository.updateWindowLearner(tx, id, learner.id, {
      preallocatedPostId: post.id,
      preallocationReason: fields.reason,
    });
    await auditWindowChange(tx, context, id, window.regionId, {
      summary: `Pre-allocated ${learner.name} to ${post.code} in ${window.name} on special circumstances`,
      // The circumstances are often about health or family: the log records that a reason was given, not the
      // reason, which lives only on the window where erasure can reach it.
      before: {
        learner: learner.id,
        post: learner.preallocatedPostId,
        reasonGiven: learner.preallocationReason !== null,
      },
      after: { learner: learner.id, post: post.id, reasonGiven: true },
    });
    return { learner: learner.name, post: post.code };
  });
}

export async function removePreallocation(context: ServiceContext, id: string, learnerId: string): Promise<string> {
  return context.db.transaction(async (tx) => {
    const { window, learners } = await arrangeable(context, tx, id);
    const learner = learners.find((row) => row.id === learnerId);
    if (learner?.preallocatedPostId == null) throw new NotFoundError();
    await repository.updateWindowLearner(tx, id, learner.id, { preallocatedPostId: null, preallocationReason: null });
    await auditWindowChange(tx, context, id, window.regionId, {
      summary: `Removed the pre-allocation of ${learner.name} in ${window.name}`,
      before: { learner: learner.id, post: learner.preallocatedPostId, reasonGiven: true },
      after: { learner: learner.id, post: null, reasonGiven: false },
    });
    return learner.name;
  });
}

export async function linkApplications(
  context: ServiceContext,
  id: string,
  fields: { firstLearnerId: string; secondLearnerId: string },
): Promise<[string, string]> {
  return context.db.transaction(async (tx) => {
    const { window, learners } = await arrangeable(context, tx, id);
    const first = learners.find((row) => row.id === fields.firstLearnerId);
    const second = learners.find((row) => row.id === fields.secondLearnerId);
    if (first === undefined) throw new RuleError('Select a learner eligible for this window', 'firstLearnerId');
    if (second === undefined) throw new RuleError('Select a learner eligible for this window', 'secondLearnerId');
    if (first.id === second.id) throw new RuleError('Select two different learners', 'secondLearnerId');
    for (const [learner, field] of [
      [first, 'firstLearnerId'],
      [second, 'secondLearnerId'],
    ] as const) {
      if (learner.linkedWithUserId !== null) {
        throw new RuleError(`${learner.name} is already linked: remove that link first`, field);
      }
      if (learner.preallocatedPostId !== null) {
        throw new RuleError(`${learner.name} is pre-allocated, so cannot be linked`, field);
      }
    }
    await repository.updateWindowLearner(tx, id, first.id, { linkedWithUserId: second.id });
    await repository.updateWindowLearner(tx, id, second.id, { linkedWithUserId: first.id });
    await auditWindowChange(tx, context, id, window.regionId, {
      summary: `Linked the applications of ${first.name} and ${second.name} in ${window.name}`,
      after: { linked: [first.id, second.id] },
    });
    return [first.name, second.name];
  });
}

export async function unlinkApplications(
  context: ServiceContext,
  id: string,
  learnerId: string,
): Promise<[string, string]> {
  return context.db.transaction(async (tx) => {
    const { window, learners } = await arrangeable(context, tx, id);
    const first = learners.find((row) => row.id === learnerId);
    const second = learners.find((row) => row.id === first?.linkedWithUserId);
    if (first === undefined || second === undefined) throw new NotFoundError();
    await repository.updateWindowLearner(tx, id, first.id, { linkedWithUserId: null });
    await repository.updateWindowLearner(tx, id, second.id, { linkedWithUserId: null });
    await auditWindowChange(tx, context, id, window.regionId, {
      summary: `Removed the link between ${first.name} and ${second.name} in ${window.name}`,
      before: { linked: [first.id, second.id] },
    });
    return [first.name, second.name];
  });
}
