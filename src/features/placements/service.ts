import { regionsIn } from '../organisations/index.ts';
import { teamRegions, runsProgrammeIn } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit, changedFields } from '../../platform/audit/audit.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import { calendar, type AllDayEvent } from '../../shared/ical.ts';
import { exportCsv, planImport, readCsv, type CsvProblem, type ImportWarning } from './domain/csv.ts';
import type { PlacementValues, PostFields } from './domain/fields.ts';
import {
  addWeights,
  checkRotation,
  emptyWeights,
  placementProblems,
  settingShares,
  settingWeights,
  SETTING_LABELS,
  yearProblems,
  type RotationCheck,
  type RotationPlacement,
  type SettingShare,
} from './domain/rotation.ts';
import * as repository from './repository.ts';
import * as csvRepository from './csv-repository.ts';
import * as myYearRepository from './my-year-repository.ts';
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

function postValues(post: repository.Post): Record<string, unknown> {
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
async function addPlacement(
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

export interface LearnerYear {
  post: PostDetail;
  placements: PlacementDetail[];
}

/** The learner's posts, newest first: what "my year" and the calendar show. */
export async function learnerYears(db: Db, learnerUserId: string): Promise<LearnerYear[]> {
  const assignments = await myYearRepository.assignmentsOf(db, learnerUserId);
  const result: LearnerYear[] = [];
  for (const assignment of assignments) {
    const post = await repository.findPost(db, assignment.postId);
    if (post === undefined || post.archivedAt !== null) continue;
    result.push({ post, placements: await repository.listPlacements(db, [post.id]) });
  }
  return result;
}

export async function calendarStatus(db: Db, userId: string): Promise<{ createdAt: Date } | undefined> {
  return myYearRepository.calendarTokenOf(db, userId);
}

/** A new private calendar link for the learner; any earlier one stops working. Only its hash is kept. */
export async function issueCalendarToken(context: ServiceContext, reset: boolean): Promise<string> {
  const token = newToken();
  await context.db.transaction(async (tx) => {
    await myYearRepository.saveCalendarToken(tx, context.principal.userId, hashToken(token), context.now);
    await audit(
      tx,
      context.actor,
      {
        action: 'security',
        entityType: 'calendar_token',
        entityId: context.principal.userId,
        summary: reset
          ? 'Reset the private link of the "my year" calendar'
          : 'Made a private link of the "my year" calendar',
      },
      context.now,
    );
  });
  return token;
}

function placementPlace(placement: PlacementDetail): string {
  return placement.site === null ? placement.organisationName : `${placement.site.name}, ${placement.organisationName}`;
}

/** The iCalendar feed behind a private link, or null when the link is not (or no longer) valid. */
export async function calendarFeed(db: Db, token: string, now: Date): Promise<string | null> {
  const userId = await myYearRepository.userByCalendarToken(db, hashToken(token));
  if (userId === undefined) return null;
  const years = await learnerYears(db, userId);
  const events: AllDayEvent[] = [];
  for (const { post, placements } of years) {
    for (const placement of placements) {
      const where = placementPlace(placement);
      const address =
        placement.site === null
          ? undefined
          : [
              placement.site.name,
              placement.site.addressLine1,
              placement.site.addressLine2,
              placement.site.town,
              placement.site.postcode,
            ]
              .filter((part): part is string => part !== null && part !== '')
              .join(', ');
      const description = [
        `Post ${post.code}: ${post.title}`,
        `${SETTING_LABELS[placement.setting]}, ${String(placement.sessionsPerWeek)} sessions a week`,
        placement.supervisor === null
          ? null
          : `Clinical supervisor: ${placement.supervisor.name} (${placement.supervisor.email})`,
      ]
        .filter((line): line is string => line !== null)
        .join('\n');
      const common = { description, ...(address === undefined ? {} : { location: address }) };
      events.push(
        {
          uid: `${placement.id}-start@breadth`,
          date: placement.startsOn,
          summary: `Placement starts: ${placement.specialty}, ${where}`,
          ...common,
        },
        {
          uid: `${placement.id}-end@breadth`,
          date: placement.endsOn,
          summary: `Placement ends: ${placement.specialty}, ${where}`,
          ...common,
        },
      );
    }
  }
  events.sort((a, b) => a.date.localeCompare(b.date));
  return calendar('My year (Breadth)', events, now);
}

/** The regions the person may add programme years in: every region for platform administrators. */
export async function regionChoices(context: ServiceContext): Promise<Choice[]> {
  return regionsIn(context.db, teamRegions(context.principal));
}

// ----- Spreadsheet import and export -----

/** A programme year the person may manage; one in another region is reported as not found, never as forbidden. */
async function visibleYear(context: ServiceContext, yearId: string): Promise<ProgrammeYear & { regionName: string }> {
  const years = await listYears(context);
  const year = years.find((candidate) => candidate.id === yearId);
  if (year === undefined) throw new NotFoundError();
  return year;
}

export type ImportResult =
  | {
      ok: true;
      year: ProgrammeYear & { regionName: string };
      posts: { id: string; code: string; title: string; placements: number }[];
      placements: number;
      warnings: ImportWarning[];
    }
  | { ok: false; problems: CsvProblem[] };

/**
 * Adds the posts and placements of a spreadsheet to a programme year, all or nothing: the file is checked inside
 * the transaction against what the region holds, and every post and placement is audited, with one summary event.
 */
export async function importPosts(context: ServiceContext, yearId: string, text: string): Promise<ImportResult> {
  const year = await visibleYear(context, yearId);
  const read = readCsv(text);
  if (!read.ok) return read;
  try {
    return await context.db.transaction(async (tx): Promise<ImportResult> => {
      const [organisations, sites, supervisors, existingPostCodes] = await Promise.all([
        repository.organisationChoices(tx, year.regionId),
        csvRepository.regionSites(tx, year.regionId),
        csvRepository.supervisorEmails(tx, year.regionId),
        csvRepository.postCodesOfYear(tx, year.id),
      ]);
      const plan = planImport(read.rows, {
        year,
        regionName: year.regionName,
        organisations,
        sites,
        supervisors,
        existingPostCodes,
      });
      if (!plan.ok) return plan;
      const created: { id: string; code: string; title: string; placements: number }[] = [];
      for (const planned of plan.posts) {
        const post = await repository.insertPost(tx, {
          id: newId(),
          programmeYearId: year.id,
          regionId: year.regionId,
          ...planned.fields,
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
            summary: `Added post ${post.code} (${year.name}) from a spreadsheet`,
            after: postValues(post),
          },
          context.now,
        );
        for (const { values } of planned.placements) {
          await addPlacement(context, tx, post, values, ' from a spreadsheet');
        }
        created.push({ id: post.id, code: post.code, title: post.title, placements: planned.placements.length });
      }
      await audit(
        tx,
        context.actor,
        {
          action: 'import',
          entityType: 'post',
          regionId: year.regionId,
          summary: `Imported ${String(created.length)} posts and ${String(plan.placements)} placements into ${year.name}`,
          after: {
            programmeYearId: year.id,
            posts: created.map((post) => post.code),
            placements: plan.placements,
            warnings: plan.warnings.map((warning) => `${warning.postCode}: ${warning.message}`),
          },
        },
        context.now,
      );
      return { ok: true, year, posts: created, placements: plan.placements, warnings: plan.warnings };
    });
  } catch (error) {
    // Someone else added a post with one of the file's codes while it was being imported.
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        problems: [
          {
            row: 1,
            column: 'post_code',
            message: `A post with one of these codes was added to ${year.name} while the file was being imported. Upload the file again to see which`,
          },
        ],
      };
    }
    throw error;
  }
}

/**
 * A programme year's posts and placements as CSV, for a year in the person's region(s) only. Without a year, the
 * newest one the person may see (the first the posts list shows); with no years at all, just the header row.
 */
export async function exportPosts(
  context: ServiceContext,
  yearId: string | undefined,
): Promise<{ year: (ProgrammeYear & { regionName: string }) | null; csv: string }> {
  let year: ProgrammeYear & { regionName: string };
  if (yearId === undefined || yearId === '') {
    const newest = (await listYears(context))[0];
    if (newest === undefined) return { year: null, csv: exportCsv([]) };
    year = newest;
  } else {
    year = await visibleYear(context, yearId);
  }
  const rows = await csvRepository.exportablePosts(context.db, year.id);
  const placements = await repository.listPlacements(
    context.db,
    rows.map((row) => row.id),
  );
  const byPost = new Map<string, PlacementDetail[]>();
  for (const placement of placements)
    byPost.set(placement.postId, [...(byPost.get(placement.postId) ?? []), placement]);
  const csv = exportCsv(
    rows.map((row) => ({
      ...row,
      placements: (byPost.get(row.id) ?? []).map((placement) => ({
        organisationName: placement.organisationName,
        siteName: placement.site?.name ?? null,
        setting: placement.setting,
        specialty: placement.specialty,
        startsOn: placement.startsOn,
        endsOn: placement.endsOn,
        sessionsPerWeek: placement.sessionsPerWeek,
        supervisorEmail: placement.supervisor?.email ?? null,
      })),
    })),
  );
  return { year, csv };
}

/** The years a person may import into or export, newest first. */
export async function importableYears(context: ServiceContext): Promise<(ProgrammeYear & { regionName: string })[]> {
  return listYears(context);
}

// ----- Personal data -----

/**
 * A person's part of the data download: the posts they have been placed in (archived ones too) with each
 * placement, naming supervisors but giving no other person's details, and the placements they supervise.
 */
export async function personalData(db: Db, userId: string): Promise<Record<string, unknown>> {
  const assignments = await myYearRepository.learnerAssignments(db, userId);
  const assigned = [];
  for (const assignment of assignments) {
    const post = await repository.findPost(db, assignment.postId);
    if (post === undefined) continue;
    const placements = await repository.listPlacements(db, [post.id]);
    assigned.push({
      assignedAt: assignment.assignedAt.toISOString(),
      assignedBy: assignment.source,
      post: {
        code: post.code,
        title: post.title,
        programmeYear: post.year.name,
        startsOn: post.year.startsOn,
        endsOn: post.year.endsOn,
        region: post.regionName,
        leadEmployer: post.leadEmployerName,
        archived: post.archivedAt !== null,
      },
      placements: placements.map((placement) => ({
        provider: placement.organisationName,
        site: placement.site?.name ?? null,
        setting: SETTING_LABELS[placement.setting],
        specialty: placement.specialty,
        startsOn: placement.startsOn,
        endsOn: placement.endsOn,
        sessionsPerWeek: placement.sessionsPerWeek,
        clinicalSupervisor: placement.supervisor?.name ?? null,
      })),
    });
  }
  const calendar = await myYearRepository.calendarTokenOf(db, userId);
  return {
    posts: assigned,
    calendarLinkCreatedAt: calendar?.createdAt.toISOString() ?? null,
    supervising: await myYearRepository.supervisedPlacements(db, userId),
  };
}

/** Erasure step: the private "my year" calendar link goes; placements and assignments stay, anonymised. */
export async function erasePlacementData(db: Db, userId: string): Promise<string | null> {
  return myYearRepository.deleteCalendarToken(db, userId);
}
