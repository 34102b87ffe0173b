import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createPdf } from '../../platform/pdf/document.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { registerErasureStep } from '../people/index.ts';
import { givenSupervisor, supervises } from '../progress/test-fixtures.ts';
import { portfolioAttachments } from './schema.ts';

// The tests run on 14 October 2026 (TEST_NOW), with the files kept in a folder of their own. Each test makes its own
// learners and supervisors, so no test reads what another wrote.

let t: TestApp;
let dataDir = '';
let east = '';
let london = '';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'breadth-attachments-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
    DATA_DIR: dataDir,
  });
  t = await createTestApp({ globalRateLimit: 100_000, config });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A 1×1 transparent PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function pdfOf(...paragraphs: string[]): Promise<Buffer> {
  const pdf = createPdf({ title: 'Teaching handout', author: 'Breadth tests', createdAt: new Date('2026-10-01') });
  pdf.heading('Teaching handout');
  for (const paragraph of paragraphs) pdf.paragraph(paragraph);
  return pdf.toBuffer();
}

const JOURNEY = {
  title: 'Frailty from ward to home',
  'occurredOn[day]': '2',
  'occurredOn[month]': '10',
  'occurredOn[year]': '2026',
  patient: 'A man in his nineties living with his daughter',
  'steps-0-setting': 'hospital',
  'steps-0-place': 'Frailty unit',
  'steps-0-day': '0',
  'steps-0-happened': 'Admitted after a fall; medicines reviewed.',
  'steps-0-learned': 'How much a medicines review changes.',
  'steps-1-setting': 'community',
  'steps-1-place': 'Community therapy team',
  'steps-1-day': '4',
  'steps-1-happened': 'Home visit with the physiotherapist.',
  'steps-1-learned': '',
  systemReflection: 'The therapy team saw him within days; the care package took three weeks.',
};

async function learner(name: string, regionId = east): Promise<Person> {
  return addLearner(t, regionId, name, { postsForms: true });
}

async function writeJourney(person: Person, title = JOURNEY.title): Promise<string> {
  const response = await person.agent.post('/portfolio/new/patient-journey', { ...JOURNEY, title });
  expect(response.statusCode, response.body.slice(0, 2000)).toBe(302);
  const id = /\/portfolio\/entries\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1];
  if (id === undefined) throw new Error('No entry id');
  return id;
}

function upload(person: Person, entryId: string, filename: string, content: Buffer, contentType = 'image/png') {
  return person.agent.upload(
    `/portfolio/entries/${entryId}/attachments`,
    {},
    { field: 'file', filename, content, contentType },
  );
}

async function attachmentsOf(entryId: string) {
  return t.db.select().from(portfolioAttachments).where(eq(portfolioAttachments.entryId, entryId));
}

function storedPath(key: string): string {
  return path.join(dataDir, 'files', key.slice(0, 2), key);
}

describe('attaching a file', () => {
  it('keeps a PNG and a PDF, lists them on the entry, and gives the same bytes to the learner and their ES', async () => {
    const amy = await learner('Amy Attacher');
    const es = await givenSupervisor(t, east, 'Amy ES');
    await supervises(t, es, amy);
    const id = await writeJourney(amy);

    const page = readPage((await amy.agent.get(`/portfolio/entries/${id}`)).body);
    expect(page.section('Files').text()).toContain('No files.');
    const form = await amy.agent.get(`/portfolio/entries/${id}`);
    expect(form.body).toContain(`action="/portfolio/entries/${id}/attachments" enctype="multipart/form-data"`);

    const png = await upload(amy, id, 'wound-dressing chart.png', PNG);
    expect(png.statusCode, png.body.slice(0, 2000)).toBe(302);
    expect(png.headers.location).toBe(`/portfolio/entries/${id}#files`);
    const handout = await pdfOf('Falls in older people: a ten-minute teaching session for the ward team.');
    const pdf = await upload(amy, id, 'falls teaching.pdf', handout, 'application/pdf');
    expect(pdf.statusCode, pdf.body.slice(0, 2000)).toBe(302);

    const rows = await attachmentsOf(id);
    expect(rows.map((row) => [row.fileName, row.mediaType, row.size]).sort()).toEqual([
      ['falls teaching.pdf', 'application/pdf', handout.length],
      ['wound-dressing chart.png', 'image/png', PNG.length],
    ]);
    for (const row of rows) {
      expect(row.uploadedBy).toBe(amy.id);
      expect(existsSync(storedPath(row.fileKey))).toBe(true);
    }
    const pngRow = rows.find((row) => row.mediaType === 'image/png');
    const pdfRow = rows.find((row) => row.mediaType === 'application/pdf');
    expect(pngRow?.fileKey).toBe(createHash('sha256').update(PNG).digest('hex'));

    const shown = readPage((await amy.agent.get(`/portfolio/entries/${id}`)).body);
    const links = shown.section('Files').links();
    expect(links).toContainEqual({
      text: 'wound-dressing chart.png',
      href: `/portfolio/entries/${id}/attachments/${pngRow?.id ?? ''}`,
    });
    expect(shown.section('Files').text()).toContain('falls teaching.pdf');
    expect(shown.section('Files').text()).toContain('PDF');

    for (const [row, bytes, type] of [
      [pngRow, PNG, 'image/png'],
      [pdfRow, handout, 'application/pdf'],
    ] as const) {
      const url = `/portfolio/entries/${id}/attachments/${row?.id ?? ''}`;
      for (const person of [amy, es]) {
        const response = await person.agent.get(url);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe(type);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(Buffer.compare(response.rawPayload, bytes)).toBe(0);
      }
    }
    // The ES sees the files but may not change them.
    const esPage = readPage((await es.agent.get(`/portfolio/entries/${id}`)).body);
    expect(esPage.section('Files').text()).toContain('wound-dressing chart.png');
    expect(esPage.section('Files').text()).not.toContain('Delete');
  });

  it('is not found for anyone out of sight, and under another entry’s address', async () => {
    const ben = await learner('Ben Attacher');
    const other = await learner('Ben Other');
    const stranger = await givenSupervisor(t, east, 'Ben Stranger', { postsForms: true });
    const londonAdmin = await signedIn(t, 'programme_admin', london);
    const eastAdmin = await signedIn(t, 'programme_admin', east);
    const id = await writeJourney(ben);
    const second = await writeJourney(ben, 'A second journey');
    expect((await upload(ben, id, 'chart.png', PNG)).statusCode).toBe(302);
    const [row] = await attachmentsOf(id);
    const url = `/portfolio/entries/${id}/attachments/${row?.id ?? ''}`;

    expect((await eastAdmin.agent.get(url)).statusCode).toBe(200);
    for (const person of [other, stranger, londonAdmin]) {
      expect((await person.agent.get(url)).statusCode).toBe(404);
    }
    // The attachment's id under another entry of the same learner, even one the person may see.
    expect((await ben.agent.get(`/portfolio/entries/${second}/attachments/${row?.id ?? ''}`)).statusCode).toBe(404);
    expect(
      (await ben.agent.get(`/portfolio/entries/${id}/attachments/0190a1b2-0000-7000-8000-000000000000`)).statusCode,
    ).toBe(404);
    // Another learner can neither add a file to the entry nor delete one from it.
    expect((await upload(other, id, 'mine.png', PNG)).statusCode).toBe(404);
    expect((await other.agent.post(`${url}/delete`)).statusCode).toBe(404);
    expect((await other.agent.get(`${url}/delete`)).statusCode).toBe(404);
    expect(await attachmentsOf(id)).toHaveLength(1);
    // A supervisor does not add files; a form without its token is refused as any other is.
    expect((await upload(stranger, id, 'theirs.png', PNG)).statusCode).toBe(403);
    const forged = await t.app.inject({
      method: 'POST',
      url: `/portfolio/entries/${id}/attachments`,
      headers: {
        cookie: ben.agent.cookieHeader(),
        'content-type': 'multipart/form-data; boundary=x',
        accept: 'text/html',
      },
      payload: `--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n${PNG.toString('latin1')}\r\n--x--\r\n`,
    });
    expect(forged.statusCode).toBe(403);
    expect(await attachmentsOf(id)).toHaveLength(1);
  });

  it('keeps a private reflection’s files to the learner and their educational supervisor', async () => {
    const cat = await learner('Cat Private');
    const es = await givenSupervisor(t, east, 'Cat ES');
    await supervises(t, es, cat);
    const admin = await signedIn(t, 'programme_admin', east);
    const saved = await cat.agent.post('/portfolio/new/reflection', {
      title: 'A hard night',
      'occurredOn[day]': '10',
      'occurredOn[month]': '10',
      'occurredOn[year]': '2026',
      template: 'what_so_what_now_what',
      'answer-what': 'A long night shift where I felt out of my depth.',
      'answer-soWhat': 'I did not ask for help early enough.',
      'answer-nowWhat': 'I will call the registrar sooner.',
      private: 'yes',
    });
    const id = /entries\/([0-9a-f-]{36})/.exec(saved.headers.location ?? '')?.[1] ?? '';
    expect((await upload(cat, id, 'rota.png', PNG)).statusCode).toBe(302);
    const [row] = await attachmentsOf(id);
    const url = `/portfolio/entries/${id}/attachments/${row?.id ?? ''}`;
    expect((await es.agent.get(url)).statusCode).toBe(200);
    expect((await admin.agent.get(url)).statusCode).toBe(404);
  });
});

describe('a file that is refused', () => {
  it('is refused by what it is, by its size, by its name and by a PDF’s text, with the reason at the field', async () => {
    const dan = await learner('Dan Refused');
    const id = await writeJourney(dan);
    const refused = async (filename: string, content: Buffer, contentType?: string) => {
      const response = await upload(dan, id, filename, content, contentType);
      expect(response.statusCode).toBe(400);
      const page = readPage(response.body);
      expect(page.errors()).toHaveLength(1);
      expect(response.body).toContain('href="#file"');
      return page.errors()[0] ?? '';
    };

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(await refused('chart.png', svg)).toContain('SVG');
    expect(await refused('notes.png', Buffer.from('Ward round notes, nothing else.\n'))).toContain(
      'The file is not a PDF or an image',
    );
    const large = Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024 - PNG.length)]);
    expect(await refused('big.png', large)).toContain('Choose a file of 10 MB or less');

    const byName = await refused('jones_943 476 5919.pdf', await pdfOf('A handout.'), 'application/pdf');
    expect(byName).toContain('The file’s name may identify a patient');
    expect(byName).toContain('“943 476 5919”');
    expect(byName).toContain('Rename the file and upload it again');

    const byText = await refused(
      'handout.pdf',
      await pdfOf('Discharge summary for the patient, NHS number 943 476 5919, home today.'),
      'application/pdf',
    );
    expect(byText).toContain('The text of the PDF may identify a patient');
    expect(byText).toContain('“943 476 5919”');

    const broken = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 0x41)]);
    expect(await refused('broken.pdf', broken, 'application/pdf')).toContain('could not be read as a PDF');

    const none = await dan.agent.upload(
      `/portfolio/entries/${id}/attachments`,
      {},
      {
        field: 'file',
        filename: '',
        content: Buffer.alloc(0),
        contentType: 'application/octet-stream',
      },
    );
    expect(none.statusCode).toBe(400);
    expect(readPage(none.body).errors()).toEqual(['Select a file']);

    expect(await attachmentsOf(id)).toHaveLength(0);
  });

  it('gives a page of its own to a body far over the limit', async () => {
    const eve = await learner('Eve Huge');
    const id = await writeJourney(eve);
    const response = await upload(eve, id, 'huge.png', Buffer.alloc(21 * 1024 * 1024));
    expect(response.statusCode).toBe(413);
    expect(readPage(response.body).title()).toBe('The file is too large');
    expect(response.body).toContain('Choose a file of 10 MB or less');
  });
});

describe('deleting a file', () => {
  it('asks first, deletes the record and the stored file, and is refused once the entry is signed off', async () => {
    const fay = await learner('Fay Deleter');
    const es = await givenSupervisor(t, east, 'Fay ES', { postsForms: true });
    await supervises(t, es, fay);
    const id = await writeJourney(fay);
    const handout = await pdfOf('A handout for Fay only.');
    expect((await upload(fay, id, 'handout.pdf', handout, 'application/pdf')).statusCode).toBe(302);
    expect((await upload(fay, id, 'chart.png', PNG)).statusCode).toBe(302);
    const rows = await attachmentsOf(id);
    const pdfRow = rows.find((row) => row.mediaType === 'application/pdf');
    const url = `/portfolio/entries/${id}/attachments/${pdfRow?.id ?? ''}`;

    const confirm = await fay.agent.get(`${url}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(readPage(confirm.body).title()).toBe('Are you sure you want to delete “handout.pdf”?');
    expect((await es.agent.post(`${url}/delete`)).statusCode).toBe(403);
    const deleted = await fay.agent.post(`${url}/delete`);
    expect(deleted.statusCode).toBe(302);
    expect(await attachmentsOf(id)).toHaveLength(1);
    expect(existsSync(storedPath(pdfRow?.fileKey ?? ''))).toBe(false);
    expect((await fay.agent.get(url)).statusCode).toBe(404);

    expect((await fay.agent.post(`/portfolio/entries/${id}/send`)).statusCode).toBe(302);
    expect((await es.agent.post(`/portfolio/entries/${id}/sign-off`, {})).statusCode).toBe(302);
    const [pngRow] = await attachmentsOf(id);
    const locked = await fay.agent.post(`/portfolio/entries/${id}/attachments/${pngRow?.id ?? ''}/delete`);
    expect(locked.statusCode).toBe(302);
    expect(await attachmentsOf(id)).toHaveLength(1);
    const page = readPage((await fay.agent.get(`/portfolio/entries/${id}`)).body);
    expect(page.text()).toContain('signed off and locked');
    expect(page.section('Files').text()).not.toContain('Add a file');
    expect((await upload(fay, id, 'late.png', PNG)).statusCode).toBe(400);
  });

  it('lets the stored files of a deleted entry go, unless another attachment uses the same bytes', async () => {
    const gus = await learner('Gus Eraser');
    const kept = await writeJourney(gus, 'The journey that stays');
    const gone = await writeJourney(gus, 'The journey that goes');
    const onlyHere = await pdfOf('Only in the entry that goes.');
    expect((await upload(gus, gone, 'only.pdf', onlyHere, 'application/pdf')).statusCode).toBe(302);
    expect((await upload(gus, gone, 'shared.png', PNG)).statusCode).toBe(302);
    expect((await upload(gus, kept, 'shared too.png', PNG)).statusCode).toBe(302);
    const onlyKey = createHash('sha256').update(onlyHere).digest('hex');
    const sharedKey = createHash('sha256').update(PNG).digest('hex');

    expect((await gus.agent.post(`/portfolio/entries/${gone}/delete`)).statusCode).toBe(302);
    expect(await attachmentsOf(gone)).toHaveLength(0);
    // The files go once the response has been sent.
    await expect.poll(() => existsSync(storedPath(onlyKey))).toBe(false);
    expect(existsSync(storedPath(sharedKey))).toBe(true);
    const [row] = await attachmentsOf(kept);
    const response = await gus.agent.get(`/portfolio/entries/${kept}/attachments/${row?.id ?? ''}`);
    expect(Buffer.compare(response.rawPayload, PNG)).toBe(0);
  });
});

describe('erasing a learner', () => {
  async function erase(learnerOf: Person, admin: Person) {
    await admin.agent.get(`/people/${learnerOf.id}/erase`);
    return admin.agent.post(`/people/${learnerOf.id}/erase`, { confirmEmail: learnerOf.email });
  }

  it('deletes their stored files once committed, but not a file another learner’s attachment uses', async () => {
    const admin = await signedIn(t, 'platform_admin', null, { postsForms: true });
    const ida = await learner('Ida Erased');
    const otto = await learner('Otto Other');
    const idaEntry = await writeJourney(ida);
    const ottoEntry = await writeJourney(otto);
    const idaOwn = await pdfOf('A handout only the erased learner kept.');
    const idaGone = await pdfOf('A handout whose stored file is already gone.');
    const ottoOwn = await pdfOf('A handout only the other learner kept.');
    expect((await upload(ida, idaEntry, 'mine.pdf', idaOwn, 'application/pdf')).statusCode).toBe(302);
    expect((await upload(ida, idaEntry, 'lost.pdf', idaGone, 'application/pdf')).statusCode).toBe(302);
    expect((await upload(ida, idaEntry, 'shared.png', PNG)).statusCode).toBe(302);
    expect((await upload(otto, ottoEntry, 'his.pdf', ottoOwn, 'application/pdf')).statusCode).toBe(302);
    expect((await upload(otto, ottoEntry, 'same bytes.png', PNG)).statusCode).toBe(302);
    const key = (content: Buffer) => createHash('sha256').update(content).digest('hex');
    // A file already missing from the folder does not stop the erasure.
    await rm(storedPath(key(idaGone)));

    const erased = await erase(ida, admin);
    expect(erased.statusCode, erased.body.slice(0, 2000)).toBe(302);

    expect(await attachmentsOf(idaEntry)).toHaveLength(0);
    expect(existsSync(storedPath(key(idaOwn)))).toBe(false);
    expect(existsSync(storedPath(key(idaGone)))).toBe(false);
    // The other learner's files stay, including the bytes both had uploaded.
    expect(existsSync(storedPath(key(ottoOwn)))).toBe(true);
    expect(existsSync(storedPath(key(PNG)))).toBe(true);
    expect(await attachmentsOf(ottoEntry)).toHaveLength(2);
  });

  it('keeps the files when the erasure fails and is rolled back', async () => {
    const admin = await signedIn(t, 'platform_admin', null, { postsForms: true });
    const una = await learner('Una Unerased');
    const entry = await writeJourney(una);
    const handout = await pdfOf('A handout kept because the erasure failed.');
    expect((await upload(una, entry, 'kept.pdf', handout, 'application/pdf')).statusCode).toBe(302);
    // A later feature's step fails for this learner only, after the portfolio's step has run.
    registerErasureStep('failsForOneLearner', (_db, userId) => {
      if (userId === una.id) return Promise.reject(new Error('The erasure failed'));
      return Promise.resolve(null);
    });

    const failed = await erase(una, admin);
    expect(failed.statusCode).toBe(500);

    expect(await attachmentsOf(entry)).toHaveLength(1);
    expect(existsSync(storedPath(createHash('sha256').update(handout).digest('hex')))).toBe(true);
  });
});
