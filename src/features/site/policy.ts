/**
 * Who may manage a region's public pages: its programme team (and a platform administrator, in every region). A
 * news post or question of a region the person does not run is reported as not found.
 */
import type { Context } from '../../platform/context.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { PROGRAMME_TEAM, runsProgrammeIn } from '../../platform/policy.ts';
import * as repository from './repository.ts';
import type { FaqItem, NewsPost } from './repository.ts';

/** Who may open the pages that manage news and the FAQ; each record is then checked by its region. */
export const SITE_EDITORS = PROGRAMME_TEAM;

export async function managedNews(ctx: Pick<Context, 'db' | 'principal'>, id: string): Promise<NewsPost> {
  const post = await repository.findNews(ctx.db, id);
  if (post === undefined || !runsProgrammeIn(ctx.principal, post.regionId)) throw new NotFoundError();
  return post;
}

export async function managedFaq(ctx: Pick<Context, 'db' | 'principal'>, id: string): Promise<FaqItem> {
  const item = await repository.findFaq(ctx.db, id);
  if (item === undefined || !runsProgrammeIn(ctx.principal, item.regionId)) throw new NotFoundError();
  return item;
}
