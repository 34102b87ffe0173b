/**
 * The programme team's changes to the public pages: news posts and the FAQ. Each is written in one transaction with
 * its audit record, on the row (or the region's questions) locked first, and a save from a page that is out of
 * date is refused rather than overwriting what someone else saved in between.
 */
import { audit } from '../../platform/audit/audit.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { teamRegions } from '../../platform/policy.ts';
import { regionsIn, type Region } from '../organisations/index.ts';
import { moved } from './domain/publication.ts';
import * as repository from './repository.ts';
import type { FaqItem, NewsPost } from './repository.ts';

export interface NewsInput {
  title: string;
  summary: string;
  bodyMarkdown: string;
  publishAt: Date | null;
}

export interface FaqInput {
  question: string;
  answerMarkdown: string;
}

/** The regions whose public pages the person manages, by name. */
export async function managedRegions(ctx: Pick<Context, 'db' | 'principal'>): Promise<Region[]> {
  const scope = teamRegions(ctx.principal);
  if (scope !== 'all' && scope.length === 0) return [];
  return regionsIn(ctx.db, scope);
}

function stale(what: string, field = 'title'): RuleError {
  return new RuleError(`Someone else changed this ${what} while you were editing it. Check it and try again`, field);
}

function newsFields(post: NewsPost | NewsInput): Record<string, unknown> {
  return { title: post.title, summary: post.summary, bodyMarkdown: post.bodyMarkdown, publishAt: post.publishAt };
}

export async function createNews(ctx: Context, regionId: string, input: NewsInput): Promise<NewsPost> {
  const regions = await managedRegions(ctx);
  if (!regions.some((region) => region.id === regionId)) throw new RuleError('Choose a region', 'regionId');
  return ctx.db.transaction(async (tx) => {
    const post = await repository.insertNews(tx, {
      id: newId(),
      regionId,
      ...input,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      createdBy: ctx.principal.userId,
      updatedBy: ctx.principal.userId,
    });
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'news_post',
        entityId: post.id,
        regionId,
        summary: `Wrote the news post “${post.title}”`,
        after: newsFields(input),
      },
      ctx.now,
    );
    return post;
  });
}

export async function updateNews(ctx: Context, post: NewsPost, input: NewsInput, revision: number): Promise<NewsPost> {
  return ctx.db.transaction(async (tx) => {
    const current = await repository.lockNews(tx, post.id);
    if (current === undefined) throw new NotFoundError();
    if (current.revision !== revision) throw stale('news post');
    const updated = await repository.updateNews(tx, post.id, {
      ...input,
      updatedAt: ctx.now,
      updatedBy: ctx.principal.userId,
    });
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'news_post',
        entityId: post.id,
        regionId: post.regionId,
        summary: `Changed the news post “${updated.title}”`,
        before: newsFields(current),
        after: newsFields(input),
      },
      ctx.now,
    );
    return updated;
  });
}

export async function deleteNews(ctx: Context, post: NewsPost): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await repository.lockNews(tx, post.id);
    if (current === undefined) throw new NotFoundError();
    await repository.deleteNews(tx, post.id);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'delete',
        entityType: 'news_post',
        entityId: post.id,
        regionId: post.regionId,
        summary: `Deleted the news post “${current.title}”`,
        before: newsFields(current),
      },
      ctx.now,
    );
  });
}

// ----- FAQ -----

function faqFields(item: FaqItem): Record<string, unknown> {
  return { question: item.question, answerMarkdown: item.answerMarkdown };
}

/** Locks the region's questions (every FAQ change renumbers or reads their order) and gives them and this one. */
async function lockedFaq(tx: Db, item: FaqItem): Promise<{ list: FaqItem[]; current: FaqItem }> {
  const list = await repository.lockFaqOf(tx, item.regionId);
  const current = list.find((row) => row.id === item.id);
  if (current === undefined) throw new NotFoundError();
  return { list, current };
}

export async function createFaq(ctx: Context, regionId: string, input: FaqInput): Promise<FaqItem> {
  const regions = await managedRegions(ctx);
  if (!regions.some((region) => region.id === regionId)) throw new RuleError('Choose a region', 'question');
  return ctx.db.transaction(async (tx) => {
    await repository.lockFaqOf(tx, regionId);
    const item = await repository.insertFaq(tx, {
      id: newId(),
      regionId,
      ...input,
      position: await repository.nextFaqPosition(tx, regionId),
      createdAt: ctx.now,
      updatedAt: ctx.now,
      updatedBy: ctx.principal.userId,
    });
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'faq_item',
        entityId: item.id,
        regionId,
        summary: `Added the question “${item.question}” to the FAQ`,
        after: { ...input },
      },
      ctx.now,
    );
    return item;
  });
}

export async function updateFaq(ctx: Context, item: FaqItem, input: FaqInput, revision: number): Promise<FaqItem> {
  return ctx.db.transaction(async (tx) => {
    const { current } = await lockedFaq(tx, item);
    if (current.revision !== revision) throw stale('question', 'question');
    const updated = await repository.updateFaq(tx, item.id, {
      ...input,
      updatedAt: ctx.now,
      updatedBy: ctx.principal.userId,
    });
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'faq_item',
        entityId: item.id,
        regionId: item.regionId,
        summary: `Changed the question “${updated.question}” in the FAQ`,
        before: faqFields(current),
        after: { ...input },
      },
      ctx.now,
    );
    return updated;
  });
}

export async function deleteFaq(ctx: Context, item: FaqItem): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { current } = await lockedFaq(tx, item);
    await repository.deleteFaq(tx, item.id);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'delete',
        entityType: 'faq_item',
        entityId: item.id,
        regionId: item.regionId,
        summary: `Deleted the question “${current.question}” from the FAQ`,
        before: faqFields(current),
      },
      ctx.now,
    );
  });
}

/**
 * Moves a question one place up or down. The list is renumbered 1, 2, 3… in its new order, so positions stay whole
 * and distinct whatever earlier moves or deletions left. A page out of date (the question moved or changed since
 * the list was read) is refused.
 */
export async function moveFaq(ctx: Context, item: FaqItem, direction: 'up' | 'down', revision: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { list, current } = await lockedFaq(tx, item);
    if (current.revision !== revision) {
      throw new RuleError('Someone else changed the questions while you were looking at them. Try again', 'question');
    }
    const order = moved(list, item.id, direction);
    for (const [index, row] of order.entries()) {
      if (row.position !== index + 1 || row.id === item.id) {
        await repository.updateFaq(tx, row.id, {
          position: index + 1,
          updatedAt: ctx.now,
          updatedBy: ctx.principal.userId,
        });
      }
    }
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'faq_item',
        entityId: item.id,
        regionId: item.regionId,
        summary: `Moved the question “${current.question}” ${direction} the FAQ`,
        before: { order: list.map((row) => row.id) },
        after: { order: order.map((row) => row.id) },
      },
      ctx.now,
    );
  });
}
