/**
 * Who has read the handbook: the region's learners and supervisors against its current version, and reminders to
 * those who have not, at most one a day each.
 */
import { audit } from '../../platform/audit/audit.ts';
import type { Context } from '../../platform/context.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import type { Region } from '../organisations/index.ts';
import { roleHoldersIn } from '../people/index.ts';
import { ACKNOWLEDGERS, managedRegion } from './policy.ts';
import * as repository from './repository.ts';
import type { AcknowledgementFilter, PublishedHandbookSummary, Reader } from './repository.ts';

const DAY_MS = 86_400_000;
const PAGE_SIZE = DEFAULT_PAGE_SIZE;
export { ACKNOWLEDGEMENT_FILTERS, type AcknowledgementFilter, type Reader } from './repository.ts';

export interface AcknowledgementsView {
  region: Region;
  current: PublishedHandbookSummary | null;
  page: Page<Reader>;
  counts: { all: number; has: number; hasNot: number };
}

/** The ids of the region's learners and supervisors whose accounts are active: those who acknowledge. */
async function readerIdsOf(ctx: Pick<Context, 'db'>, regionId: string): Promise<string[]> {
  return (await roleHoldersIn(ctx.db, regionId, ACKNOWLEDGERS, ['active'])).map((person) => person.id);
}

/** A day before now: a reminder since then is recent, and another is not sent. */
function recentSince(now: Date): Date {
  return new Date(now.getTime() - DAY_MS);
}

export async function acknowledgementsView(
  ctx: Pick<Context, 'db' | 'principal' | 'now'>,
  regionCode: string,
  options: { filter: AcknowledgementFilter; q: string; page: number },
): Promise<AcknowledgementsView> {
  const region = await managedRegion(ctx, regionCode);
  const current = await repository.currentHandbookOf(ctx.db, region.id);
  if (current === null) {
    return { region, current, page: toPage([], 0, 1), counts: { all: 0, has: 0, hasNot: 0 } };
  }
  const selection = {
    versionId: current.id,
    readerIds: await readerIdsOf(ctx, region.id),
    filter: options.filter,
    search: options.q,
  };
  const counts = await repository.readerCounts(ctx.db, selection);
  // A page past the last shows the last.
  const number = Math.min(options.page, Math.max(1, Math.ceil(counts.shown / PAGE_SIZE)));
  const shown = await repository.readersShown(ctx.db, selection, recentSince(ctx.now), {
    limit: PAGE_SIZE,
    offset: offsetFor(number, PAGE_SIZE),
  });
  return {
    region,
    current,
    page: toPage(shown, counts.shown, number, PAGE_SIZE),
    counts: { all: counts.all, has: counts.has, hasNot: counts.all - counts.has },
  };
}

export interface ReminderPlan {
  region: Region;
  current: PublishedHandbookSummary;
  toRemind: Reader[];
  /** Those who have not acknowledged but were reminded in the last 24 hours. */
  skipped: number;
}

export async function reminderPlan(
  ctx: Pick<Context, 'db' | 'principal' | 'now'>,
  regionCode: string,
): Promise<ReminderPlan> {
  const region = await managedRegion(ctx, regionCode);
  const current = await repository.currentHandbookOf(ctx.db, region.id);
  if (current === null) throw new NotFoundError();
  const waiting = await repository.readersShown(
    ctx.db,
    { versionId: current.id, readerIds: await readerIdsOf(ctx, region.id), filter: 'has-not', search: '' },
    recentSince(ctx.now),
  );
  const toRemind = waiting.filter((reader) => !reader.remindedRecently);
  return { region, current, toRemind, skipped: waiting.length - toRemind.length };
}

/** Emails each person who has not acknowledged the current version and was not reminded in the last day. */
export async function sendReminders(
  ctx: Context,
  regionCode: string,
  expectedVersionId: string,
): Promise<{ sent: number; skipped: number }> {
  const plan = await reminderPlan(ctx, regionCode);
  if (plan.current.id !== expectedVersionId) {
    throw new RuleError(
      'A newer version of the handbook has been published since you opened this page. Check who to remind again.',
    );
  }
  const link = `${ctx.publicUrl.replace(/\/$/, '')}/handbook`;
  const publicLink = `${ctx.publicUrl.replace(/\/$/, '')}/school/${plan.region.code}/handbook`;
  await ctx.db.transaction(async (tx) => {
    for (const reader of plan.toRemind) {
      await ctx.mailer.queue(
        tx,
        {
          to: reader.email,
          regionId: plan.region.id,
          subject: `Please read the ${plan.region.name} handbook (version ${String(plan.current.number)})`,
          text: [
            `Dear ${reader.name},`,
            '',
            `Version ${String(plan.current.number)} of the ${plan.region.name} School of Generalism handbook was published and you have not yet told us you have read it.`,
            '',
            `What changed: ${plan.current.changeSummary}`,
            '',
            `Read it here: ${publicLink}`,
            `Then sign in and acknowledge it: ${link}`,
            '',
            `The ${plan.region.name} programme team`,
          ].join('\n'),
        },
        ctx.now,
      );
    }
    await repository.insertReminders(
      tx,
      plan.current.id,
      plan.toRemind.map((reader) => reader.id),
      ctx.principal.userId,
      ctx.now,
    );
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'handbook_reminder',
        entityId: plan.current.id,
        regionId: plan.region.id,
        summary: `Reminded ${String(plan.toRemind.length)} people to read version ${String(plan.current.number)} of the ${plan.region.name} handbook`,
      },
      ctx.now,
    );
  });
  return { sent: plan.toRemind.length, skipped: plan.skipped };
}
