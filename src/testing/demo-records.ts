import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { jobs } from '../platform/jobs/schema.ts';
import { eventRegistrations } from '../features/events/schema.ts';
import { roleAssignments } from '../features/people/schema.ts';
import { DEMO_DOMAIN } from '../features/people/index.ts';
import { changeProjects } from '../features/projects/schema.ts';
import { IMPORT_JOB_KIND } from '../features/projects/deprivation-repository.ts';
import { users } from '../platform/auth/schema.ts';
import { newId } from '../platform/db/ids.ts';
import type { Agent } from './app.ts';
import { TEST_NOW } from './now.ts';
import { readPage, type PageForm } from './crawl.ts';

/**
 * The demo region (seedIfEmpty) holds records of most kinds, but not all: no allocation run waiting to be published,
 * no job, no curriculum draft, nothing archived or disabled. This adds those to it through the app's own
 * pages, as its programme administrator and an F2 learner would, so that a walk over the pages with a record in
 * their path finds one for each. It gives the paths of the records no page links to, or links to only from a page a
 * crawl (one path per route) may not visit.
 */
export async function addRecordsOfEveryKind(
  db: Db,
  people: { admin: Agent; adminId: string; learner: Agent; learnerId: string },
): Promise<string[]> {
  const { admin, learner } = people;
  const paths: string[] = [];
  const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

  // Archived and disabled records, each the last of its list, so that a crawl still finds a live one first.
  const organisation = last(await links(admin, '/organisations', new RegExp(`^/organisations/${uuid}$`)));
  const site = last(await links(admin, organisation, new RegExp(`^/sites/${uuid}/edit$`))).replace(/\/edit$/, '');
  const post = last(await links(admin, '/posts', new RegExp(`^/posts/${uuid}$`)));
  for (const path of [site, organisation, post]) {
    await expectRedirect(admin.post(`${path}/archive`), `archive ${path}`);
    paths.push(`${path}/restore`);
  }
  const person = last(
    (await links(admin, '/people', new RegExp(`^/people/${uuid}$`))).filter(
      (link) => !link.endsWith(people.adminId) && !link.endsWith(people.learnerId),
    ),
  );
  await expectRedirect(admin.post(`${person}/disable`), 'disable a person');
  paths.push(`${person}/enable`, `${person}/erase`);
  const [role] = await db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, person.split('/').pop() ?? ''));
  // Linked to only for someone with a second role; the page itself is there for any of a person's roles.
  paths.push(`${person}/roles/${role?.id ?? ''}/remove`);

  // A curriculum draft, started from the current version.
  await expectRedirect(admin.post('/curriculum/draft'), 'start a curriculum draft');

  // Two preference windows for the F2 learners (opening one emails them: mail in the outbox), one published, one
  // run but not yet published.
  const published = await preferenceWindow(admin, 'Published allocation');
  await expectRedirect(admin.post(`/allocation/windows/${published}/open`), 'open a window');
  const ranking = await form(learner, `/preferences/${published}`, `/preferences/${published}`);
  const ranks: Record<string, string> = { action: 'submit' };
  ranking.fields
    .filter(([name]) => name.startsWith('rank-'))
    .forEach(([name], index) => (ranks[name] = String(index + 1)));
  await expectRedirect(learner.post(`/preferences/${published}`, ranks), 'rank the posts');
  const run = await runAllocation(admin, published);
  await expectRedirect(admin.post(`${run}/publish`), 'publish a run');
  paths.push(`/preferences/${published}/result`);

  const unpublished = await preferenceWindow(admin, 'Allocation being checked');
  await expectRedirect(admin.post(`/allocation/windows/${unpublished}/open`), 'open a window');
  paths.push(`${await runAllocation(admin, unpublished)}/publish`, `/allocation/windows/${unpublished}/compare`);

  // A file on a portfolio entry of the learner's (the demo has none).
  const written = await expectRedirect(
    learner.post('/portfolio/new/reflection', {
      title: 'What a ward round taught me',
      'occurredOn[day]': '1',
      'occurredOn[month]': '9',
      'occurredOn[year]': '2026',
      template: 'what_so_what_now_what',
      'answer-what': 'A long ward round with the frailty team.',
      'answer-soWhat': 'Medicines reviews change more than I thought.',
      'answer-nowWhat': 'I will review medicines on every admission.',
    }),
    'write a reflection',
  );
  const entry = new RegExp(`/portfolio/entries/${uuid}`).exec(written)?.[0] ?? '';
  await expectRedirect(
    learner.upload(
      `${entry}/attachments`,
      {},
      { field: 'file', filename: 'ward-round.png', content: PNG, contentType: 'image/png' },
    ),
    'attach a file',
  );
  const file = last(await links(learner, entry, new RegExp(`^${entry}/attachments/${uuid}$`)));
  paths.push(file, `${file}/delete`);

  // An open round of multi-source feedback of the learner's, to be closed early (the demo's has closed).
  const groups = ['Consultant', 'Nurse', 'FY2', 'Pharmacist', 'GP'];
  const round = await expectRedirect(
    learner.post('/portfolio/new/multi-source-feedback', {
      title: 'Multi-source feedback, winter 2026',
      'closesOn[day]': '30',
      'closesOn[month]': '10',
      'closesOn[year]': '2026',
      raters: Array.from(
        { length: 10 },
        (_, n) => `Rater ${String(n + 1)}, records.rater${String(n + 1)}@example.nhs.uk, ${groups[n % 5] ?? 'Nurse'}`,
      ).join('\n'),
    }),
    'start a round of multi-source feedback',
  );
  // The round is now the learner's newest entry, the one a crawl opens, and has no edit page: the reflection has.
  paths.push(`${new RegExp(`/portfolio/entries/${uuid}`).exec(round)?.[0] ?? ''}/msf/close`, `${entry}/edit`);

  const [job] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(eq(jobs.ownerUserId, people.adminId))
    .orderBy(desc(jobs.createdAt))
    .limit(1);
  paths.push(`/jobs/${job?.id ?? ''}`, `/jobs/${job?.id ?? ''}/status`);

  // Feedback on an event the learner attended: the event's page links to it only once it is over.
  const [attended] = await db
    .select({ eventId: eventRegistrations.eventId })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.learnerUserId, people.learnerId), eq(eventRegistrations.attended, true)))
    .orderBy(asc(eventRegistrations.eventId))
    .limit(1);
  paths.push(`/events/${attended?.eventId ?? ''}/feedback`);

  // A finished import of the deprivation data, the platform administrator's (the demo loads none): its page is for
  // the person who started it.
  const [platformAdmin] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, `platform.admin${DEMO_DOMAIN}`));
  const importId = newId();
  const now = TEST_NOW;
  await db.insert(jobs).values({
    id: importId,
    kind: IMPORT_JOB_KIND.imd,
    title: 'English Indices of Deprivation 2025',
    status: 'succeeded',
    stepsDone: 1,
    stepsTotal: 1,
    message: 'Imported',
    ownerUserId: platformAdmin?.id ?? null,
    createdAt: now,
    startedAt: now,
    finishedAt: now,
  });
  paths.push(`/projects/deprivation/imports/${importId}`);

  // Reopening a completed project: a crawl visits one project's page, an active one.
  const [completed] = await db
    .select({ id: changeProjects.id })
    .from(changeProjects)
    .where(eq(changeProjects.status, 'completed'))
    .orderBy(asc(changeProjects.id))
    .limit(1);
  paths.push(`/projects/${completed?.id ?? ''}/reopen`);
  return paths;
}

function last(items: string[]): string {
  const item = items.at(-1);
  if (item === undefined) throw new Error('No record found to change');
  return item;
}

async function links(agent: Agent, url: string, pattern: RegExp): Promise<string[]> {
  const response = await agent.get(url);
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${String(response.statusCode)}`);
  return [...new Set(readPage(response.body, url).links.filter((link) => pattern.test(link)))];
}

async function form(agent: Agent, url: string, action: string): Promise<PageForm> {
  const response = await agent.get(url);
  const found = readPage(response.body, url).forms.find((candidate) => candidate.action === action);
  if (found === undefined) throw new Error(`GET ${url}: no form posting to ${action} (${String(response.statusCode)})`);
  return found;
}

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function expectRedirect(
  sent: Promise<{ statusCode: number; headers: Record<string, unknown> }>,
  what: string,
): Promise<string> {
  const response = await sent;
  if (response.statusCode !== 302) throw new Error(`Could not ${what}: ${String(response.statusCode)}`);
  return String(response.headers.location);
}

/** A draft window over every post of the region's programme year, for its F2 learners, due in December. */
async function preferenceWindow(admin: Agent, name: string): Promise<string> {
  // The demo has this year and next: the form asks which first, and the first it offers is the latest year.
  const chooser = (await admin.get('/allocation/windows/new')).body;
  const year = /<select[^>]*name="year"[^>]*>[\s\S]*?<option value="([0-9a-f-]{36})"/.exec(chooser)?.[1];
  const url = year === undefined ? '/allocation/windows/new' : `/allocation/windows/new?year=${year}`;
  const { fields } = await form(admin, url, '/allocation/windows/new');
  const values: Record<string, string[]> = {};
  for (const [field, value] of fields) (values[field] ??= []).push(value);
  const location = await expectRedirect(
    admin.post('/allocation/windows/new', {
      ...values,
      name,
      learnerMode: 'stage',
      stage: 'F2',
      'deadline[day]': '1',
      'deadline[month]': '12',
      'deadline[year]': '2026',
      deadlineTime: '17:00',
      mechanism: 'serial-dictatorship',
      seed: '42',
    }),
    'create a preference window',
  );
  return location.split('/').pop() ?? '';
}

/** Closes the window and runs its allocation; gives the run's path. */
async function runAllocation(admin: Agent, windowId: string): Promise<string> {
  await expectRedirect(admin.post(`/allocation/windows/${windowId}/close`), 'close a window');
  const run = await expectRedirect(admin.post(`/allocation/windows/${windowId}/runs`, { seed: '42' }), 'run');
  if (!run.includes('/runs/')) throw new Error(`The allocation run did not finish: ${run}`);
  return run;
}
