/**
 * The programme team's use cases: programme years, posts and the placements of their rotations, and a year's
 * overview. A record of another region is not found, never forbidden.
 */
import { regionsIn } from '../organisations/index.ts';
import { teamRegions, runsProgrammeIn } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit, changedFields } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import type { PlacementValues, PostFields } from './domain/fields.ts';
import {
  addWeights,
  checkRotation,
  emptyWeights,
  placementProblems,
  settingShares,
  settingWeights,
  yearProblems,
  type RotationCheck,
  type RotationPlacement,
  type SettingShare,
} from './domain/rotation.ts';
import * as repository from './repository.ts';
import type {
  Choice,
  Placement,
  PlacementDetail,
  PostDetail,
  PostFilter,
  PostListItem,
  ProgrammeYear,
} from './repository.ts';

/** What these services use of the request's context (platform/context.ts). */
export type ServiceContext = Pick<Context, 'db' | 'principal' | 'actor' | 'now'>;

/** A post the person may manage; one in another region is reported as not found, never as forbidden. */
async function visiblePost(context: ServiceContext, db: Db, id: string): Promise<PostDetail> {
  const post = await repository.findPost(db, id);
  if (post === undefined || !runsProgrammeIn(context.principal, post.regionId)) throw new NotFoundError();
  return post;
}

async function visiblePlacement(
  context: ServiceContext,
  db: Db,
  id: string,
): Promise<{ placement: Placement; post: PostDetail }> {
  const placement = await repository.findPlacement(db, id);
  if (placement === undefined) throw new NotFoundError();
  return { placement, post: await visiblePost(context, db, placement.postId) };
}

export function postValues(post: repository.Post): Record<string, unknown> {
  return {
    programmeYearId: post.programmeYearId,
    code: post.code,
    title: post.title,
    leadEmployerId: post.leadEmployerId,
    capacity: post.capacity,
  };
}

function placementValues(placement: Placement | PlacementValues): Record<string, unknown> {
  return {
    organisationId: placement.organisationId,
    siteId: placement.siteId,
    setting: placement.setting,
    specialty: placement.specialty,
    startsOn: placement.startsOn,
    endsOn: placement.endsOn,
    sessionsPerWeek: placement.sessionsPerWeek,
    clinicalSupervisorUserId: placement.clinicalSupervisorUserId,
  };
}

export async function listYears(context: ServiceContext): Promise<(ProgrammeYear & { regionName: string })[]> {
  return repository.listYears(context.db, teamRegions(context.principal));
}

export async function createYear(
  context: ServiceContext,
  regionId: string,
  fields: { name: string; startsOn: string; endsOn: string },
): Promise<ProgrammeYear> {
  if (!runsProgrammeIn(context.principal, regionId)) throw new RuleError('Select a region from the list', 'regionId');
  const [problem] = yearProblems(fields);
  if (problem !== undefined) throw new RuleError(problem.message, problem.field);
  const duplicate = new RuleError(`There is already a programme year called ${fields.name}`, 'name');
  try {
    return await context.db.transaction(async (tx) => {
      if ((await repository.findYearByName(tx, regionId, fields.name)) !== undefined) throw duplicate;
      const year = await repository.insertYear(tx, {
        id: newId(),
        regionId,
        ...fields,
        createdAt: context.now,
        updatedAt: context.now,
      });
      await audit(
        tx,
        context.actor,
        {
          action: 'create',
          entityType: 'programme_year',
          entityId: year.id,
          regionId,
          summary: `Added programme year ${year.name}`,
          after: { name: year.name, startsOn: year.startsOn, endsOn: year.endsOn },
        },
        context.now,
      );
      return year;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate;
    throw error;
  }
}

export type ListFilter = Omit<PostFilter, 'scope'>;

export async function listPosts(
  context: ServiceContext,
  filter: ListFilter,
  page: number,
  pageSize = DEFAULT_PAGE_SIZE,
): Promise<Page<PostListItem>> {
  const { items, total } = await repository.listPosts(
    context.db,
    { ...filter, scope: teamRegions(context.principal) },
    pageSize,
    offsetFor(page, pageSize),
  );
  return toPage(items, total, page, pageSize);
}

export async function leadEmployerChoices(context: ServiceContext): Promise<Choice[]> {
  return repository.leadEmployerChoices(context.db, teamRegions(context.principal));
}

export async function organisationChoices(context: ServiceContext, regionId: string) {
  return repository.organisationChoices(context.db, regionId);
}

export async function placementChoices(context: ServiceContext, regionId: string) {
  const [organisations, sites, supervisors] = await Promise.all([
    repository.organisationChoices(context.db, regionId),
    repository.siteChoices(context.db, regionId),
    repository.supervisorChoices(context.db, regionId),
  ]);
  return { organisations, sites, supervisors };
}

function toRotation(placement: PlacementDetail | Placement): RotationPlacement {
  return {
    id: placement.id,
    label:
      'organisationName' in placement ? `${placement.specialty} at ${placement.organisationName}` : placement.specialty,
    setting: placement.setting,
    startsOn: placement.startsOn,
    endsOn: placement.endsOn,
    sessionsPerWeek: placement.sessionsPerWeek,
  };
}

export interface PostView {
  post: PostDetail;
  placements: PlacementDetail[];
  check: RotationCheck;
  shares: SettingShare[];
  learners: { name: string; email: string }[];
}

export async function getPost(context: ServiceContext, id: string): Promise<PostView> {
  const post = await visiblePost(context, context.db, id);
  const [placements, learners] = await Promise.all([
    repository.listPlacements(context.db, [post.id]),
    repository.assignedLearners(context.db, post.id),
  ]);
  const rotation = placements.map(toRotation);
  return {
    post,
    placements,
    check: checkRotation(rotation, post.year),
    shares: settingShares(settingWeights(rotation, post.year)),
    learners,
  };
}

/** The lead employer must be an organisation of the post's own region. */
async function checkLeadEmployer(context: ServiceContext, db: Db, regionId: string, id: string): Promise<void> {
  const choices = await repository.organisationChoices(db, regionId);
  if (!choices.some((choice) => choice.id === id)) throw new RuleError('Select the lead employer', 'leadEmployerId');
}

function duplicateCode(code: string): RuleError {
  return new RuleError(`There is already a post ${code} in this programme year`, 'code');
}

export async function createPost(
  context: ServiceContext,
  yearId: string,
  fields: PostFields,
): Promise<repository.Post> {
  const year = await repository.findYear(context.db, yearId);
  if (year === undefined || !runsProgrammeIn(context.principal, year.regionId)) {
    throw new RuleError('Select the programme year', 'programmeYearId');
  }
  try {
    return await context.db.transaction(async (tx) => {
      await checkLeadEmployer(context, tx, year.regionId, fields.leadEmployerId);
      if ((await repository.findPostByCode(tx, year.id, fields.code)) !== undefined) throw duplicateCode(fields.code);
      const post = await repository.insertPost(tx, {
        id: newId(),
        programmeYearId: year.id,
        regionId: year.regionId,
        ...fields,
        createdAt: context.now,
        updatedAt: context.now,
      });
      await audit(
        tx,
        context.actor,
        {
          action: 'create',
          entityType: 'post',
          entityId: post.id,
          regionId: post.regionId,
          summary: `Added post ${post.code} (${year.name})`,
          after: postValues(post),
        },
        context.now,
      );
      return post;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateCode(fields.code);
    throw error;
  }
}

export async function updatePost(context: ServiceContext, id: string, fields: PostFields): Promise<void> {
  try {
    await context.db.transaction(async (tx) => {
      const before = await visiblePost(context, tx, id);
      await checkLeadEmployer(context, tx, before.regionId, fields.leadEmployerId);
      const same = await repository.findPostByCode(tx, before.programmeYearId, fields.code);
      if (same !== undefined && same.id !== id) throw duplicateCode(fields.code);
      await repository.updatePost(tx, id, { ...fields, updatedAt: context.now });
      const changes = changedFields(postValues(before), { ...postValues(before), ...fields });
      await audit(
        tx,
        context.actor,
        {
          action: 'update',
          entityType: 'post',
          entityId: id,
          regionId: before.regionId,
          summary: `Changed post ${fields.code}`,
          before: changes.before,
          after: changes.after,
        },
        context.now,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateCode(fields.code);
    throw error;
  }
}

export async function setPostArchived(context: ServiceContext, id: string, archive: boolean): Promise<PostDetail> {
  return context.db.transaction(async (tx) => {
    const before = await visiblePost(context, tx, id);
    const archivedAt = archive ? (before.archivedAt ?? context.now) : null;
    await repository.updatePost(tx, id, { archivedAt, updatedAt: context.now });
    await audit(
      tx,
      context.actor,
      {
        action: archive ? 'archive' : 'restore',
        entityType: 'post',
        entityId: id,
        regionId: before.regionId,
        summary: `${archive ? 'Archived' : 'Restored'} post ${before.code}`,
        before: { archivedAt: before.archivedAt },
        after: { archivedAt },
      },
      context.now,
    );
    return before;
  });
}

export async function getPlacement(
  context: ServiceContext,
  id: string,
): Promise<{ placement: Placement; post: PostDetail }> {
  return visiblePlacement(context, context.db, id);
}

export async function getPostForPlacement(context: ServiceContext, postId: string): Promise<PostDetail> {
  return visiblePost(context, context.db, postId);
}

/**
 * The provider, site and supervisor must belong to the post's region (the site to the provider), and the
 * placement on its own must fit the programme year. Whole-rotation problems (gaps, overload) are allowed while
 * a rotation is being built; the post page shows them.
 */
async function checkPlacement(
  context: ServiceContext,
  db: Db,
  post: PostDetail,
  values: PlacementValues,
): Promise<void> {
  const [problem] = placementProblems({ ...values, label: 'The placement' }, post.year);
  if (problem !== undefined) throw new RuleError(problem.message, problem.field);
  const organisations = await repository.organisationChoices(db, post.regionId);
  if (!organisations.some((choice) => choice.id === values.organisationId)) {
    throw new RuleError('Select the placement provider', 'organisationId');
  }
  if (values.siteId !== null) {
    const sites = await repository.siteChoices(db, post.regionId);
    const site = sites.find((choice) => choice.id === values.siteId);
    if (site === undefined) throw new RuleError('Select a site from the list', 'siteId');
    if (site.organisationId !== values.organisationId) {
      throw new RuleError('Select a site of the placement provider, or no site', 'siteId');
    }
  }
  if (values.clinicalSupervisorUserId !== null) {
    const supervisors = await repository.supervisorChoices(db, post.regionId);
    if (!supervisors.some((choice) => choice.id === values.clinicalSupervisorUserId)) {
      throw new RuleError('Select a clinical supervisor from the list', 'clinicalSupervisorUserId');
    }
  }
}

export async function createPlacement(
  context: ServiceContext,
  postId: string,
  values: PlacementValues,
): Promise<Placement> {
  return context.db.transaction(async (tx) => {
    const post = await visiblePost(context, tx, postId);
    await checkPlacement(context, tx, post, values);
    return addPlacement(context, tx, post, values, '');
  });
}

/** Inserts a placement into a post with its audit record, in the caller's transaction. */
export async function addPlacement(
  context: ServiceContext,
  tx: Db,
  post: { id: string; code: string; regionId: string },
  values: PlacementValues,
  summarySuffix: string,
): Promise<Placement> {
  const placement = await repository.insertPlacement(tx, {
    id: newId(),
    postId: post.id,
    ...values,
    createdAt: context.now,
    updatedAt: context.now,
  });
  await audit(
    tx,
    context.actor,
    {
      action: 'create',
      entityType: 'placement',
      entityId: placement.id,
      regionId: post.regionId,
      summary: `Added placement ${placement.specialty} to post ${post.code}${summarySuffix}`,
      after: placementValues(placement),
    },
    context.now,
  );
  return placement;
}

export async function updatePlacement(
  context: ServiceContext,
  id: string,
  values: PlacementValues,
): Promise<PostDetail> {
  return context.db.transaction(async (tx) => {
    const { placement: before, post } = await visiblePlacement(context, tx, id);
    await checkPlacement(context, tx, post, values);
    await repository.updatePlacement(tx, id, { ...values, updatedAt: context.now });
    const changes = changedFields(placementValues(before), placementValues(values));
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'placement',
        entityId: id,
        regionId: post.regionId,
        summary: `Changed placement ${values.specialty} of post ${post.code}`,
        before: changes.before,
        after: changes.after,
      },
      context.now,
    );
    return post;
  });
}

export async function deletePlacement(context: ServiceContext, id: string): Promise<PostDetail> {
  return context.db.transaction(async (tx) => {
    const { placement, post } = await visiblePlacement(context, tx, id);
    await repository.deletePlacement(tx, id);
    await audit(
      tx,
      context.actor,
      {
        action: 'delete',
        entityType: 'placement',
        entityId: id,
        regionId: post.regionId,
        summary: `Removed placement ${placement.specialty} from post ${post.code}`,
        before: placementValues(placement),
      },
      context.now,
    );
    return post;
  });
}

export interface YearOverview {
  year: ProgrammeYear & { regionName: string };
  trusts: { name: string; posts: number; places: number }[];
  shares: SettingShare[];
  posts: number;
}

/** Posts per lead employer and each setting's share of time across all of a year's posts. */
export async function yearOverview(context: ServiceContext, yearId: string | undefined): Promise<YearOverview | null> {
  const years = await listYears(context);
  const year = years.find((candidate) => candidate.id === yearId) ?? years[0];
  if (year === undefined) return null;
  const [trusts, rows] = await Promise.all([
    repository.postsPerTrust(context.db, year.id),
    repository.yearPlacements(context.db, year.id),
  ]);
  let weights = emptyWeights();
  const byPost = new Map<string, RotationPlacement[]>();
  for (const row of rows) byPost.set(row.postId, [...(byPost.get(row.postId) ?? []), row]);
  for (const rotation of byPost.values()) weights = addWeights(weights, settingWeights(rotation, year));
  return {
    year,
    trusts,
    shares: settingShares(weights),
    posts: trusts.reduce((sum, trust) => sum + trust.posts, 0),
  };
}

/** The regions the person may add programme years in: every region for platform administrators. */
export async function regionChoices(context: ServiceContext): Promise<Choice[]> {
  return regionsIn(context.db, teamRegions(context.principal));
}
