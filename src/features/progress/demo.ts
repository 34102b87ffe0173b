/**
 * The demo learners' stage histories and the annual reviews of each year they finished: the first satisfactory, a
 * later one asking for more evidence.
 */
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { londonTime } from '../../shared/london-time.ts';
import { demoSetting } from '../curriculum/index.ts';
import { insertReviews, insertStageHistory } from './repository.ts';

export async function seedDemoProgress(db: Db, now: Date): Promise<void> {
  const setting = await demoSetting(db, now);
  if (setting === undefined) return;
  const { regionId, admin } = setting;
  for (const { id: learnerId, stages, intake } of setting.learners) {
    await insertStageHistory(
      db,
      stages.map((stage, index) => ({
        id: newId(),
        learnerUserId: learnerId,
        stage,
        startedOn: `${String(intake + index)}-08-01`,
        endedOn: index === stages.length - 1 ? null : `${String(intake + index + 1)}-07-31`,
        recordedBy: admin,
        recordedAt: now,
      })),
    );
    const finished = stages.slice(0, -1);
    if (finished.length === 0) continue;
    await insertReviews(
      db,
      finished.map((stage, index) => {
        const year = `${String(intake + index)}/${String(intake + index + 1).slice(-2)}`;
        const moreEvidence = index === 1;
        return {
          id: newId(),
          learnerUserId: learnerId,
          regionId,
          year,
          stage,
          outcome: moreEvidence ? ('more-evidence-needed' as const) : ('satisfactory' as const),
          comments: moreEvidence
            ? 'Good progress in person-centred practice and systems working. The panel would like to see more evidence in environmental sustainability before the end of the first term.'
            : 'A strong first year: thoughtful reflections on patient journeys and full attendance at learning days.',
          actions: moreEvidence
            ? ['Complete the sustainable quality improvement workshop and reflect on it, by the end of December']
            : [],
          panel: 'Programme director, educational supervisor and a lay representative',
          recordedBy: admin,
          recordedAt: londonTime(intake + index + 1, 7, 10, 12, 0),
          updatedAt: londonTime(intake + index + 1, 7, 10, 12, 0),
        };
      }),
    );
  }
}
