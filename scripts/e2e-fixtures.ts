/**
 * The browser journeys' starting state, built through the app's own services right after the demo region is
 * loaded (scripts/e2e-server.ts), so a journey tests its own part in the browser instead of clicking through the
 * forms of every step before it. Each journey gets fixtures of its own, with names no other journey uses, because
 * two journey files run at once on the one demo database.
 *
 * Time is given: each step runs at the `now` it would have happened at (a past event was booked before it began,
 * marked and given feedback after), counted from the app's clock (which starts at TEST_NOW in the journeys), so
 * nothing here depends on today's date.
 *
 * What the journeys need to find is written to journey-fixtures.json in the data directory, which
 * test/e2e/support/journey-fixtures.ts reads. Never used in production: only the journeys' server runs it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../src/platform/auth/roles.ts';
import { users } from '../src/platform/auth/schema.ts';
import { loadRoles } from '../src/features/people/index.ts';
import { organisations, regions } from '../src/features/organisations/schema.ts';
import type { Setting } from '../src/features/placements/index.ts';
import * as placementService from '../src/features/placements/service.ts';
import * as allocationService from '../src/features/allocation/index.ts';
import * as eventService from '../src/features/events/index.ts';
import * as versionService from '../src/features/curriculum/draft-service.ts';
import * as sleService from '../src/features/portfolio/sle-service.ts';
import { outbox } from '../src/platform/mail/schema.ts';
import { FIXTURES_FILE, type JourneyFixtures } from '../test/e2e/support/journey-fixtures.ts';

const REGION = 'East of England';
const ACUTE_TRUST = 'Cambridge University Hospitals NHS Foundation Trust';
const PRACTICE = 'Granta Vale Medical Practice';
const COMMUNITY_TRUST = 'Norfolk Community Health and Care NHS Trust';
const MENTAL_HEALTH_TRUST = 'Cambridgeshire and Peterborough NHS Foundation Trust';
const LEARNERS = ['learner', 'learner.f1', 'learner.st1'];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface Context {
  db: FastifyInstance['db'];
  principal: Principal;
  actor: { userId: string; label: string };
  now: Date;
  mailer: FastifyInstance['mailer'];
  publicUrl: string;
}

export async function createJourneyFixtures(app: FastifyInstance, now: Date = app.clock()): Promise<JourneyFixtures> {
  const db = app.db;

  async function userId(name: string): Promise<string> {
    const [row] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, `${name}@demo.breadth.example`));
    if (row === undefined) throw new Error(`The demo account ${name} is missing`);
    return row.id;
  }

  async function as(name: string, at: Date = now): Promise<Context> {
    const [row] = await db
      .select()
      .from(users)
      .where(eq(users.email, `${name}@demo.breadth.example`));
    if (row === undefined) throw new Error(`The demo account ${name} is missing`);
    return {
      db,
      principal: {
        userId: row.id,
        email: row.email,
        displayName: row.displayName,
        roles: await loadRoles(db, row.id),
        totpEnabled: row.totpEnabledAt !== null,
      },
      actor: { userId: row.id, label: row.displayName },
      now: at,
      mailer: app.mailer,
      publicUrl: app.config.publicUrl,
    };
  }

  async function organisationId(name: string): Promise<string> {
    const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name));
    if (row === undefined) throw new Error(`The demo organisation ${name} is missing`);
    return row.id;
  }

  /**
   * A case-based discussion the F2 learner asked an assessor without an account to complete, three days ago; the
   * journey follows the link in the assessor's email, as read from the outbox's sealed (sendable) text.
   */
  async function assessorRequest(): Promise<JourneyFixtures['portfolio']> {
    const title = 'CBD: a fall at home and a new anticoagulant';
    const assessorEmail = 'journey.assessor@example.nhs.uk';
    const asked = new Date(now.getTime() - 3 * DAY);
    await sleService.sendSle(await as('learner', asked), {
      title,
      occurredOn: new Date(asked.getTime() - DAY).toISOString().slice(0, 10),
      document: {
        type: 'cbd',
        setting: 'general_practice',
        place: PRACTICE,
        caseSummary: 'A woman in her seventies on a new anticoagulant who fell at home; I reviewed the risks with her.',
        feedbackWanted: 'How I balanced the stroke and bleeding risks with her.',
        assessor: { name: 'Journey Assessor', email: assessorEmail, role: 'gp' },
        assessment: null,
      },
    });
    const [mail] = await db
      .select()
      .from(outbox)
      .where(eq(outbox.toAddress, assessorEmail))
      .orderBy(desc(outbox.createdAt))
      .limit(1);
    const link = /\/assess\/[A-Za-z0-9_-]+/.exec(mail === undefined ? '' : app.mailer.readableText(mail))?.[0];
    if (link === undefined) throw new Error('The assessor’s email has no link');
    return { sle: { title, assessorLink: link } };
  }

  const [region] = await db.select({ id: regions.id }).from(regions).where(eq(regions.name, REGION));
  if (region === undefined) throw new Error(`The region ${REGION} is missing`);
  const regionId = region.id;
  const admin = await as('programme.admin');
  const learnerIds = await Promise.all(LEARNERS.map(userId));
  const acute = await organisationId(ACUTE_TRUST);
  const practice = await organisationId(PRACTICE);
  const community = await organisationId(COMMUNITY_TRUST);
  const mentalHealth = await organisationId(MENTAL_HEALTH_TRUST);

  // ----- Allocation: programme years after the demo's, one per journey, each with two one-place posts -----

  const thisYear = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;

  async function yearWithPosts(
    name: string,
    offset: number,
    prefix: string,
  ): Promise<{ yearId: string; posts: { id: string; code: string }[]; codes: [string, string] }> {
    const start = thisYear + offset;
    const startsOn = `${String(start)}-08-01`;
    const endsOn = `${String(start + 1)}-07-31`;
    const endOfJanuary = `${String(start + 1)}-01-31`;
    const startOfFebruary = `${String(start + 1)}-02-01`;
    const year = await placementService.createYear(admin, regionId, { name, startsOn, endsOn });
    const placement = (
      organisationId: string,
      setting: Setting,
      specialty: string,
      from: string,
      to: string,
      sessionsPerWeek: number,
    ) => ({
      organisationId,
      siteId: null,
      setting,
      specialty,
      startsOn: from,
      endsOn: to,
      sessionsPerWeek,
      clinicalSupervisorUserId: null,
    });
    const posts = [
      {
        code: `${prefix}-A`,
        title: 'Generalism F2: acute medicine and general practice with community care',
        placements: [
          placement(acute, 'acute_hospital', 'Acute medicine', startsOn, endOfJanuary, 8),
          placement(practice, 'general_practice', 'General practice', startOfFebruary, endsOn, 8),
          placement(community, 'community', 'Community frailty and virtual ward', startsOn, endsOn, 2),
        ],
      },
      {
        code: `${prefix}-B`,
        title: 'Generalism F2: liaison psychiatry and care of older people',
        placements: [
          placement(mentalHealth, 'mental_health', 'Liaison psychiatry', startsOn, endOfJanuary, 10),
          placement(acute, 'acute_hospital', 'Care of older people', startOfFebruary, endsOn, 10),
        ],
      },
    ];
    const made: { id: string; code: string }[] = [];
    for (const post of posts) {
      const created = await placementService.createPost(admin, year.id, {
        code: post.code,
        title: post.title,
        leadEmployerId: acute,
        capacity: 1,
      });
      for (const values of post.placements) await placementService.createPlacement(admin, created.id, values);
      made.push({ id: created.id, code: created.code });
    }
    return { yearId: year.id, posts: made, codes: [posts[0]?.code ?? '', posts[1]?.code ?? ''] };
  }

  async function openWindow(
    name: string,
    { yearId, posts }: Awaited<ReturnType<typeof yearWithPosts>>,
  ): Promise<string> {
    const window = await allocationService.createWindow(admin, {
      yearId,
      name,
      postIds: posts.map((post) => post.id),
      learnerIds,
      deadline: new Date(now.getTime() + 30 * DAY),
      mechanism: 'serial-dictatorship',
      seed: 20_260_801,
    });
    await allocationService.openWindow(admin, window.id);
    return window.id;
  }

  async function everyoneRanks(windowId: string, { posts }: Awaited<ReturnType<typeof yearWithPosts>>): Promise<void> {
    for (const learner of LEARNERS) {
      await allocationService.saveRanking(
        await as(learner),
        windowId,
        posts.map((post) => post.id),
        true,
      );
    }
  }

  const rankingPosts = await yearWithPosts('Journey year for ranking', 1, 'JRN-RANK');
  const rankingName = 'Journey window: learners rank';
  const rankingWindow = await openWindow(rankingName, rankingPosts);

  const runPosts = await yearWithPosts('Journey year for running', 2, 'JRN-RUN');
  const runName = 'Journey window: the team runs';
  const runWindow = await openWindow(runName, runPosts);
  await everyoneRanks(runWindow, runPosts);

  const resultPosts = await yearWithPosts('Journey year for results', 3, 'JRN-RES');
  const resultName = 'Journey window: learners read results';
  const resultWindow = await openWindow(resultName, resultPosts);
  await everyoneRanks(resultWindow, resultPosts);
  await allocationService.closeWindow(admin, resultWindow);
  const run = await allocationService.runAllocation(admin, resultWindow, 20_260_801);
  await allocationService.publishRun(admin, resultWindow, run.id);
  // Serial dictatorship with everyone ranking A then B: priority 1 takes A, priority 2 takes B, priority 3 waits.
  const assignments = run.result.assignments;
  const emailOf = (id: string | undefined) => LEARNERS[learnerIds.indexOf(id ?? '')] ?? '';
  const firstPriority = emailOf(Object.keys(assignments).find((id) => assignments[id] === resultPosts.posts[0]?.id));
  const unplaced = emailOf(learnerIds.find((id) => (assignments[id] ?? null) === null));

  const newWindowYear = 'Journey year for a new window';
  const newWindowPosts = await yearWithPosts(newWindowYear, 4, 'JRN-NEW');

  // ----- Events -----

  const f2 = await as('learner');
  const fellowId = await userId('educational.fellow');
  const event = (title: string, startsAt: Date, hours: number, capacity: number | null) => ({
    type: 'learning-event-day' as const,
    title,
    description: 'A journey fixture.',
    startsAt,
    endsAt: new Date(startsAt.getTime() + hours * 60 * MINUTE),
    venue: 'Seminar room 2, West Suffolk Hospital, Bury St Edmunds',
    onlineUrl: null,
    capacity,
    stages: [],
    cohortIds: [],
    outcomeCodes: ['SJE-F2-01'],
    facilitatorUserId: fellowId,
  });

  const waitingTitle = 'Journey huddle: waiting list';
  const waiting = await eventService.createEvent(
    admin,
    regionId,
    event(waitingTitle, new Date(now.getTime() + 2 * DAY), 1, 1),
  );

  const checkInTitle = 'Journey huddle: check-in';
  const checkIn = await eventService.createEvent(
    admin,
    regionId,
    event(checkInTitle, new Date(now.getTime() + 10 * MINUTE), 6, null),
  );
  await eventService.registerForEvent(f2, checkIn.id);

  // A learning day two days ago, booked the week before, marked on the register and given feedback after.
  const pastTitle = 'Journey learning day: reflective practice';
  const pastStart = new Date(now.getTime() - 2 * DAY);
  const weekBefore = new Date(pastStart.getTime() - 7 * DAY);
  const past = await eventService.createEvent(
    await as('programme.admin', weekBefore),
    regionId,
    event(pastTitle, pastStart, 6, null),
  );
  const attendees = ['learner', 'learner.st1'];
  for (const learner of attendees) await eventService.registerForEvent(await as(learner, weekBefore), past.id);
  await eventService.markRegister(
    await as('programme.admin', new Date(pastStart.getTime() + 60 * MINUTE)),
    past.id,
    await Promise.all(attendees.map(userId)),
  );
  const afterwards = new Date(pastStart.getTime() + 7 * 60 * MINUTE);
  const answers = [
    { overall: '5', relevance: '4', 'went-well': 'Time to talk through a hard case.', 'even-better': '' },
    { overall: '4', relevance: '5', 'went-well': 'Practical and kind.', 'even-better': 'A longer break.' },
  ];
  for (const [index, learner] of attendees.entries()) {
    const result = await eventService.submitFeedback(await as(learner, afterwards), past.id, answers[index] ?? {});
    if (!result.ok) throw new Error(`Feedback was refused: ${JSON.stringify(result)}`);
  }

  // ----- Curriculum: a version after the demo's, with one outcome added, to compare with the one before -----

  const director = await as('programme.director');
  const { draft } = await versionService.createDraft(director, regionId);
  const outcomeText = 'Journey fixture: describe how a discharge plan reaches the patient’s general practice';
  await versionService.addOutcome(director, draft.id, {
    domainCode: 'SYS',
    stageCode: 'F2',
    text: outcomeText,
    fpHlos: [],
  });
  const version = await versionService.publishDraft(director, draft.id, 'Added an F2 outcome on discharge plans.');

  // The server's clock and the real time, read together: the journeys work out the server's time from them.
  const realTime = Date.now();
  const serverClock = { at: app.clock().toISOString(), realTime };
  const fixtures: JourneyFixtures = {
    serverClock,
    allocation: {
      ranking: { windowId: rankingWindow, name: rankingName, codes: rankingPosts.codes },
      run: { windowId: runWindow, name: runName, codes: runPosts.codes },
      result: {
        windowId: resultWindow,
        name: resultName,
        codes: resultPosts.codes,
        firstPriority: `${firstPriority}@demo.breadth.example`,
        unplaced: `${unplaced}@demo.breadth.example`,
      },
      newWindow: { yearName: newWindowYear, codes: newWindowPosts.codes },
    },
    events: {
      waitingList: { eventId: waiting.id, title: waitingTitle },
      checkIn: { eventId: checkIn.id, title: checkInTitle },
      past: { eventId: past.id, title: pastTitle },
    },
    curriculum: { version, outcomeText },
    portfolio: await assessorRequest(),
  };
  writeFileSync(path.join(app.config.dataDir, FIXTURES_FILE), `${JSON.stringify(fixtures, null, 2)}\n`);
  return fixtures;
}
