/**
 * Checking a file someone uploads before it is kept: its size, and what it really is.
 *
 * The type is read from the bytes (file-type), never from the file's name or the type the browser declares: both are
 * written by the uploader, and a page served as an "image" that is really HTML or SVG runs script in our origin.
 * SVG is refused outright for that reason, whatever it is called. Reasons are written for the person uploading.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';

export type UploadMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'application/pdf';
export type UploadExtension = 'png' | 'jpg' | 'gif' | 'webp' | 'pdf';

export interface UploadPolicy {
  maxBytes: number;
  allowed: readonly UploadMediaType[];
}

export type UploadCheck =
  | { ok: true; mediaType: UploadMediaType; extension: UploadExtension; size: number; sha256: string; safeName: string }
  | { ok: false; reason: string };

/** Each accepted type: its usual extension, the other extensions people give it, and its name in a sentence. */
const ACCEPTED: Record<UploadMediaType, { extension: UploadExtension; aliases: string[]; label: string }> = {
  'application/pdf': { extension: 'pdf', aliases: [], label: 'PDF' },
  'image/png': { extension: 'png', aliases: [], label: 'PNG' },
  'image/jpeg': { extension: 'jpg', aliases: ['jpeg', 'jpe', 'jfif'], label: 'JPEG' },
  'image/gif': { extension: 'gif', aliases: [], label: 'GIF' },
  'image/webp': { extension: 'webp', aliases: [], label: 'WebP' },
};

/** What a refused file looks like, in words an uploader knows, for the types people most often pick by mistake. */
const LOOKS_LIKE: Record<string, string> = {
  'application/pdf': 'a PDF',
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'image/gif': 'a GIF image',
  'image/webp': 'a WebP image',
  'image/svg+xml': 'an SVG drawing, which we do not accept because it can contain scripts',
  'image/heic': 'an HEIC photo (the format iPhones use): save it as a JPEG and try again',
  'image/heif': 'an HEIF photo: save it as a JPEG and try again',
  'image/avif': 'an AVIF image: save it as a PNG or JPEG and try again',
  'image/tiff': 'a TIFF image: save it as a PNG or JPEG and try again',
  'image/bmp': 'a BMP image: save it as a PNG and try again',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'an Excel spreadsheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'a PowerPoint presentation',
  'application/x-cfb': 'an older Microsoft Office document',
  'application/vnd.oasis.opendocument.text': 'an OpenDocument text document',
  'application/rtf': 'a Rich Text document',
  'application/zip': 'a ZIP archive',
  'application/x-msdownload': 'a Windows program',
  'application/x-elf': 'a program',
  'video/mp4': 'a video',
  'video/quicktime': 'a video',
  'audio/mpeg': 'a sound recording',
  'application/xml': 'an XML file',
};

/** A size in the units people read on their computer: "900 bytes", "12.4 KB", "12.4 MB", "10 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  // Round first, then move up a unit, so that 1,048,575 bytes reads "1 MB" rather than "1024 KB".
  while (unit < units.length - 1 && Math.round(value * 10) / 10 >= 1024) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ${units[unit] ?? 'TB'}`;
}

/** "a PDF or an image (PNG, JPEG, GIF or WebP)", or as much of that as the policy accepts. */
function acceptedInWords(allowed: readonly UploadMediaType[]): string {
  const images = allowed.filter((type) => type !== 'application/pdf').map((type) => ACCEPTED[type].label);
  const parts: string[] = [];
  if (allowed.includes('application/pdf')) parts.push('a PDF');
  if (images.length > 0) parts.push(`an image (${orList(images)})`);
  return orList(parts);
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/**
 * SVG is text, so file-type does not name it: look for an <svg> element near the start of anything that reads as
 * markup. Read generously (a byte-order mark, an XML declaration, comments, a doctype) rather than strictly.
 */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  return /^\s*</.test(head) && /<svg[\s>/]/i.test(head);
}

function describe(mime: string | undefined, extension: string | undefined): string {
  if (mime !== undefined && LOOKS_LIKE[mime] !== undefined) return `It looks like ${LOOKS_LIKE[mime]}`;
  if (extension !== undefined) return `It looks like a file of type ${extension.toUpperCase()}`;
  return 'We could not tell what it is';
}

/** Is the uploaded file one the policy accepts? See UploadCheck; the bytes are not kept or changed. */
export async function inspectUpload(
  bytes: Uint8Array,
  declaredName: string,
  policy: UploadPolicy,
): Promise<UploadCheck> {
  const size = bytes.byteLength;
  if (size === 0) return { ok: false, reason: 'The file is empty. Choose a file that has something in it' };
  if (size > policy.maxBytes) {
    return {
      ok: false,
      reason: `The file is ${formatBytes(size)}. Choose a file of ${formatBytes(policy.maxBytes)} or less`,
    };
  }
  const detected = await fileTypeFromBuffer(bytes);
  const mime: string | undefined = detected?.mime;
  const accepted = policy.allowed.find((type) => type === mime);
  if (accepted === undefined) {
    const svg = (detected === undefined || mime === 'application/xml') && looksLikeSvg(bytes);
    const looks = svg ? describe('image/svg+xml', undefined) : describe(mime, detected?.ext);
    return { ok: false, reason: `The file is not ${acceptedInWords(policy.allowed)}. ${looks}` };
  }
  return {
    ok: true,
    mediaType: accepted,
    extension: ACCEPTED[accepted].extension,
    size,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    safeName: safeFileName(declaredName, accepted),
  };
}

const MAX_NAME_LENGTH = 120;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * The uploader's name for the file, made safe to show and to offer back as a download name: no folders, no control
 * or invisible formatting characters (a right-to-left override can make "photo\u202Egnp.exe" read as "photoexe.png"),
 * no characters Windows refuses, at most 120 characters, and ending in the extension of what the file really is.
 */
export function safeFileName(declaredName: string, mediaType: UploadMediaType): string {
  const { extension, aliases } = ACCEPTED[mediaType];
  const lastPart = declaredName.split(/[/\\]/).at(-1) ?? '';
  const cleaned = lastPart
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const match = /^(.*)\.([A-Za-z0-9]{1,8})$/.exec(cleaned);
  let base = match?.[1] ?? cleaned;
  const given = match?.[2];
  // Keep the uploader's spelling of the right extension ("scan.JPEG"); replace a wrong one ("scan.png" that is a PDF).
  const ending = given !== undefined && [extension, ...aliases].includes(given.toLowerCase()) ? given : extension;
  base = base.replace(/[.\s]+$/g, '');
  if (base === '') base = 'file';
  if (WINDOWS_RESERVED.test(base)) base = `${base}-file`;
  const room = MAX_NAME_LENGTH - ending.length - 1;
  const characters = Array.from(base);
  if (characters.length > room) base = characters.slice(0, room).join('').trimEnd();
  return `${base}.${ending}`;
}
