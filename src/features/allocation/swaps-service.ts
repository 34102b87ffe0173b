/** Swaps: after publishing, two learners exchange the posts they were given, with the reason kept. */
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit } from '../../platform/audit/audit.ts';
import { RuleError } from '../../platform/errors.ts';
import * as repository from './repository.ts';
import { managedWindow, type ServiceContext } from './service.ts';

/** Two learners placed by the published run exchange posts; the reason is kept and the change audited. */
export async function recordSwap(
  context: ServiceContext,
  windowId: string,
  fields: { firstLearnerId: string; secondLearnerId: string; reason: string },
): Promise<void> {
  await context.db.transaction(async (tx) => {
    const window = await managedWindow(context, tx, windowId, 'update');
    if (window.status !== 'published' || window.publishedRunId === null) {
      throw new RuleError('Swaps can be recorded only after the allocation is published', 'firstLearnerId');
    }
    if (fields.firstLearnerId === fields.secondLearnerId) {
      throw new RuleError('Select two different learners', 'secondLearnerId');
    }
    const current = await currentPosts(tx, windowId, window.publishedRunId);
    const firstPost = current.get(fields.firstLearnerId);
    const secondPost = current.get(fields.secondLearnerId);
    if (firstPost === undefined) throw new RuleError('Select a learner who was given a post', 'firstLearnerId');
    if (secondPost === undefined) throw new RuleError('Select a learner who was given a post', 'secondLearnerId');
    if (firstPost === secondPost) throw new RuleError('These learners are in the same post', 'secondLearnerId');
    await repository.moveAssignment(tx, fields.firstLearnerId, firstPost, secondPost);
    await repository.moveAssignment(tx, fields.secondLearnerId, secondPost, firstPost);
    const id = newId();
    await repository.insertSwap(tx, {
      id,
      windowId,
      firstLearnerUserId: fields.firstLearnerId,
      secondLearnerUserId: fields.secondLearnerId,
      firstPostId: firstPost,
      secondPostId: secondPost,
      reason: fields.reason,
      recordedBy: context.principal.userId,
      createdAt: context.now,
    });
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'allocation_swap',
        entityId: id,
        regionId: window.regionId,
        summary: `Recorded a swap of posts between two learners in ${window.name}`,
        before: { [fields.firstLearnerId]: firstPost, [fields.secondLearnerId]: secondPost },
        // As with special circumstances, the reason stays with the swap, out of the log.
        after: { [fields.firstLearnerId]: secondPost, [fields.secondLearnerId]: firstPost, reasonGiven: true },
      },
      context.now,
    );
  });
}

/** Each placed learner's post after the published run and any swaps since. */
export async function currentPosts(db: Db, windowId: string, runId: string): Promise<Map<string, string>> {
  const run = await repository.findRun(db, runId);
  const posts = new Map<string, string>();
  for (const [learner, post] of Object.entries(run?.result.assignments ?? {}))
    if (post !== null) posts.set(learner, post);
  for (const swap of await repository.listSwaps(db, windowId)) {
    posts.set(swap.firstLearnerUserId, swap.secondPostId);
    posts.set(swap.secondLearnerUserId, swap.firstPostId);
  }
  return posts;
}

export async function swapChoices(context: ServiceContext, windowId: string) {
  const window = await managedWindow(context, context.db, windowId);
  if (window.publishedRunId === null) return [];
  const current = await currentPosts(context.db, windowId, window.publishedRunId);
  const [learners, posts] = await Promise.all([
    repository.windowLearners(context.db, windowId),
    repository.windowPosts(context.db, windowId),
  ]);
  const codes = new Map(posts.map((post) => [post.id, post.code]));
  return learners.flatMap((learner) => {
    const post = current.get(learner.id);
    return post === undefined ? [] : [{ id: learner.id, name: `${learner.name} (${codes.get(post) ?? ''})` }];
  });
}
