import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore, InvalidFileKeyError, isFileKey } from './storage.ts';

let root: string;
let store: FileStore;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'breadth-files-'));
  store = new FileStore(root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('FileStore', () => {
  it('keeps bytes under their SHA-256, in a folder named by its first two digits', async () => {
    const { key, size } = await store.put(Buffer.from('Reflection on a patient journey'));
    expect(key).toBe(sha256('Reflection on a patient journey'));
    expect(size).toBe(31);
    expect((await stat(path.join(root, key.slice(0, 2), key))).size).toBe(31);
    expect(await store.has(key)).toBe(true);
    expect(await store.stat(key)).toEqual({ size: 31 });
    expect((await store.read(key))?.toString()).toBe('Reflection on a patient journey');
  });

  it('streams the whole file or an inclusive range of it', async () => {
    const { key } = await store.put(Buffer.from('0123456789'));
    expect(await text((await store.open(key))!)).toBe('0123456789');
    expect(await text((await store.open(key, { start: 2, end: 4 }))!)).toBe('234');
    await expect(store.open(key, { start: 4, end: 2 })).rejects.toThrow();
  });

  it('answers undefined or false for a key it does not hold', async () => {
    const absent = sha256('never stored');
    expect(await store.has(absent)).toBe(false);
    expect(await store.stat(absent)).toBeUndefined();
    expect(await store.read(absent)).toBeUndefined();
    expect(await store.open(absent)).toBeUndefined();
    expect(await store.delete(absent)).toBe(false);
  });

  it('is idempotent, and two puts of the same bytes at once leave one whole file and no temporary ones', async () => {
    const content = Buffer.alloc(256 * 1024, 'NHS');
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(content)));
    const key = results[0]!.key;
    expect(new Set(results.map((result) => result.key))).toEqual(new Set([key]));
    expect((await store.read(key))?.equals(content)).toBe(true);
    expect(await readdir(path.join(root, key.slice(0, 2)))).toEqual([key]);
    expect(await store.put(content)).toEqual({ key, size: content.length });
  });

  it('deletes', async () => {
    const { key } = await store.put(Buffer.from('to be erased'));
    expect(await store.delete(key)).toBe(true);
    expect(await store.has(key)).toBe(false);
  });

  it('refuses anything but a key, so that no key is a path', async () => {
    for (const key of [
      '../../../etc/passwd',
      `../${'a'.repeat(62)}`,
      'A'.repeat(64),
      'a'.repeat(63),
      `${'a'.repeat(64)}/`,
      `${'a'.repeat(64)}\n`,
      '',
    ]) {
      expect(isFileKey(key)).toBe(false);
      await expect(store.has(key)).rejects.toThrow(InvalidFileKeyError);
      await expect(store.open(key)).rejects.toThrow(InvalidFileKeyError);
      await expect(store.delete(key)).rejects.toThrow(InvalidFileKeyError);
    }
  });

  it('needs an absolute root', () => {
    expect(() => new FileStore('data/files')).toThrow(/absolute/);
  });
});
