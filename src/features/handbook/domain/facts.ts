/**
 * What the programme's own data says about it, gathered in one place: the handbook's generated sections are made
 * from these when a version is published, and the public pages show them live. Plain JSON (dates as ISO strings),
 * so a published handbook can keep them as they were on the day.
 */

export interface ModuleFacts {
  code: string;
  title: string;
  description: string;
  whyItMatters: string;
  /** The curriculum's stages in order, each with this module's outcomes at that stage (stages with none left out). */
  stages: { code: string; name: string; outcomes: { code: string; text: string }[] }[];
}

export interface PostFacts {
  code: string;
  title: string;
  capacity: number;
  leadEmployer: string;
  /** The settings the post's placements are in, as labels, in the order of SETTINGS. */
  settings: string[];
}

export interface EventFacts {
  title: string;
  /** The kind of learning activity, as a label. */
  type: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  online: boolean;
}

export interface ProgrammeFacts {
  regionCode: string;
  regionName: string;
  /** The region's current curriculum version, or null when it has none. */
  curriculum: { versionNumber: number; stages: { code: string; name: string }[]; modules: ModuleFacts[] } | null;
  /** The programme year running today (else the next to start, else the latest), or null when there is none. */
  year: {
    name: string;
    startsOn: string;
    endsOn: string;
    posts: PostFacts[];
    /** Each setting with how many of the year's posts include it, most first. */
    settings: { label: string; posts: number }[];
  } | null;
  /** The year's scheduled learning events, soonest first (all of the year, past ones included). */
  events: EventFacts[];
  projectAreas: { key: string; label: string }[];
}

/** The year to describe: the one running on `today` (YYYY-MM-DD), else the next to start, else the latest to end. */
export function chooseYear<Y extends { startsOn: string; endsOn: string }>(
  years: readonly Y[],
  today: string,
): Y | null {
  const running = years.filter((year) => year.startsOn <= today && today <= year.endsOn);
  if (running.length > 0) return [...running].sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1))[0] ?? null;
  const coming = years.filter((year) => year.startsOn > today).sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1));
  if (coming.length > 0) return coming[0] ?? null;
  return [...years].sort((a, b) => (a.endsOn < b.endsOn ? 1 : -1))[0] ?? null;
}

/** How many posts include each setting, most first, ties by label. */
export function settingCounts(posts: readonly PostFacts[]): { label: string; posts: number }[] {
  const counts = new Map<string, number>();
  for (const post of posts) for (const label of new Set(post.settings)) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts]
    .map(([label, n]) => ({ label, posts: n }))
    .sort((a, b) => b.posts - a.posts || a.label.localeCompare(b.label, 'en-GB'));
}
