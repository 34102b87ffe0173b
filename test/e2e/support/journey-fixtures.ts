import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The file, in the run's data directory, that the journeys' server writes and the journeys read. */
export const FIXTURES_FILE = 'journey-fixtures.json';

export interface WindowFixture {
  windowId: string;
  name: string;
  /** The two posts' codes: every learner the fixture ranked for put the first one first. */
  codes: [string, string];
}

export interface JourneyFixtures {
  /**
   * The server's clock read once (`at`, an ISO time) with the real time at that moment (`realTime`, ms since 1970):
   * the journeys' serverNow() (support/dates.ts) runs on from it.
   */
  serverClock: { at: string; realTime: number };
  allocation: {
    /** Open, nobody has ranked: the learners' ranking journeys (one learner each). */
    ranking: WindowFixture;
    /** Open, every learner has submitted: the administrator closes, runs, compares and publishes. */
    run: WindowFixture;
    /** Published: the learners read their result. */
    result: WindowFixture & { firstPriority: string; unplaced: string };
    /** A programme year with posts and no window yet: the administrator creates one with the form. */
    newWindow: { yearName: string; codes: [string, string] };
  };
  events: {
    /** In two days, with one place and nobody booked: the waiting-list journey. */
    waitingList: { eventId: string; title: string };
    /** Starting in ten minutes, the F2 learner has a place: check-in with the code. */
    checkIn: { eventId: string; title: string };
    /** Two days ago, facilitated by the educational fellow; attended and given feedback. */
    past: { eventId: string; title: string };
  };
  /** A published version after the demo's first, which added this outcome: the comparison journey. */
  curriculum: { version: number; outcomeText: string };
  /** A case-based discussion the F2 learner sent to an assessor with no account: the path of the emailed link. */
  portfolio: { sle: { title: string; assessorLink: string } };
}

let cached: JourneyFixtures | undefined;

/** The starting state the journeys' server built (scripts/e2e-fixtures.ts): names and ids to find it by. */
export function journeyFixtures(): JourneyFixtures {
  const dataDir = process.env.BREADTH_E2E_DATA_DIR;
  if (dataDir === undefined) throw new Error('Run the journeys with `npx playwright test` (playwright.config.ts)');
  cached ??= JSON.parse(readFileSync(path.join(dataDir, FIXTURES_FILE), 'utf8')) as JourneyFixtures;
  return cached;
}
