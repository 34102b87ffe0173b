/**
 * The demo's allocation, built through the feature's own services as the programme team and the learners would
 * have built it, so that a newcomer finds every part of allocation in use:
 *
 * - the window for this year's posts, held in the January before the year began, closed and published: twelve F2
 *   learners (the demo F2 learner and the demo cohort) ranked twelve posts, one was pre-allocated on special
 *   circumstances, two linked their applications, and the published run is the one that put the demo F2 learner
 *   in their post, so each of them can read why they got theirs;
 * - the window for next year's posts, opened nine days ago and open four more weeks: some F1 learners have
 *   submitted, some have a draft, and the demo F1 learner has still to rank.
 *
 * The lottery orders applicants by their ids, which are new on each load, so the seed is chosen on each load (the
 * first that works, by the same domain functions the run uses): one under which the three methods give three
 * different allocations, and the demo F2 learner is given their current post as their second choice.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Context } from '../../platform/context.ts';
import { Mailer } from '../../platform/mail/mailer.ts';
import { londonParts, londonTime, londonToday } from '../../shared/london-time.ts';
import { regionIdByCode } from '../organisations/index.ts';
import { DEMO_DOMAIN, demoCohortEmails, loadRoles } from '../people/index.ts';
import { programmeYearsIn } from '../placements/index.ts';
import { allocate, MECHANISMS, type AllocationInput, type Mechanism } from './domain/allocate.ts';
import { buildApplicants } from './domain/arrangements.ts';
import { linkApplications, preallocate } from './arrangement-service.ts';
import { saveRanking } from './preferences-service.ts';
import * as repository from './repository.ts';
import type { PostRow } from './repository.ts';
import { publishRun, runAllocation } from './runs-service.ts';
import { createWindow, openWindow } from './service.ts';

const DAY = 24 * 60 * 60 * 1000;
/** The demo's links in emails: the address a server on the default port has (mail in the demo is only held). */
const DEMO_PUBLIC_URL = 'http://localhost:3000';
const MECHANISM: Mechanism = 'serial-dictatorship';
/** Where the search for the lottery's seed starts: any number would do; this one looks like a drawn one. */
const FIRST_SEED = 73_519;

/**
 * The F2 learners' rankings, made when they were F1: positions in the window's posts by code (0 is EOE-GEN-01, the demo F2 learner's post
 * now). Three posts are everyone's favourites, so the order of turns matters and the methods differ.
 */
const F2_RANKINGS: readonly (readonly number[])[] = [
  [2, 0, 4, 6, 10, 5], // the demo F2 learner
  [2, 4, 6, 1, 7, 11],
  [4, 2, 6, 3, 8, 11],
  [6, 4, 2, 5, 7, 10],
  [2, 6, 3, 5, 11, 8],
  [4, 6, 10, 7, 3, 5],
  // Linked with the next, with the same list: the popular post and another of its trust, else the two-place post.
  [2, 10, 9, 1, 5, 3],
  [2, 10, 9, 1, 5, 3],
  [7, 3, 11, 5, 8, 10], // pre-allocated to EOE-GEN-04
  [6, 2, 7, 8, 5, 11],
  [5, 4, 11, 7, 8, 10],
  [1, 6, 2, 11, 8, 7],
];
const LINKED = [6, 7] as const;
const PREALLOCATED = { learner: 8, post: 3, reason: 'Caring responsibilities: the panel agreed a post near home' };

/** The F1 cohort's rankings of next year's posts so far: submitted or a draft; the demo F1 learner has none yet. */
const F1_RANKINGS: readonly { posts: readonly number[]; submit: boolean }[] = [
  { posts: [0, 3, 5, 1, 7], submit: true },
  { posts: [3, 0, 2, 8], submit: true },
  { posts: [5, 3, 9, 0, 6, 4], submit: true },
  { posts: [1, 0, 3], submit: true },
  { posts: [9, 5, 3], submit: false },
  { posts: [0, 4], submit: false },
];

interface Person {
  id: string;
  email: string;
  displayName: string;
  totpEnabledAt: Date | null;
}

export async function seedDemoAllocation(db: Db, now: Date): Promise<void> {
  const regionId = await regionIdByCode(db, 'east-of-england');
  if (regionId === undefined) return;
  const f2Emails = [`learner${DEMO_DOMAIN}`, ...demoCohortEmails('F2')];
  const f1Emails = [`learner.f1${DEMO_DOMAIN}`, ...demoCohortEmails('F1')];
  const adminEmail = `programme.admin${DEMO_DOMAIN}`;
  const rows = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName, totpEnabledAt: users.totpEnabledAt })
    .from(users)
    .where(inArray(users.email, [adminEmail, ...f2Emails, ...f1Emails]));
  const byEmail = new Map(rows.map((row) => [row.email, row]));
  const people = (emails: string[]) => emails.flatMap((email) => byEmail.get(email) ?? []);
  const admin = byEmail.get(adminEmail);
  const f2 = people(f2Emails);
  const f1 = people(f1Emails);
  if (admin === undefined || f2.length !== f2Emails.length || f1.length !== f1Emails.length) return;

  const today = londonToday(now);
  const years = await programmeYearsIn(db, [regionId]);
  const thisYear = years.find((year) => year.startsOn <= today && today <= year.endsOn);
  const nextYear = years.find((year) => thisYear !== undefined && year.startsOn > thisYear.endsOn);
  if (thisYear === undefined || nextYear === undefined) return;

  const mailer = new Mailer(db, {
    smtpUrl: undefined,
    from: 'Breadth demo',
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    // Nothing the demo's windows send carries a sign-in link, so nothing is sealed with it.
    secret: 'the demo allocation seals nothing with this',
    revealLinks: false,
  });
  const as = async (person: Person, at: Date): Promise<Context> => ({
    db,
    principal: {
      userId: person.id,
      email: person.email,
      displayName: person.displayName,
      roles: await loadRoles(db, person.id),
      totpEnabled: person.totpEnabledAt !== null,
    },
    actor: { userId: person.id, label: person.displayName },
    now: at,
    mailer,
    publicUrl: DEMO_PUBLIC_URL,
  });

  await publishedWindow(db, as, admin, f2, thisYear, Number(thisYear.startsOn.slice(0, 4)));
  await openRankingWindow(db, as, admin, f1, nextYear, now);
}

type As = (person: Person, at: Date) => Promise<Context>;
type Year = { id: string; name: string };

async function postsByCode(db: Db, yearId: string, count: number): Promise<PostRow[]> {
  const posts = await repository.yearPosts(db, yearId);
  return posts.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).slice(0, count);
}

/** In the January before this year began: the window for this year's posts, ranked, run and published. */
async function publishedWindow(db: Db, as: As, admin: Person, learners: Person[], year: Year, calendarYear: number) {
  const posts = await postsByCode(db, year.id, F2_RANKINGS.length);
  if (posts.length < F2_RANKINGS.length) return;
  const rankings = new Map(
    learners.map((learner, index) => [learner.id, (F2_RANKINGS[index] ?? []).map((at) => posts[at]?.id ?? '')]),
  );
  const linked = LINKED.map((index) => learners[index]?.id ?? '');
  const preallocated = { learner: learners[PREALLOCATED.learner]?.id ?? '', post: posts[PREALLOCATED.post]?.id ?? '' };
  const seed = chooseSeed(demoInput(posts, rankings, linked, preallocated), learners[0]?.id ?? '', posts[0]?.id ?? '');

  const created = londonTime(calendarYear, 1, 12, 9, 30);
  const window = await createWindow(await as(admin, created), {
    yearId: year.id,
    name: `${year.name} allocation`,
    postIds: posts.map((post) => post.id),
    learnerIds: learners.map((learner) => learner.id),
    deadline: londonTime(calendarYear, 2, 6, 17, 0),
    mechanism: MECHANISM,
    seed,
  });
  await openWindow(await as(admin, new Date(created.getTime() + 30 * 60 * 1000)), window.id);
  const panel = await as(admin, londonTime(calendarYear, 1, 19, 14, 0));
  await preallocate(panel, window.id, {
    learnerId: preallocated.learner,
    postId: preallocated.post,
    reason: PREALLOCATED.reason,
  });
  await linkApplications(panel, window.id, { firstLearnerId: linked[0] ?? '', secondLearnerId: linked[1] ?? '' });
  for (const [index, learner] of learners.entries()) {
    const at = londonTime(calendarYear, 1, 14 + index, 13 + (index % 5), 5 * index);
    await saveRanking(await as(learner, at), window.id, rankings.get(learner.id) ?? [], true);
  }
  // After the deadline, the window counts as closed: the run closes it as of its deadline.
  const run = await runAllocation(await as(admin, londonTime(calendarYear, 2, 9, 10, 0)), window.id, seed);
  await publishRun(await as(admin, londonTime(calendarYear, 2, 9, 11, 0)), window.id, run.id);
}

/** Nine days ago: the window for next year's posts, open for four more weeks. */
async function openRankingWindow(db: Db, as: As, admin: Person, learners: Person[], year: Year, now: Date) {
  const posts = await postsByCode(db, year.id, 10);
  if (posts.length === 0) return;
  const opened = inLondon(new Date(now.getTime() - 9 * DAY), 9, 30);
  const window = await createWindow(await as(admin, opened), {
    yearId: year.id,
    name: `${year.name} allocation`,
    postIds: posts.map((post) => post.id),
    learnerIds: learners.map((learner) => learner.id),
    deadline: inLondon(new Date(now.getTime() + 28 * DAY), 17),
    mechanism: MECHANISM,
    seed: 20_270_801,
  });
  await openWindow(await as(admin, new Date(opened.getTime() + 10 * 60 * 1000)), window.id);
  // The demo F1 learner (first) has not ranked yet: the home page asks them to.
  for (const [index, ranking] of F1_RANKINGS.entries()) {
    const learner = learners[index + 1];
    if (learner === undefined) continue;
    const at = inLondon(new Date(opened.getTime() + (index + 1) * DAY), 13 + index);
    const ids = ranking.posts.flatMap((position) => posts[position]?.id ?? []);
    await saveRanking(await as(learner, at), window.id, ids, ranking.submit);
  }
}

/**
 * A time in London on the day an instant falls on there. The demo's times are whole working hours, never midday:
 * formatDateTime shows 12:xx as "0:xxpm" (ICU's en-GB 12-hour clock), which would look broken in the demo.
 */
function inLondon(instant: Date, hour: number, minute = 0): Date {
  const { day, month, year } = londonParts(instant);
  return londonTime(Number(year), Number(month), Number(day), hour, minute);
}

/** The engine's input as the run will build it from the window (without seed and method). */
function demoInput(
  posts: readonly PostRow[],
  rankings: ReadonlyMap<string, readonly string[]>,
  linked: readonly string[],
  preallocated: { learner: string; post: string },
): Omit<AllocationInput, 'mechanism' | 'seed'> {
  const [first, second] = linked;
  const { applicants } = buildApplicants(
    [...rankings.keys()].map((learnerId) => ({
      learnerId,
      preallocatedTo: learnerId === preallocated.learner ? preallocated.post : null,
      linkedWith: learnerId === first ? (second ?? null) : learnerId === second ? (first ?? null) : null,
    })),
    rankings,
    new Set(posts.map((post) => post.id)),
  );
  return {
    applicants,
    posts: posts.map((post) => ({ id: post.id, capacity: post.capacity, group: post.leadEmployerId })),
  };
}

/** Whether the three methods give three different allocations of the same input. */
export function mechanismsDiffer(input: Omit<AllocationInput, 'mechanism'>): boolean {
  const outcomes = MECHANISMS.map((mechanism) => JSON.stringify(allocate({ ...input, mechanism }).assignments));
  return new Set(outcomes).size === MECHANISMS.length;
}

/**
 * The first seed under which the methods differ, the learner is given the post as their second choice and
 * everyone is placed; failing that, the first that meets the first two, then the first; then the first seed tried.
 */
function chooseSeed(base: Omit<AllocationInput, 'mechanism' | 'seed'>, learnerId: string, postId: string): number {
  const tests: ((seed: number) => boolean)[] = [
    (seed) => mechanismsDiffer({ ...base, seed }),
    (seed) => {
      const result = allocate({ ...base, seed, mechanism: MECHANISM });
      const ranked = base.applicants.find((applicant) => applicant.id === learnerId)?.preferences ?? [];
      return result.assignments[learnerId] === postId && ranked.indexOf(postId) === 1;
    },
    (seed) => allocate({ ...base, seed, mechanism: MECHANISM }).unplaced.length === 0,
  ];
  for (let wanted = tests.length; wanted > 0; wanted--) {
    for (let seed = FIRST_SEED; seed < FIRST_SEED + 2000; seed++) {
      if (tests.slice(0, wanted).every((test) => test(seed))) return seed;
    }
  }
  return FIRST_SEED;
}
