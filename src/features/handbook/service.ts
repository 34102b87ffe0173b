/**
 * Reading the handbook: the public pages (the current version, older ones, the difference between two, the PDF) and
 * the signed-in reader's page with acknowledgement, and the home page's task for those who have not acknowledged.
 */
import type { Principal } from '../../platform/auth/roles.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { isPlatformAdmin } from '../../platform/auth/roles.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { regionsIn, type Region } from '../organisations/index.ts';
import { compareContents, type ComparedSection } from './domain/compare.ts';
import { handbookPdf } from './pdf.ts';
import { acknowledgesIn, ownRegionIds, regionByCode } from './policy.ts';
import * as repository from './repository.ts';
import type { HandbookVersion, PublishedHandbookSummary, VersionListItem } from './repository.ts';

export interface PublishedView {
  region: Region;
  version: HandbookVersion;
  current: PublishedHandbookSummary;
  isCurrent: boolean;
}

/** A published version of the region's handbook (the current one when no number is given), or not found. */
export async function publishedVersion(db: Db, regionCode: string, number?: number): Promise<PublishedView> {
  const region = await regionByCode({ db }, regionCode);
  const current = await repository.currentHandbookOf(db, region.id);
  if (current === null) throw new NoHandbookError(region);
  const version = await repository.versionByNumber(db, region.id, number ?? current.number);
  if (version === undefined) throw new NotFoundError();
  return { region, version, current, isCurrent: version.id === current.id };
}

/** The region exists but has published no handbook: its page says so (with a 404). */
export class NoHandbookError extends Error {
  constructor(readonly region: Region) {
    super('No handbook has been published');
  }
}

export async function versionList(
  db: Db,
  regionCode: string,
): Promise<{ region: Region; versions: VersionListItem[] }> {
  const region = await regionByCode({ db }, regionCode);
  const versions = await repository.versionsOf(db, region.id);
  if (versions.length === 0) throw new NoHandbookError(region);
  return { region, versions };
}

export interface Comparison {
  region: Region;
  from: HandbookVersion;
  to: HandbookVersion;
  sections: ComparedSection[];
  versions: VersionListItem[];
}

/** Two versions of the region's handbook compared, section by section. */
export async function comparison(db: Db, regionCode: string, from: number, to: number): Promise<Comparison> {
  const { region, versions } = await versionList(db, regionCode);
  const [older, newer] = await Promise.all([
    repository.versionByNumber(db, region.id, from),
    repository.versionByNumber(db, region.id, to),
  ]);
  if (older === undefined || newer === undefined) throw new NotFoundError();
  return { region, from: older, to: newer, sections: compareContents(older.content, newer.content), versions };
}

/** A version's content never changes, so its PDF is made once and kept (the most recent few). */
const PDF_CACHE_LIMIT = 20;
const pdfCache = new Map<string, Buffer>();

export async function versionPdf(version: HandbookVersion): Promise<Buffer> {
  const cached = pdfCache.get(version.id);
  if (cached !== undefined) return cached;
  const bytes = await handbookPdf(version.content, {
    number: version.number,
    publishedAt: version.publishedAt,
    changeSummary: version.changeSummary,
  });
  pdfCache.set(version.id, bytes);
  while (pdfCache.size > PDF_CACHE_LIMIT) {
    const oldest = pdfCache.keys().next().value;
    if (oldest === undefined) break;
    pdfCache.delete(oldest);
  }
  return bytes;
}

// ----- The signed-in reader -----

export interface ReaderRegion {
  region: Region;
  current: PublishedHandbookSummary | null;
  /** Whether the person acknowledges this region's handbook (a learner or supervisor there). */
  acknowledges: boolean;
  acknowledgedAt: Date | null;
}

/** The handbooks of the person's regions (every region for a platform administrator), with their acknowledgement. */
export async function readerView(ctx: Pick<Context, 'db' | 'principal'>): Promise<ReaderRegion[]> {
  const regions = await regionsIn(ctx.db, isPlatformAdmin(ctx.principal) ? 'all' : ownRegionIds(ctx.principal));
  const currents = await repository.currentHandbooksOf(
    ctx.db,
    regions.map((region) => region.id),
  );
  const acknowledged = await repository.acknowledgedBy(
    ctx.db,
    ctx.principal.userId,
    [...currents.values()].map((current) => current.id),
  );
  return regions.map((region) => {
    const current = currents.get(region.id) ?? null;
    return {
      region,
      current,
      acknowledges: acknowledgesIn(ctx.principal, region.id),
      acknowledgedAt: current === null ? null : (acknowledged.get(current.id) ?? null),
    };
  });
}

/**
 * Records that the person has read the region's current handbook. Only its learners and supervisors acknowledge;
 * a version that is no longer current is refused, so nobody acknowledges words that have since changed.
 */
export async function acknowledge(
  ctx: Context,
  regionCode: string,
  versionId: string,
): Promise<{ number: number; recorded: boolean }> {
  const region = await regionByCode(ctx, regionCode);
  if (!acknowledgesIn(ctx.principal, region.id)) throw new NotFoundError();
  return ctx.db.transaction(async (tx) => {
    const current = await repository.currentHandbookOf(tx, region.id);
    if (current === null) throw new NotFoundError();
    if (current.id !== versionId) {
      throw new RuleError(
        `A newer version of the handbook (version ${String(current.number)}) has been published since you opened this page. Read it, then acknowledge it.`,
      );
    }
    const recorded = await repository.insertAcknowledgement(tx, current.id, ctx.principal.userId, ctx.now);
    if (recorded) {
      await audit(
        tx,
        ctx.actor,
        {
          action: 'create',
          entityType: 'handbook_acknowledgement',
          entityId: current.id,
          regionId: region.id,
          summary: `Acknowledged reading version ${String(current.number)} of the ${region.name} handbook`,
        },
        ctx.now,
      );
    }
    return { number: current.number, recorded };
  });
}

/** "Read and acknowledge the handbook" for a learner or supervisor who has not acknowledged the current version. */
export async function handbookTasks(db: Db, principal: Principal): Promise<Task[]> {
  const regionIds = ownRegionIds(principal).filter((id) => acknowledgesIn(principal, id));
  if (regionIds.length === 0) return [];
  const currents = await repository.currentHandbooksOf(db, regionIds);
  const acknowledged = await repository.acknowledgedBy(
    db,
    principal.userId,
    [...currents.values()].map((current) => current.id),
  );
  return [...currents.values()]
    .filter((current) => !acknowledged.has(current.id))
    .map((current) => ({
      text: `Read and acknowledge the handbook (version ${String(current.number)})`,
      href: '/handbook',
      status: 'to do' as const,
    }));
}
