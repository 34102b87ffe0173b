/**
 * Files attached to a portfolio entry (ADR 13): images and PDFs up to 10 MB, typed by their content, their names and
 * a PDF's text read by the anonymisation guard before anything is kept, stored by content hash under the data
 * directory (FileStore), and given only to those who may see the entry.
 *
 * The store is content-addressed, so one stored file may serve several attachments: a file is deleted only when no
 * attachment uses its key any more, and only after the change that stopped using it has been committed.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { extractPdfText } from '../../platform/files/pdf-text.ts';
import type { FileStore } from '../../platform/files/storage.ts';
import { formatBytes, inspectUpload, type UploadMediaType, type UploadPolicy } from '../../platform/files/uploads.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import { ENTRY_KIND_LABELS, isLocked } from './domain/entries.ts';
import { guardFields } from './domain/guard.ts';
import { entryAccess, type EntryAccess } from './policy.ts';
import { portfolioAttachments, portfolioEntries } from './schema.ts';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Enough for the photos and letters one entry needs; a portfolio is not a file share. */
export const ATTACHMENTS_PER_ENTRY = 20;

export const ATTACHMENT_POLICY: UploadPolicy = {
  maxBytes: ATTACHMENT_MAX_BYTES,
  allowed: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'],
};

const TYPE_LABELS: Record<UploadMediaType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
};

export type Attachment = typeof portfolioAttachments.$inferSelect;

// ----- Queries -----

export async function attachmentsOf(db: Db, entryIds: readonly string[]): Promise<Attachment[]> {
  if (entryIds.length === 0) return [];
  return db
    .select()
    .from(portfolioAttachments)
    .where(inArray(portfolioAttachments.entryId, [...entryIds]))
    .orderBy(asc(portfolioAttachments.uploadedAt), asc(portfolioAttachments.id));
}

async function findAttachment(db: Db, entryId: string, attachmentId: string): Promise<Attachment | undefined> {
  const [row] = await db
    .select()
    .from(portfolioAttachments)
    .where(and(eq(portfolioAttachments.id, attachmentId), eq(portfolioAttachments.entryId, entryId)));
  return row;
}

/** The stored files' keys of an entry's attachments (to be let go once the entry is deleted). */
export async function fileKeysOfEntry(db: Db, entryId: string): Promise<string[]> {
  const rows = await db
    .select({ key: portfolioAttachments.fileKey })
    .from(portfolioAttachments)
    .where(eq(portfolioAttachments.entryId, entryId));
  return [...new Set(rows.map((row) => row.key))];
}

/** The stored files' keys of every attachment in a learner's portfolio (to be let go once they are erased). */
export async function fileKeysOfLearner(db: Db, learnerUserId: string): Promise<string[]> {
  const rows = await db
    .select({ key: portfolioAttachments.fileKey })
    .from(portfolioAttachments)
    .innerJoin(portfolioEntries, eq(portfolioEntries.id, portfolioAttachments.entryId))
    .where(eq(portfolioEntries.learnerUserId, learnerUserId));
  return [...new Set(rows.map((row) => row.key))];
}

/**
 * Deletes from the store each of these files that no attachment uses any more. Call it after the change that let
 * them go has been committed: until then the rows that use them are still there, and a rollback would need them.
 */
export async function removeUnusedFiles(db: Db, store: FileStore, keys: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return [];
  const used = await db
    .select({ key: portfolioAttachments.fileKey })
    .from(portfolioAttachments)
    .where(inArray(portfolioAttachments.fileKey, wanted));
  const inUse = new Set(used.map((row) => row.key));
  const removed: string[] = [];
  for (const key of wanted) {
    if (inUse.has(key)) continue;
    if (await store.delete(key)) removed.push(key);
  }
  return removed;
}

// ----- Who may do what -----

/** The learner adds files to their own entries until they are signed off (and locked). */
function mayAttach(access: EntryAccess): boolean {
  return access.own && !isLocked(access.entry.status);
}

function refuseAttaching(access: EntryAccess): never {
  if (access.own) throw new RuleError('This entry is signed off and locked: files cannot be added or removed', 'file');
  throw new NotFoundError();
}

// ----- The entry page -----

export interface AttachmentItem {
  id: string;
  fileName: string;
  href: string;
  deleteHref: string;
  type: string;
  size: string;
  uploadedAt: string;
  image: boolean;
}

export interface AttachmentsSection {
  items: AttachmentItem[];
  /** The learner may add and delete files: their own entry, not signed off. */
  mayChange: boolean;
  maxSize: string;
  full: boolean;
}

function itemOf(attachment: Attachment): AttachmentItem {
  const href = `/portfolio/entries/${attachment.entryId}/attachments/${attachment.id}`;
  return {
    id: attachment.id,
    fileName: attachment.fileName,
    href,
    deleteHref: `${href}/delete`,
    type: (TYPE_LABELS as Partial<Record<string, string>>)[attachment.mediaType] ?? 'File',
    size: formatBytes(attachment.size),
    uploadedAt: formatDateTime(attachment.uploadedAt),
    image: attachment.mediaType.startsWith('image/'),
  };
}

/** The entry page's "Files" section, for someone the policy has already let see the entry. */
export async function attachmentsSection(db: Db, access: EntryAccess): Promise<AttachmentsSection> {
  const attachments = await attachmentsOf(db, [access.entry.id]);
  return {
    items: attachments.map(itemOf),
    mayChange: mayAttach(access),
    maxSize: formatBytes(ATTACHMENT_MAX_BYTES),
    full: attachments.length >= ATTACHMENTS_PER_ENTRY,
  };
}

/** The entry, for the upload page: only its learner, and only while it is not signed off. */
export async function uploadContext(ctx: Context, entryId: string): Promise<EntryAccess> {
  const access = await entryAccess(ctx, ctx.db, entryId);
  if (!access.own) throw new NotFoundError();
  return access;
}

// ----- Uploading -----

export interface Upload {
  /** The name the browser gave the file: the uploader's, never trusted. */
  name: string;
  bytes: Uint8Array;
}

/**
 * A file name as the guard reads it: the separators people put in names ("jones_9434765919.pdf") read as spaces, so
 * that what they join is read as the words it is.
 */
function nameAsWords(name: string): string {
  return (name.split(/[/\\]/).at(-1) ?? '').replace(/[_+]+/g, ' ');
}

/** The guard's message for a file, which is changed by renaming or editing it rather than by typing. */
function fileProblem(label: string, text: string, advice: string): string | null {
  const [problem] = guardFields([{ field: 'file', label, text }]);
  return problem === undefined ? null : problem.message.replace(/Remove it before saving\.$/, advice);
}

/**
 * Checks a file before it is kept: what it really is (by its bytes), its size, its name and, for a PDF, its text.
 * Throws a RuleError for the file field that says plainly what to do.
 */
async function checkUpload(upload: Upload) {
  const check = await inspectUpload(upload.bytes, upload.name, ATTACHMENT_POLICY);
  if (!check.ok) throw new RuleError(check.reason, 'file');
  const nameProblem = fileProblem('The file’s name', nameAsWords(upload.name), 'Rename the file and upload it again.');
  if (nameProblem !== null) throw new RuleError(nameProblem, 'file');
  if (check.mediaType === 'application/pdf') {
    const read = await extractPdfText(upload.bytes);
    if (!read.ok) throw new RuleError(read.reason, 'file');
    if (read.truncated) {
      throw new RuleError(
        'The PDF is too long for its text to be checked for anything that could identify a patient. Upload only the pages you need',
        'file',
      );
    }
    const textProblem = fileProblem(
      'The text of the PDF',
      read.text,
      'Take it out of the document, save it as a PDF again and upload the new copy.',
    );
    if (textProblem !== null) throw new RuleError(textProblem, 'file');
  }
  return check;
}

/**
 * Attaches a file to the learner's own entry. The checks (content, guard, a PDF's text) run before the entry is
 * locked, so a slow PDF holds no lock; the entry is read again, locked, before the record is written.
 */
export async function addAttachment(
  ctx: Context,
  store: FileStore,
  entryId: string,
  upload: Upload,
): Promise<{ access: EntryAccess; attachment: Attachment }> {
  const before = await entryAccess(ctx, ctx.db, entryId);
  if (!mayAttach(before)) refuseAttaching(before);
  const check = await checkUpload(upload);
  const { key } = await store.put(upload.bytes);
  try {
    const result = await ctx.db.transaction(async (tx) => {
      const access = await entryAccess(ctx, tx, entryId, true);
      if (!mayAttach(access)) refuseAttaching(access);
      const existing = await attachmentsOf(tx, [entryId]);
      if (existing.length >= ATTACHMENTS_PER_ENTRY) {
        throw new RuleError(
          `An entry can have up to ${String(ATTACHMENTS_PER_ENTRY)} files. Delete one before adding another`,
          'file',
        );
      }
      const [attachment] = await tx
        .insert(portfolioAttachments)
        .values({
          id: newId(),
          entryId,
          fileKey: key,
          fileName: check.safeName,
          mediaType: check.mediaType,
          size: check.size,
          uploadedBy: ctx.principal.userId,
          uploadedAt: ctx.now,
        })
        .returning();
      if (attachment === undefined) throw new Error('The attachment was not saved');
      await audit(
        tx,
        ctx.actor,
        {
          action: 'create',
          entityType: 'portfolio_attachment',
          entityId: attachment.id,
          regionId: access.entry.regionId,
          summary: `Attached a ${TYPE_LABELS[check.mediaType]} to a ${ENTRY_KIND_LABELS[access.entry.kind].toLowerCase()} in their portfolio`,
        },
        ctx.now,
      );
      return { access, attachment };
    });
    // Another attachment of the same bytes may have been deleted, and its file swept, between put and commit.
    if (!(await store.has(key))) await store.put(upload.bytes);
    return result;
  } catch (error) {
    await removeUnusedFiles(ctx.db, store, [key]);
    throw error;
  }
}

// ----- Downloading and deleting -----

/** An attachment of an entry the person may see; not found for anyone else, or under another entry's address. */
export async function attachmentToSend(ctx: Context, entryId: string, attachmentId: string): Promise<Attachment> {
  await entryAccess(ctx, ctx.db, entryId);
  const attachment = await findAttachment(ctx.db, entryId, attachmentId);
  if (attachment === undefined) throw new NotFoundError();
  return attachment;
}

/** The attachment the learner is asked to confirm deleting. */
export async function attachmentToDelete(
  ctx: Context,
  entryId: string,
  attachmentId: string,
): Promise<{ access: EntryAccess; attachment: AttachmentItem }> {
  const access = await entryAccess(ctx, ctx.db, entryId);
  if (!access.own) throw new NotFoundError();
  const attachment = await findAttachment(ctx.db, entryId, attachmentId);
  if (attachment === undefined) throw new NotFoundError();
  if (!mayAttach(access)) refuseAttaching(access);
  return { access, attachment: itemOf(attachment) };
}

/** The learner deletes a file from their entry while it is not signed off; the stored file goes when unused. */
export async function deleteAttachment(
  ctx: Context,
  store: FileStore,
  entryId: string,
  attachmentId: string,
): Promise<Attachment> {
  const deleted = await ctx.db.transaction(async (tx) => {
    const access = await entryAccess(ctx, tx, entryId, true);
    if (!access.own) throw new NotFoundError();
    const attachment = await findAttachment(tx, entryId, attachmentId);
    if (attachment === undefined) throw new NotFoundError();
    if (!mayAttach(access)) refuseAttaching(access);
    await tx.delete(portfolioAttachments).where(eq(portfolioAttachments.id, attachmentId));
    await audit(
      tx,
      ctx.actor,
      {
        action: 'delete',
        entityType: 'portfolio_attachment',
        entityId: attachmentId,
        regionId: access.entry.regionId,
        summary: `Deleted a file from a ${ENTRY_KIND_LABELS[access.entry.kind].toLowerCase()} in their portfolio`,
      },
      ctx.now,
    );
    return attachment;
  });
  await removeUnusedFiles(ctx.db, store, [deleted.fileKey]);
  return deleted;
}
