/** What the handbook's route tests share: a section written and a version published, as the programme team does. */
import { expect } from 'vitest';
import { readPage } from '../../testing/html.ts';
import type { Person } from '../../testing/people.ts';

/** The hidden field's value on a page. */
export function hiddenValue(html: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
}

/** Writes a section through its form as the editor, at the revision the form was opened at. */
export async function writeSection(editor: Person, regionCode: string, key: string, body: string, title?: string) {
  const path = `/handbook/manage/${regionCode}/sections/${key}`;
  const form = await editor.agent.get(path);
  expect(form.statusCode).toBe(200);
  const response = await editor.agent.post(path, {
    title:
      title ??
      /value="([^"]*)"[^>]*id="title"|id="title"[^>]*value="([^"]*)"/.exec(form.body)?.slice(1).find(Boolean) ??
      key,
    bodyMarkdown: body,
    revision: hiddenValue(form.body, 'revision'),
  });
  expect(response.statusCode, readPage(response.body).errors().join(' | ')).toBe(302);
}

/** Publishes the next version through the publish page; gives its number. */
export async function publishVersion(editor: Person, regionCode: string, summary: string): Promise<number> {
  const form = await editor.agent.get(`/handbook/manage/${regionCode}/publish`);
  expect(form.statusCode).toBe(200);
  const number = hiddenValue(form.body, 'number');
  const response = await editor.agent.post(`/handbook/manage/${regionCode}/publish`, {
    changeSummary: summary,
    number,
  });
  expect(response.statusCode, readPage(response.body).errors().join(' | ')).toBe(302);
  expect(response.headers.location).toBe(`/school/${regionCode}/handbook`);
  return Number(number);
}
