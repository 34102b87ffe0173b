import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from './testing/app.ts';
import { newId } from './platform/db/ids.ts';
import { audit } from './platform/audit/audit.ts';
import { users } from './platform/auth/schema.ts';
import { keepForm } from './platform/auth/store.ts';
import { jobs } from './platform/jobs/schema.ts';
import { outbox } from './platform/mail/schema.ts';
import { calendarTokens, postAssignments } from './features/placements/schema.ts';
import {
  allocationRuns,
  allocationSwaps,
  preferenceSubmissions,
  preferenceWindowLearners,
  preferenceWindows,
} from './features/allocation/schema.ts';
import { curricula, evidenceLinks } from './features/curriculum/schema.ts';
import { eventCalendarTokens, eventFeedback, eventRegistrations, learningEvents } from './features/events/schema.ts';
import { annualReviews, stageHistory } from './features/progress/schema.ts';
import * as support from './features/allocation/test-support.ts';
import { exportPersonalData } from './features/people/index.ts';

/**
 * Erasure leaves no trace of the person: a learner with data in every feature, renamed and with a changed email
 * address, is erased, and then every text and JSON column of every table is searched for anything that names them.
 */
const NOW = new Date('2026-11-20T10:00:00Z');
const OLD_NAME = 'Quentin Marchbanks';
const NEW_NAME = 'Quentin Fairweather-Hale';
const OLD_EMAIL = 'q.marchbanks@example.nhs.uk';
const NEW_EMAIL = 'quentin.fairweather@example.nhs.uk';
const GMC = '7340912';
const IDENTIFIERS = [OLD_NAME, NEW_NAME, OLD_EMAIL, NEW_EMAIL, GMC];

let t: TestApp;
let east: string;

beforeAll(async () => {
  t = await createTestApp({ now: () => NOW, globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
});
afterAll(async () => t.close());

/** Every text and JSON column in the database, and the identifiers each still holds. */
async function traces(identifiers: readonly string[]): Promise<string[]> {
  const result = (await t.db.execute(sql`
    select table_name as "table", column_name as "column"
    from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'jsonb', 'json')
    order by table_name, column_name`)) as { rows: { table: string; column: string }[] };
  expect(result.rows.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const { table, column } of result.rows) {
    for (const identifier of identifiers) {
      const rows = (await t.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)}::text ilike ${`%${identifier}%`}`,
      )) as { rows: { n: number }[] };
      if ((rows.rows[0]?.n ?? 0) > 0) found.push(`${table}.${column}: ${identifier}`);
    }
  }
  return found;
}

describe('erasing a person', () => {
  it('leaves no name, email address or GMC number of theirs, current or earlier, anywhere in the database', async () => {
    const platformAdmin = await createUser(t.db, { role: 'platform_admin', displayName: 'Pat Platform' });
    const programmeAdmin = await createUser(t.db, {
      role: 'programme_admin',
      regionId: east,
      displayName: 'Eve Admin',
    });
    const other = await support.addLearner(t, 'east-of-england', 'F2');
    await t.db.update(users).set({ displayName: 'Olive Other' }).where(eq(users.id, other.id));
    const admin = await new Agent(t.app).signInAs(programmeAdmin.id);

    // Invited and then renamed through the pages: mail and audit records carry both names.
    await admin.get('/people/invite');
    const invited = await admin.post('/people/invite', {
      displayName: OLD_NAME,
      email: OLD_EMAIL,
      role: 'learner',
      gmcNumber: GMC,
      stage: 'F2',
      programme: 'Generalism F2',
    });
    expect(invited.statusCode).toBe(302);
    const id = String(invited.headers.location).split('/').pop() ?? '';
    await admin.get(`/people/${id}/edit`);
    const renamed = await admin.post(`/people/${id}/edit`, {
      displayName: NEW_NAME,
      stage: 'F2',
      programme: 'Generalism F2',
    });
    expect(renamed.statusCode).toBe(302);
    // A changed email address, recorded as a change of the account (as single sign-on will record it).
    await t.db.transaction(async (tx) => {
      await tx.update(users).set({ email: NEW_EMAIL, status: 'active' }).where(eq(users.id, id));
      await audit(
        tx,
        { userId: programmeAdmin.id, label: 'Eve Admin' },
        {
          action: 'update',
          entityType: 'user',
          entityId: id,
          regionId: east,
          summary: `Changed the email address of ${NEW_NAME}`,
          before: { email: OLD_EMAIL },
          after: { email: NEW_EMAIL },
        },
        NOW,
      );
    });
    await new Agent(t.app).signInAs(id);

    // What the person did, under the name they had then, and mail to them and about them.
    await audit(
      t.db,
      { userId: id, label: OLD_NAME },
      { action: 'update', entityType: 'portfolio_entry', entityId: 'e1', summary: `${OLD_NAME} wrote an entry` },
      NOW,
    );
    await t.app.mailer.queue(t.db, { to: NEW_EMAIL, subject: 'Your place', text: `Dear ${NEW_NAME},` }, NOW);
    const aboutThem = await t.app.mailer.queue(
      t.db,
      { to: 'supervisor@example.nhs.uk', subject: `${NEW_NAME} booked a place`, text: `${OLD_NAME} (GMC ${GMC})` },
      NOW,
    );
    await t.db
      .update(outbox)
      .set({ lastError: `550 no mailbox ${NEW_EMAIL}` })
      .where(eq(outbox.id, aboutThem));
    await t.db.insert(jobs).values({
      id: newId(),
      kind: 'posts-import',
      title: `Import started by ${NEW_NAME}`,
      status: 'succeeded',
      message: `Placed ${OLD_NAME}`,
      ownerUserId: id,
      regionId: east,
      createdAt: NOW,
    });
    await keepForm(t.db, `/people/${id}/edit`, { displayName: NEW_NAME, email: NEW_EMAIL }, programmeAdmin.id, NOW);
    await keepForm(t.db, '/events/x/feedback', { comment: `From ${NEW_NAME}` }, id, NOW);

    // Placements: a post for the year and the private calendar link.
    const trust = await support.addOrganisation(t, east, 'West Suffolk NHS Foundation Trust');
    const year = await support.addYear(t, east, 'F2 2026/27');
    const post = await support.addPost(t, year, east, 'WSH-01', trust);
    const otherPost = await support.addPost(t, year, east, 'WSH-02', trust);
    await t.db.insert(postAssignments).values([
      { id: newId(), postId: post, learnerUserId: id, assignedAt: NOW, source: 'allocation' },
      { id: newId(), postId: otherPost, learnerUserId: other.id, assignedAt: NOW, source: 'allocation' },
    ]);
    await t.db.insert(calendarTokens).values({ userId: id, tokenHash: `hash-${id}`, createdAt: NOW });

    // Allocation: special circumstances, a ranking, a run (which names whoever ran it) and a swap.
    const windowId = newId();
    await t.db.insert(preferenceWindows).values({
      id: windowId,
      regionId: east,
      programmeYearId: year,
      name: 'F2 2026/27 allocation',
      mechanism: 'serial-dictatorship',
      seed: 7,
      deadline: NOW,
      status: 'published',
      createdAt: NOW,
      updatedAt: NOW,
    });
    await t.db.insert(preferenceWindowLearners).values([
      {
        windowId,
        learnerUserId: id,
        preallocatedPostId: post,
        preallocationReason: `${NEW_NAME} is the primary carer for a parent near Bury St Edmunds`,
      },
      { windowId, learnerUserId: other.id },
    ]);
    await t.db
      .insert(preferenceSubmissions)
      .values({ windowId, learnerUserId: id, ranking: [post, otherPost], submittedAt: NOW, updatedAt: NOW });
    await t.db.insert(allocationRuns).values({
      id: newId(),
      windowId,
      mechanism: 'serial-dictatorship',
      seed: 7,
      input: {
        mechanism: 'serial-dictatorship',
        seed: 7,
        applicants: [{ id, preferences: [post, otherPost] }],
        posts: [{ id: post, capacity: 1 }],
      },
      result: { assignments: { [id]: post }, unplaced: [], notSubmitted: [], explanations: [] },
      stats: {
        applicants: 1,
        assigned: 1,
        byChoice: [1],
        firstChoiceRate: 1,
        topThreeRate: 1,
        bottomFiveRate: 0,
        unplacedRate: 0,
        blockingPairs: null,
      },
      runBy: id,
      runByName: NEW_NAME,
      createdAt: NOW,
    });
    await t.db.insert(allocationSwaps).values({
      id: newId(),
      windowId,
      firstLearnerUserId: id,
      secondLearnerUserId: other.id,
      firstPostId: post,
      secondPostId: otherPost,
      reason: `${OLD_NAME} moved house`,
      createdAt: NOW,
    });

    // Curriculum: an event place with written feedback, another learner's feedback naming them, evidence, a stage
    // and an annual review whose comments name them.
    const curriculumId = newId();
    await t.db
      .insert(curricula)
      .values({ id: curriculumId, regionId: east, name: 'Enhance', createdAt: NOW, updatedAt: NOW });
    const eventId = newId();
    await t.db.insert(learningEvents).values({
      id: eventId,
      regionId: east,
      type: 'learning-event-day',
      title: 'Population health day',
      description: `Cases presented by ${NEW_NAME}`,
      startsAt: new Date('2026-11-01T09:00:00Z'),
      endsAt: new Date('2026-11-01T17:00:00Z'),
      stages: [],
      cohortIds: [],
      outcomeCodes: [],
      checkInCode: 'ABC123',
      feedbackQuestions: [],
      status: 'scheduled',
      createdAt: NOW,
      updatedAt: NOW,
    });
    await t.db.insert(eventRegistrations).values({
      eventId,
      learnerUserId: id,
      status: 'registered',
      requestedAt: NOW,
      changedAt: NOW,
      attended: true,
    });
    await t.db.insert(eventFeedback).values([
      {
        eventId,
        learnerUserId: id,
        answers: { rating: 5, comment: `I am ${NEW_NAME} and it was good` },
        submittedAt: NOW,
      },
      {
        eventId,
        learnerUserId: other.id,
        answers: { rating: 4, comment: `Sat next to ${OLD_NAME}` },
        submittedAt: NOW,
      },
    ]);
    await t.db.insert(eventCalendarTokens).values({ userId: id, tokenHash: `event-hash-${id}`, createdAt: NOW });
    await t.db.insert(evidenceLinks).values({
      id: newId(),
      learnerUserId: id,
      curriculumId,
      outcomeCode: 'PH1',
      sourceType: 'event-attendance',
      sourceId: eventId,
      label: `Population health day (${NEW_NAME})`,
      recordedAt: NOW,
    });
    await t.db
      .insert(stageHistory)
      .values({ id: newId(), learnerUserId: id, stage: 'F2', startedOn: '2026-08-01', recordedAt: NOW });
    await t.db.insert(annualReviews).values({
      id: newId(),
      learnerUserId: id,
      regionId: east,
      year: '2025/26',
      stage: 'F1',
      outcome: 'satisfactory',
      comments: `${NEW_NAME} made good progress despite time off sick`,
      actions: [`${OLD_NAME} to add two reflections`],
      panel: 'Dr A Patel (chair)',
      recordedAt: NOW,
      updatedAt: NOW,
    });

    // Everything above is found before the erasure: the search would see a trace if one were left.
    const before = await traces(IDENTIFIERS);
    for (const table of ['users', 'audit_events', 'mail_outbox', 'jobs', 'kept_forms', 'allocation_runs'])
      expect(before.some((trace) => trace.startsWith(`${table}.`))).toBe(true);

    // The data download gives the person their allocation: the ranking, the special circumstances and the swap.
    const download = await exportPersonalData(t.db, id, NOW);
    expect(download.allocation).toMatchObject({
      preferenceWindows: [
        {
          window: 'F2 2026/27 allocation',
          preallocatedTo: 'WSH-01',
          specialCircumstances: expect.stringContaining('primary carer') as unknown,
          ranking: ['WSH-01', 'WSH-02'],
          swaps: [{ reason: `${OLD_NAME} moved house` }],
        },
      ],
      allocationRunsYouRan: [{ seed: 7 }],
    });

    const eraser = await new Agent(t.app).signInAs(platformAdmin.id);
    await eraser.get(`/people/${id}/erase`);
    const erased = await eraser.post(`/people/${id}/erase`, { confirmEmail: NEW_EMAIL });
    expect(erased.statusCode).toBe(302);

    expect(await traces(IDENTIFIERS)).toEqual([]);
    // The programme's records stay, anonymised, and nobody else's data is touched.
    expect(await t.db.select().from(postAssignments).where(eq(postAssignments.learnerUserId, id))).toHaveLength(1);
    expect(await t.db.select().from(annualReviews).where(eq(annualReviews.learnerUserId, id))).toHaveLength(1);
    expect(await t.db.select().from(preferenceSubmissions).where(eq(preferenceSubmissions.learnerUserId, id))).toEqual(
      [],
    );
    expect(await traces(['Olive Other', 'Population health day', 'Dr A Patel', 'Eve Admin'])).not.toEqual([]);
    const [otherFeedback] = await t.db.select().from(eventFeedback).where(eq(eventFeedback.learnerUserId, other.id));
    expect(otherFeedback?.answers).toEqual({ rating: 4, comment: 'Sat next to Erased person' });
  });
});
