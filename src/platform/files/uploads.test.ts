import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatBytes, inspectUpload, safeFileName, type UploadPolicy } from './uploads.ts';

const MB = 1024 * 1024;
const anything: UploadPolicy = {
  maxBytes: 10 * MB,
  allowed: ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'],
};

function bytes(...parts: (string | number[])[]): Buffer {
  return Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
  );
}

// The first bytes of each kind of file: enough for a reader of signatures, which is all the check is.
const png = bytes(
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0, 0, 0, 13],
  'IHDR',
  [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0],
);
const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const gif = bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0]);
const webp = bytes('RIFF', [26, 0, 0, 0], 'WEBPVP8 ', [14, 0, 0, 0], new Array<number>(14).fill(0));
const pdf = bytes('%PDF-1.7\n%\xff\xff\xff\xff\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
const svg = bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

/** A ZIP holding stored (uncompressed) entries: the shape of a Word document, without Word. */
function zip(entries: Record<string, string>): Buffer {
  return Buffer.concat(
    Object.entries(entries).map(([name, text]) => {
      const data = Buffer.from(text);
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt32LE(data.length, 18);
      header.writeUInt32LE(data.length, 22);
      header.writeUInt16LE(Buffer.byteLength(name), 26);
      return Buffer.concat([header, Buffer.from(name), data]);
    }),
  );
}
const docx = zip({
  '[Content_Types].xml':
    '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  'word/document.xml': '<w:document/>',
});

describe('inspectUpload', () => {
  it.each([
    ['image/png', 'png', png],
    ['image/jpeg', 'jpg', jpeg],
    ['image/gif', 'gif', gif],
    ['image/webp', 'webp', webp],
    ['application/pdf', 'pdf', pdf],
  ] as const)('accepts %s by its content', async (mediaType, extension, content) => {
    const check = await inspectUpload(content, 'upload', anything);
    expect(check).toEqual({
      ok: true,
      mediaType,
      extension,
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      safeName: `upload.${extension}`,
    });
  });

  it('goes by the content, not the name: a PDF called .png is a PDF and is named so', async () => {
    const check = await inspectUpload(pdf, 'reflection.png', anything);
    expect(check).toMatchObject({ ok: true, mediaType: 'application/pdf', safeName: 'reflection.pdf' });
  });

  it('refuses SVG even when it is named .png, because it can carry script', async () => {
    const check = await inspectUpload(svg, 'chart.png', anything);
    expect(check).toEqual({
      ok: false,
      reason:
        'The file is not a PDF or an image (PNG, JPEG, GIF or WebP). It looks like an SVG drawing, which we do not accept because it can contain scripts',
    });
    const bare = await inspectUpload(bytes('<svg viewBox="0 0 1 1"></svg>'), 'x.svg', anything);
    expect(bare).toMatchObject({ ok: false, reason: expect.stringContaining('SVG') as unknown });
  });

  it('says what a refused file looks like', async () => {
    const check = await inspectUpload(docx, 'reflection.pdf', anything);
    expect(check).toEqual({
      ok: false,
      reason: 'The file is not a PDF or an image (PNG, JPEG, GIF or WebP). It looks like a Word document',
    });
  });

  it('says so when it cannot tell what the file is', async () => {
    const check = await inspectUpload(bytes('just some notes\n'), 'notes.pdf', anything);
    expect(check).toEqual({
      ok: false,
      reason: 'The file is not a PDF or an image (PNG, JPEG, GIF or WebP). We could not tell what it is',
    });
  });

  it('names only what the policy accepts, and refuses an accepted-elsewhere type', async () => {
    const pdfOnly = await inspectUpload(png, 'scan.png', { maxBytes: MB, allowed: ['application/pdf'] });
    expect(pdfOnly).toEqual({ ok: false, reason: 'The file is not a PDF. It looks like a PNG image' });
    const photos = await inspectUpload(pdf, 'scan.pdf', { maxBytes: MB, allowed: ['image/png', 'image/jpeg'] });
    expect(photos).toEqual({ ok: false, reason: 'The file is not an image (PNG or JPEG). It looks like a PDF' });
  });

  it('refuses an empty file and one over the limit, before reading it', async () => {
    expect(await inspectUpload(Buffer.alloc(0), 'empty.pdf', anything)).toEqual({
      ok: false,
      reason: 'The file is empty. Choose a file that has something in it',
    });
    const big = Buffer.concat([pdf, Buffer.alloc(Math.round(12.4 * MB) - pdf.length)]);
    expect(await inspectUpload(big, 'big.pdf', anything)).toEqual({
      ok: false,
      reason: 'The file is 12.4 MB. Choose a file of 10 MB or less',
    });
    const exact = Buffer.concat([pdf, Buffer.alloc(10 * MB - pdf.length)]);
    expect(await inspectUpload(exact, 'exact.pdf', anything)).toMatchObject({ ok: true, size: 10 * MB });
  });

  it('takes a plain Uint8Array as well as a Buffer', async () => {
    const check = await inspectUpload(new Uint8Array(png), 'a.png', anything);
    expect(check).toMatchObject({ ok: true, mediaType: 'image/png' });
  });
});

describe('safeFileName', () => {
  it.each([
    ['C:\\Users\\amy\\Desktop\\Reflection week 3.pdf', 'application/pdf', 'Reflection week 3.pdf'],
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['photo\u202Egnp.exe', 'image/png', 'photognp.png'],
    ['line\r\nbreak\u0000.png', 'image/png', 'linebreak.png'],
    ['scan.JPEG', 'image/jpeg', 'scan.JPEG'],
    ['scan.png', 'image/jpeg', 'scan.jpg'],
    ['a:b*c?"d"<e>|f.pdf', 'application/pdf', 'a b c d e f.pdf'],
    ['.hidden', 'application/pdf', 'hidden.pdf'],
    ['', 'application/pdf', 'file.pdf'],
    ['...', 'image/gif', 'file.gif'],
    ['CON.pdf', 'application/pdf', 'CON-file.pdf'],
    ['Cafe\u0301 notes.pdf', 'application/pdf', 'Café notes.pdf'],
    ['report.final.v2', 'application/pdf', 'report.final.pdf'],
  ] as const)('%j as %s is %j', (declared, mediaType, expected) => {
    expect(safeFileName(declared, mediaType)).toBe(expected);
  });

  it('keeps at most 120 characters, without splitting a character, and the extension', () => {
    const name = safeFileName(`${'😀'.repeat(200)}.pdf`, 'application/pdf');
    expect(Array.from(name)).toHaveLength(120);
    expect(name.endsWith('😀.pdf')).toBe(true);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [MB - 1, '1 MB'],
    [10 * MB, '10 MB'],
    [Math.round(12.4 * MB), '12.4 MB'],
    [3 * 1024 * MB, '3 GB'],
  ])('%d is %s', (n, expected) => {
    expect(formatBytes(n)).toBe(expected);
  });
});
