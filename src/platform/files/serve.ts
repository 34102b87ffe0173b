/**
 * Sending a stored file to someone a route has already let see it: the headers that keep an uploaded file from acting
 * as part of our site, a download name in any language, and single byte ranges so a large PDF can be resumed or
 * read page by page.
 */
import type { FastifyReply } from 'fastify';
import { NotFoundError } from '../errors.ts';
import type { FileStore } from './storage.ts';
import type { UploadMediaType } from './uploads.ts';

export interface StoredFileToSend {
  key: string;
  /** What inspectUpload found the file to be (or application/pdf for one the server made): never a declared type. */
  mediaType: UploadMediaType;
  /** The name to save it under, e.g. the safeName inspectUpload gave. */
  fileName: string;
  /** `inline` opens it in the browser; `attachment` saves it. */
  disposition: 'inline' | 'attachment';
  /** The size recorded with the file. When given, a stored file of another size is refused rather than sent. */
  size?: number;
}

/**
 * A stored file's bytes run no script and load nothing, even if a browser were to read them as a page. PDFs shown
 * inline are not sandboxed: Chrome and Safari refuse to show a PDF in a sandboxed document, and their PDF viewers
 * run apart from our pages anyway. Nothing may frame a file, as nothing may frame a page (the app's own policy).
 */
const SANDBOXED = "default-src 'none'; frame-ancestors 'none'; sandbox";
const INLINE_PDF = "default-src 'none'; frame-ancestors 'none'";

/**
 * `inline` or `attachment` with the file's name: a plain ASCII `filename` every browser reads, and when the name has
 * anything else in it (an accent, a quotation mark), the exact name as UTF-8 in `filename*` (RFC 6266, RFC 8187).
 */
export function contentDisposition(disposition: 'inline' | 'attachment', fileName: string): string {
  const name = fileName.replace(/\p{Cc}/gu, '');
  const fallback =
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\x20-\x7e]|["\\%]/g, '_')
      .trim() || 'file';
  if (fallback === name) return `${disposition}; filename="${fallback}"`;
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeExtendedValue(name)}`;
}

/** Percent-encodes all but RFC 8187's attr-char (encodeURIComponent leaves ' ( ) * as they are). */
function encodeExtendedValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export type RangeAnswer = { start: number; end: number } | 'whole' | 'unsatisfiable';

/**
 * Which bytes a Range header asks for (RFC 9110 §14). Only one range is served: a request for several, or a header
 * this does not understand, gets the whole file, which the RFC allows. An If-Range naming another version (or a
 * date: we send no Last-Modified) also gets the whole file.
 */
export function requestedRange(
  range: string | undefined,
  ifRange: string | undefined,
  etag: string,
  size: number,
): RangeAnswer {
  if (range === undefined) return 'whole';
  if (ifRange !== undefined && ifRange.trim() !== etag) return 'whole';
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (match === null) return 'whole';
  const [, first = '', last = ''] = match;
  if (first === '') {
    if (last === '') return 'whole';
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return 'whole';
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** Sends the stored file, or throws NotFoundError when the store has nothing under its key. */
export async function sendStoredFile(
  reply: FastifyReply,
  store: FileStore,
  file: StoredFileToSend,
): Promise<FastifyReply> {
  const stored = await store.stat(file.key);
  if (stored === undefined) throw new NotFoundError('File not found');
  const { size } = stored;
  if (file.size !== undefined && file.size !== size) {
    // Content-addressed files never change: this one has been altered or cut short on disk.
    throw new Error(`The stored file ${file.key} is ${size} bytes but its record says ${file.size}`);
  }
  // The key is the SHA-256 of the bytes, so it names this exact content: a strong validator for If-Range.
  const etag = `"${file.key}"`;
  const { headers } = reply.request;
  const ifRange = Array.isArray(headers['if-range']) ? headers['if-range'][0] : headers['if-range'];
  const range = requestedRange(headers.range, ifRange, etag, size);

  reply
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('accept-ranges', 'bytes')
    .header('etag', etag);
  if (range === 'unsatisfiable') {
    return reply
      .code(416)
      .header('content-security-policy', SANDBOXED)
      .header('content-range', `bytes */${size}`)
      .type('text/plain; charset=utf-8')
      .send('The requested range is not in this file');
  }
  const inlinePdf = file.disposition === 'inline' && file.mediaType === 'application/pdf';
  reply
    .type(file.mediaType)
    .header('content-disposition', contentDisposition(file.disposition, file.fileName))
    .header('content-security-policy', inlinePdf ? INLINE_PDF : SANDBOXED);
  const part = range === 'whole' ? undefined : range;
  const stream = await store.open(file.key, part);
  if (stream === undefined) throw new NotFoundError('File not found');
  if (part === undefined) return reply.header('content-length', size).send(stream);
  return reply
    .code(206)
    .header('content-range', `bytes ${part.start}-${part.end}/${size}`)
    .header('content-length', part.end - part.start + 1)
    .send(stream);
}
