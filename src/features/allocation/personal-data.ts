import { and, asc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
import { postCodesOf } from '../placements/index.ts';
import {
  allocationRuns,
  allocationSwaps,
  preferenceSubmissions,
  preferenceWindowLearners,
  preferenceWindows,
} from './schema.ts';

const RUN_RECORD = 'keyed by account ids, never names; kept so that the run can be checked and reproduced';

export const allocationPersonalData = [
  declareTable(preferenceWindows, {
    name: notPersonal('the name of a preference window'),
    mechanism: notPersonal('one of a fixed list of allocation methods'),
    status: notPersonal('one of a fixed list of window states'),
  }),
  declareTable(preferenceWindowLearners, {
    preallocationReason: personal('allocation', 'cleared', 'the pre-allocation itself is kept, anonymised'),
  }),
  declareTable(preferenceSubmissions, { ranking: personal('allocation', 'row deleted') }),
  declareTable(allocationRuns, {
    mechanism: notPersonal('one of a fixed list of allocation methods'),
    input: personal('allocation', 'identifiers removed', RUN_RECORD),
    result: personal('allocation', 'identifiers removed', RUN_RECORD),
    stats: notPersonal('counts and rates over everyone in the run'),
    runByName: personal('allocation', 'identifiers removed'),
  }),
  declareTable(allocationSwaps, { reason: personal('allocation', 'cleared', 'the swap itself is kept, anonymised') }),
];

/** The person's part of the data download: the windows they were in, their rankings, results and swaps. */
export async function allocationPersonalDataOf(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [windows, rankings, swaps, runs] = await Promise.all([
    db
      .select({
        windowId: preferenceWindows.id,
        window: preferenceWindows.name,
        preallocatedPostId: preferenceWindowLearners.preallocatedPostId,
        specialCircumstances: preferenceWindowLearners.preallocationReason,
        linkedApplication: preferenceWindowLearners.linkedWithUserId,
        publishedRunId: preferenceWindows.publishedRunId,
      })
      .from(preferenceWindowLearners)
      .innerJoin(preferenceWindows, eq(preferenceWindows.id, preferenceWindowLearners.windowId))
      .where(eq(preferenceWindowLearners.learnerUserId, userId))
      .orderBy(asc(preferenceWindows.createdAt)),
    db
      .select({
        windowId: preferenceSubmissions.windowId,
        ranking: preferenceSubmissions.ranking,
        submittedAt: preferenceSubmissions.submittedAt,
        updatedAt: preferenceSubmissions.updatedAt,
      })
      .from(preferenceSubmissions)
      .where(eq(preferenceSubmissions.learnerUserId, userId)),
    db
      .select({ windowId: allocationSwaps.windowId, reason: allocationSwaps.reason, at: allocationSwaps.createdAt })
      .from(allocationSwaps)
      .where(or(eq(allocationSwaps.firstLearnerUserId, userId), eq(allocationSwaps.secondLearnerUserId, userId))),
    db
      .select({ windowId: allocationRuns.windowId, seed: allocationRuns.seed, at: allocationRuns.createdAt })
      .from(allocationRuns)
      .where(eq(allocationRuns.runBy, userId))
      .orderBy(asc(allocationRuns.createdAt)),
  ]);
  const runIds = windows.flatMap((window) => (window.publishedRunId === null ? [] : [window.publishedRunId]));
  const published =
    runIds.length === 0
      ? []
      : await db
          .select({ id: allocationRuns.id, result: allocationRuns.result })
          .from(allocationRuns)
          .where(inArray(allocationRuns.id, runIds));
  const codes = await postCodesOf(db, [
    ...windows.map((window) => window.preallocatedPostId),
    ...rankings.flatMap((row) => row.ranking),
  ]);
  return {
    preferenceWindows: windows.map((window) => {
      const ranking = rankings.find((row) => row.windowId === window.windowId);
      const result = published.find((run) => run.id === window.publishedRunId)?.result;
      return {
        window: window.window,
        preallocatedTo: window.preallocatedPostId === null ? null : (codes.get(window.preallocatedPostId) ?? null),
        specialCircumstances: window.specialCircumstances,
        linkedApplication: window.linkedApplication !== null,
        ranking: ranking?.ranking.map((id) => codes.get(id) ?? id) ?? null,
        submittedAt: ranking?.submittedAt ?? null,
        result: result?.explanations.find((item) => item.applicant === userId) ?? null,
        swaps: swaps.filter((swap) => swap.windowId === window.windowId).map(({ reason, at }) => ({ reason, at })),
      };
    }),
    allocationRunsYouRan: runs.map(({ seed, at }) => ({ seed, at })),
  };
}

/**
 * Erasure: rankings go, and the special circumstances and swap reasons, which are often about health or family,
 * are cleared. Pre-allocations, swaps and runs stay, tied to the anonymised account, so the allocation still adds up.
 */
export async function eraseAllocationData(db: Db, userId: string): Promise<string | null> {
  const rankings = await db
    .delete(preferenceSubmissions)
    .where(eq(preferenceSubmissions.learnerUserId, userId))
    .returning({ windowId: preferenceSubmissions.windowId });
  const reasons = await db
    .update(preferenceWindowLearners)
    .set({ preallocationReason: null })
    .where(
      and(eq(preferenceWindowLearners.learnerUserId, userId), isNotNull(preferenceWindowLearners.preallocationReason)),
    )
    .returning({ windowId: preferenceWindowLearners.windowId });
  const swaps = await db
    .update(allocationSwaps)
    .set({ reason: '' })
    .where(or(eq(allocationSwaps.firstLearnerUserId, userId), eq(allocationSwaps.secondLearnerUserId, userId)))
    .returning({ id: allocationSwaps.id });
  if (rankings.length === 0 && reasons.length === 0 && swaps.length === 0) return null;
  return `${String(rankings.length)} rankings, the special circumstances of ${String(reasons.length)} windows and the reasons of ${String(swaps.length)} swaps removed`;
}
