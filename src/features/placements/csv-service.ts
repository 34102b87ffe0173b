/** A spreadsheet's posts and placements imported into a programme year, all or nothing, and a year's exported. */
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit } from '../../platform/audit/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { exportCsv, planImport, readCsv, type CsvProblem, type ImportWarning } from './domain/csv.ts';
import * as repository from './repository.ts';
import type { PlacementDetail, ProgrammeYear } from './repository.ts';
import * as csvRepository from './csv-repository.ts';
import { addPlacement, listYears, postValues, type ServiceContext } from './service.ts';

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
