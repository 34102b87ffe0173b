import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.ts';
import { contentDisposition, requestedRange, sendStoredFile, type StoredFileToSend } from './serve.ts';
import { FileStore } from './storage.ts';

let root: string;
let store: FileStore;
let app: FastifyInstance;
let key: string;
const content = Buffer.from('%PDF-1.7 0123456789 the rest of a small document');
const files = new Map<string, StoredFileToSend>();

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'breadth-serve-'));
  store = new FileStore(root);
  ({ key } = await store.put(content));
  const pdf = { key, mediaType: 'application/pdf', size: content.length } as const;
  files.set('inline-pdf', { ...pdf, fileName: 'Reflection.pdf', disposition: 'inline' });
  files.set('download', { ...pdf, fileName: 'Café (final).pdf', disposition: 'attachment' });
  files.set('image', { ...pdf, mediaType: 'image/png', fileName: 'x.png', disposition: 'inline' });
  files.set('missing', { ...pdf, key: 'f'.repeat(64), fileName: 'gone.pdf', disposition: 'inline' });
  files.set('wrong-size', { ...pdf, size: 3, fileName: 'x.pdf', disposition: 'inline' });
  app = Fastify();
  app.setErrorHandler((error, _request, reply) =>
    reply.code(error instanceof NotFoundError ? 404 : 500).send(error instanceof Error ? error.message : 'error'),
  );
  app.get<{ Params: { name: string } }>('/files/:name', async (request, reply) =>
    sendStoredFile(reply, store, files.get(request.params.name)!),
  );
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await rm(root, { recursive: true, force: true });
});

describe('sendStoredFile', () => {
  it('sends the whole file with headers that keep it from acting as a page', async () => {
    const response = await app.inject({ url: '/files/inline-pdf' });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(content)).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(content.length),
      'content-disposition': 'inline; filename="Reflection.pdf"',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'accept-ranges': 'bytes',
      etag: `"${key}"`,
    });
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await app.inject({ method: 'HEAD', url: '/files/inline-pdf' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe(String(content.length));
    expect(response.rawPayload.length).toBe(0);
  });

  it('sandboxes an inline image and a download', async () => {
    for (const name of ['image', 'download']) {
      const response = await app.inject({ url: `/files/${name}` });
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    }
    const image = await app.inject({ url: '/files/image' });
    expect(image.headers['content-type']).toBe('image/png');
  });

  it('gives a download name in any language', async () => {
    const response = await app.inject({ url: '/files/download' });
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="Cafe (final).pdf"; filename*=UTF-8''Caf%C3%A9%20%28final%29.pdf`,
    );
  });

  it('sends one range as 206 Partial Content', async () => {
    const response = await app.inject({ url: '/files/inline-pdf', headers: { range: 'bytes=9-18' } });
    expect(response.statusCode).toBe(206);
    expect(response.body).toBe('0123456789');
    expect(response.headers['content-range']).toBe(`bytes 9-18/${content.length}`);
    expect(response.headers['content-length']).toBe('10');
    const tail = await app.inject({ url: '/files/inline-pdf', headers: { range: 'bytes=-8' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.body).toBe('document');
  });

  it('answers 416 to a range beyond the end', async () => {
    const response = await app.inject({ url: '/files/inline-pdf', headers: { range: `bytes=${content.length}-` } });
    expect(response.statusCode).toBe(416);
    expect(response.headers['content-range']).toBe(`bytes */${content.length}`);
  });

  it('sends the whole file for several ranges, or an If-Range naming other content', async () => {
    const several = await app.inject({ url: '/files/inline-pdf', headers: { range: 'bytes=0-1,4-5' } });
    expect(several.statusCode).toBe(200);
    expect(several.rawPayload.length).toBe(content.length);
    const stale = await app.inject({
      url: '/files/inline-pdf',
      headers: { range: 'bytes=0-1', 'if-range': '"something-else"' },
    });
    expect(stale.statusCode).toBe(200);
    const current = await app.inject({
      url: '/files/inline-pdf',
      headers: { range: 'bytes=0-3', 'if-range': `"${key}"` },
    });
    expect(current.statusCode).toBe(206);
    expect(current.body).toBe('%PDF');
  });

  it('throws NotFoundError when the store has no such file', async () => {
    const response = await app.inject({ url: '/files/missing' });
    expect(response.statusCode).toBe(404);
  });

  it('refuses to send a file whose size is not the one recorded', async () => {
    const response = await app.inject({ url: '/files/wrong-size' });
    expect(response.statusCode).toBe(500);
    expect(response.body).toMatch(/record says 3/);
  });

  it('refuses a file changed on disk after it was stored', async () => {
    await writeFile(path.join(root, key.slice(0, 2), key), 'short');
    const response = await app.inject({ url: '/files/inline-pdf' });
    expect(response.statusCode).toBe(500);
    await store.delete(key);
    await store.put(content);
  });
});

describe('requestedRange', () => {
  const etag = '"k"';
  it.each([
    [undefined, 100, 'whole'],
    ['bytes=0-0', 100, { start: 0, end: 0 }],
    ['bytes=10-', 100, { start: 10, end: 99 }],
    ['bytes=90-200', 100, { start: 90, end: 99 }],
    ['bytes=-200', 100, { start: 0, end: 99 }],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=0-', 0, 'unsatisfiable'],
    ['bytes=5-4', 100, 'whole'],
    ['bytes=-', 100, 'whole'],
    ['items=0-4', 100, 'whole'],
    ['bytes=0-4, 6-8', 100, 'whole'],
  ] as const)('%s of %d bytes is %j', (range, size, expected) => {
    expect(requestedRange(range, undefined, etag, size)).toEqual(expected);
  });
});

describe('contentDisposition', () => {
  it.each([
    ['attachment', 'Report.pdf', 'attachment; filename="Report.pdf"'],
    ['inline', 'say "hi".png', `inline; filename="say _hi_.png"; filename*=UTF-8''say%20%22hi%22.png`],
    ['attachment', 'line\r\nbreak.pdf', 'attachment; filename="linebreak.pdf"'],
    ['attachment', '100%.pdf', `attachment; filename="100_.pdf"; filename*=UTF-8''100%25.pdf`],
    [
      'attachment',
      'Ωμέγα.pdf',
      `attachment; filename="_____.pdf"; filename*=UTF-8''%CE%A9%CE%BC%CE%AD%CE%B3%CE%B1.pdf`,
    ],
  ] as const)('%s %j', (disposition, name, expected) => {
    expect(contentDisposition(disposition, name)).toBe(expected);
  });
});
