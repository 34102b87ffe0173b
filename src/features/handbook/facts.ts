/** Gathers ProgrammeFacts (domain/facts.ts) from the other features' query functions (ADR 12). */
import type { Db } from '../../platform/db/client.ts';
import { londonToday } from '../../shared/london-time.ts';
import { ACTIVITY_TYPE_LABELS, currentVersion, regionCurriculum, sortedDomains } from '../curriculum/index.ts';
import { scheduledEventsBetween } from '../events/index.ts';
import { organisationNamesOf, regionsIn } from '../organisations/index.ts';
import { postsOfYear, programmeYearsIn, SETTINGS, SETTING_LABELS } from '../placements/index.ts';
import { PROJECT_AREAS, PROJECT_AREA_LABELS } from '../projects/index.ts';
import { chooseYear, settingCounts, type ModuleFacts, type ProgrammeFacts } from './domain/facts.ts';

const DAY_MS = 86_400_000;

async function curriculumFacts(db: Db, regionId: string): Promise<ProgrammeFacts['curriculum']> {
  const curriculum = await regionCurriculum(db, regionId);
  const version = curriculum === undefined ? undefined : await currentVersion(db, curriculum.id);
  if (version === undefined) return null;
  const content = version.content;
  const modules: ModuleFacts[] = sortedDomains(content).map((domain) => ({
    code: domain.code,
    title: domain.title,
    description: domain.description,
    whyItMatters: domain.whyItMatters,
    stages: content.stages.flatMap((stage) => {
      const outcomes = content.outcomes
        .filter((outcome) => outcome.domainCode === domain.code && outcome.stageCode === stage.code)
        .sort((a, b) => a.code.localeCompare(b.code, 'en-GB', { numeric: true }))
        .map((outcome) => ({ code: outcome.code, text: outcome.text }));
      return outcomes.length === 0 ? [] : [{ code: stage.code, name: stage.name, outcomes }];
    }),
  }));
  return {
    versionNumber: version.number ?? 0,
    stages: content.stages.map((stage) => ({ code: stage.code, name: stage.name })),
    modules,
  };
}

/** What the region's programme is today, from its curriculum, posts, events and project areas. */
export async function programmeFacts(db: Db, regionId: string, now: Date): Promise<ProgrammeFacts> {
  const [region] = await regionsIn(db, [regionId]);
  const year = chooseYear(await programmeYearsIn(db, [regionId]), londonToday(now));
  let yearFacts: ProgrammeFacts['year'] = null;
  let events: ProgrammeFacts['events'] = [];
  if (year !== null) {
    const offered = await postsOfYear(db, year.id);
    const employers = await organisationNamesOf(
      db,
      offered.map((post) => post.leadEmployerId),
    );
    const posts = offered.map((post) => ({
      code: post.code,
      title: post.title,
      capacity: post.capacity,
      leadEmployer: employers.get(post.leadEmployerId)?.name ?? '',
      settings: SETTINGS.filter((setting) => post.settings.includes(setting)).map((setting) => SETTING_LABELS[setting]),
    }));
    yearFacts = {
      name: year.name,
      startsOn: year.startsOn,
      endsOn: year.endsOn,
      posts,
      settings: settingCounts(posts),
    };
    // The year's days in London, with a day's slack either side for the clocks' hour.
    const from = new Date(Date.parse(`${year.startsOn}T00:00:00Z`) - DAY_MS / 24);
    const to = new Date(Date.parse(`${year.endsOn}T00:00:00Z`) + DAY_MS);
    events = (await scheduledEventsBetween(db, regionId, from, to)).map((event) => ({
      title: event.title,
      type: ACTIVITY_TYPE_LABELS[event.type],
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      venue: event.venue,
      online: event.onlineUrl !== null,
    }));
  }
  return {
    regionCode: region?.code ?? '',
    regionName: region?.name ?? '',
    curriculum: await curriculumFacts(db, regionId),
    year: yearFacts,
    events,
    projectAreas: PROJECT_AREAS.map((key) => ({ key, label: PROJECT_AREA_LABELS[key] })),
  };
}
