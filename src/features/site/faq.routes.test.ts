import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn, type Person } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { faqItems } from './schema.ts';

// Each test works in a region of its own where it needs the order of the questions, so none sees another's.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
});
afterAll(async () => t.close());

async function director(code: string): Promise<Person> {
  return signedIn(t, 'programme_director', t.regionIds[code] ?? '', { postsForms: true });
}

async function itemNamed(question: string) {
  const [row] = await t.db.select().from(faqItems).where(eq(faqItems.question, question));
  if (row === undefined) throw new Error(`No question ${question}`);
  return row;
}

async function publicQuestions(code: string): Promise<string[]> {
  const response = await t.app.inject({ method: 'GET', url: `/school/${code}/faq` });
  return readPage(response.body).texts('main h2');
}

async function add(person: Person, code: string, question: string) {
  return person.agent.post(`/site/faq/new?region=${code}`, { question, answerMarkdown: `The answer to ${question}` });
}

describe('managing the questions', () => {
  it('is for the programme team; another region’s question is not found', async () => {
    const learner = await signedIn(t, 'learner', t.regionIds['east-of-england'] ?? '');
    expect((await learner.agent.get('/site/faq')).statusCode).toBe(403);
    const east = await director('east-of-england');
    await add(east, 'east-of-england', 'Only in the east?');
    const item = await itemNamed('Only in the east?');
    const london = await director('london');
    for (const url of [`/site/faq/${item.id}/edit`, `/site/faq/${item.id}/delete`]) {
      expect((await london.agent.get(url)).statusCode, url).toBe(404);
    }
    expect((await london.agent.post(`/site/faq/${item.id}/move`, { direction: 'up', revision: '1' })).statusCode).toBe(
      404,
    );
    expect((await london.agent.post(`/site/faq/${item.id}/delete`)).statusCode).toBe(404);
    // Asking for another region's list shows the person's own.
    const list = readPage((await london.agent.get('/site/faq?region=east-of-england')).body);
    expect(list.text()).toContain('London School of Generalism');
    expect(list.text()).not.toContain('Only in the east?');
  });

  it('adds questions at the end, with an audit record, and shows them on the public page', async () => {
    const team = await director('midlands');
    expect(readPage((await team.agent.get('/site/faq')).body).text()).toContain('There are no questions yet');
    expect((await add(team, 'midlands', 'First question?')).statusCode).toBe(302);
    await add(team, 'midlands', 'Second question?');
    expect(await publicQuestions('midlands')).toEqual(['First question?', 'Second question?']);
    const item = await itemNamed('Second question?');
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, item.id), eq(auditEvents.action, 'create')));
    expect(audit).toHaveLength(1);
  });

  it('says what is missing and keeps what was typed', async () => {
    const team = await director('north-west');
    const response = await team.agent.post('/site/faq/new?region=north-west', {
      question: '',
      answerMarkdown: 'An answer without a question',
    });
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()).toEqual(['Enter the question']);
    expect(response.body).toContain('An answer without a question');
  });

  it('moves a question up and down, refusing a move from a page out of date', async () => {
    const team = await director('south-east');
    for (const question of ['Alpha?', 'Bravo?', 'Charlie?']) await add(team, 'south-east', question);
    const charlie = await itemNamed('Charlie?');
    await team.agent.get('/site/faq?region=south-east');
    await team.agent.post(`/site/faq/${charlie.id}/move`, { direction: 'up', revision: String(charlie.revision) });
    expect(await publicQuestions('south-east')).toEqual(['Alpha?', 'Charlie?', 'Bravo?']);
    // The same click again, from the page as it was: refused, nothing moves.
    const again = await team.agent.post(`/site/faq/${charlie.id}/move`, {
      direction: 'up',
      revision: String(charlie.revision),
    });
    expect(again.statusCode).toBe(302);
    expect(await publicQuestions('south-east')).toEqual(['Alpha?', 'Charlie?', 'Bravo?']);
    const alpha = await itemNamed('Alpha?');
    await team.agent.post(`/site/faq/${alpha.id}/move`, { direction: 'down', revision: String(alpha.revision) });
    expect(await publicQuestions('south-east')).toEqual(['Charlie?', 'Alpha?', 'Bravo?']);
    const positions = (
      await t.db
        .select()
        .from(faqItems)
        .where(eq(faqItems.regionId, t.regionIds['south-east'] ?? ''))
    )
      .map((row) => row.position)
      .sort();
    expect(positions).toEqual([1, 2, 3]);
  });

  it('changes a question, refusing a stale save', async () => {
    const team = await director('north-east-and-yorkshire');
    await add(team, 'north-east-and-yorkshire', 'Old wording?');
    const item = await itemNamed('Old wording?');
    const page = await team.agent.get(`/site/faq/${item.id}/edit`);
    expect(page.body).toContain('value="Old wording?"');
    const saved = await team.agent.post(`/site/faq/${item.id}/edit`, {
      question: 'New wording?',
      answerMarkdown: 'Yes.',
      revision: '1',
    });
    expect(saved.statusCode).toBe(302);
    const stale = await team.agent.post(`/site/faq/${item.id}/edit`, {
      question: 'Stale wording?',
      answerMarkdown: 'No.',
      revision: '1',
    });
    expect(stale.statusCode).toBe(400);
    expect(readPage(stale.body).errors()).toEqual([
      'Someone else changed this question while you were editing it. Check it and try again',
    ]);
    expect(stale.body).toContain('Stale wording?');
    expect(await publicQuestions('north-east-and-yorkshire')).toEqual(['New wording?']);
  });

  it('asks before deleting, then deletes with an audit record', async () => {
    const team = await director('south-west');
    await add(team, 'south-west', 'Soon gone?');
    const item = await itemNamed('Soon gone?');
    const confirm = await team.agent.get(`/site/faq/${item.id}/delete`);
    expect(readPage(confirm.body).title()).toBe('Delete the question?');
    expect(await publicQuestions('south-west')).toEqual(['Soon gone?']);
    await team.agent.post(`/site/faq/${item.id}/delete`);
    expect(await publicQuestions('south-west')).toEqual([]);
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, item.id), eq(auditEvents.action, 'delete')));
    expect(audit).toHaveLength(1);
  });
});
