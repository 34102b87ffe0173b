/**
 * Uploaded files kept on disk, each under the SHA-256 of its bytes (`<root>/<first two hex digits>/<key>`).
 *
 * The root is a folder of its own outside anything served statically (e.g. `path.join(config.dataDir, 'files')`):
 * files leave only through sendStoredFile, after a route has checked who is asking. Naming by content makes a put
 * idempotent and lets two records share one copy; it also means a key is only ever 64 hex digits, never a path, so
 * no key can reach outside the root. The database records which key belongs to what, and under what name.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A key is the lower-case hex SHA-256 of the file's bytes. */
export function isFileKey(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

export class InvalidFileKeyError extends Error {
  override name = 'InvalidFileKeyError';
  constructor() {
    super('A stored file key is 64 lower-case hexadecimal digits');
  }
}

/** Inclusive byte positions, as in an HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export class FileStore {
  readonly root: string;

  constructor(root: string) {
    // A relative root would move with the process's working directory.
    if (!path.isAbsolute(root)) throw new Error(`The file store needs an absolute folder, not "${root}"`);
    this.root = root;
  }

  private pathOf(key: string): string {
    if (!isFileKey(key)) throw new InvalidFileKeyError();
    return path.join(this.root, key.slice(0, 2), key);
  }

  /**
   * Keeps the bytes and gives their key. They are written to a temporary file in the same folder, flushed to disk and
   * then renamed into place: a crash leaves either the whole file or none (at worst a stray temporary file, whose name
   * is never a key). Putting bytes already kept rewrites nothing; two puts of the same bytes at once both succeed.
   */
  async put(bytes: Uint8Array): Promise<{ key: string; size: number }> {
    const key = createHash('sha256').update(bytes).digest('hex');
    const size = bytes.byteLength;
    const target = this.pathOf(key);
    if ((await this.stat(key))?.size === size) return { key, size };
    const folder = path.dirname(target);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const temporary = path.join(folder, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, target);
    } catch (error) {
      // Windows will not rename onto a file another put has just finished; the same bytes are there, which will do.
      await rm(temporary, { force: true });
      if ((await this.stat(key))?.size !== size) throw error;
    }
    return { key, size };
  }

  async has(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined;
  }

  /** The stored file's size, or undefined when there is none under this key. */
  async stat(key: string): Promise<{ size: number } | undefined> {
    try {
      const found = await stat(this.pathOf(key));
      return found.isFile() ? { size: found.size } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The whole file, or undefined when there is none. For small files; send large ones with open(). */
  async read(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /**
   * A stream of the file, or of the inclusive byte range given, or undefined when there is none. The file is opened
   * before this returns, so a missing file is known here rather than as an error event mid-response.
   */
  async open(key: string, range?: ByteRange): Promise<ReadStream | undefined> {
    let handle;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    try {
      // The stream closes the file when it ends, fails or is destroyed (a client that hangs up).
      return handle.createReadStream(range === undefined ? {} : { start: range.start, end: range.end });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Removes the file; false when there was none. Callers delete only a key no record uses any more. */
  async delete(key: string): Promise<boolean> {
    const target = this.pathOf(key);
    try {
      await rm(target);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}
