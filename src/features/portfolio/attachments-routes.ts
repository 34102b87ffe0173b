/** Files attached to an entry: uploading (checked by content and by the guard) and serving them to those who may see. */
import path from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { RuleError } from '../../platform/errors.ts';
import { sendStoredFile } from '../../platform/files/serve.ts';
import { FileStore } from '../../platform/files/storage.ts';
import { formatBytes, type UploadMediaType } from '../../platform/files/uploads.ts';
import { PROGRAMME_TEAM, SUPERVISORS } from '../../platform/policy.ts';
import { addError, emptyErrors, type FormErrors } from '../../platform/web/forms.ts';
import {
  addAttachment,
  ATTACHMENT_MAX_BYTES,
  attachmentToDelete,
  attachmentToSend,
  deleteAttachment,
  fileKeysOfEntry,
  removeUnusedFiles,
  uploadContext,
  type Upload,
} from './attachments-service.ts';

const viewers = ['learner', ...SUPERVISORS, ...PROGRAMME_TEAM] as const;
const learners = ['learner'] as const;
const idParams = z.object({ id: z.uuid() });
const attachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

/** Room for the form's other fields and the multipart framing around a file of the largest size accepted. */
const MULTIPART_OVERHEAD = 64 * 1024;
/**
 * Bodies up to twice the limit are read, so that a file somewhat too large is refused on the form with its size;
 * a larger one is cut off while it arrives and gets a page of its own.
 */
const UPLOAD_BODY_LIMIT = 2 * ATTACHMENT_MAX_BYTES + MULTIPART_OVERHEAD;

/** A posted upload form: its text fields, and the one file, with the name the browser gave it. */
interface UploadBody {
  [field: string]: unknown;
  file?: Upload;
}

/**
 * Reads a multipart form whole with the platform's own Fetch API parser. The app's multipart plugin gives a file as
 * bytes without its name; an attachment's name must be kept (and read by the guard), so the upload route parses its
 * own body. A body that is not a well-formed form reads as empty, and is then refused as a form without its token.
 */
async function readUploadForm(request: FastifyRequest, body: Buffer): Promise<UploadBody> {
  const type = request.headers['content-type'] ?? '';
  try {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    const fields: UploadBody = {};
    for (const [name, value] of form) {
      if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
      if (typeof value === 'string') fields[name] = value;
      else if (name === 'file' && fields.file === undefined) {
        fields.file = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
      }
    }
    return fields;
  } catch {
    return {};
  }
}

export function attachmentsRoutes(app: FastifyInstance): void {
  const store = new FileStore(path.join(app.config.dataDir, 'files'));
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  async function renderUpload(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { errors?: FormErrors; status?: number } = {},
  ) {
    const access = await uploadContext(ctx, id);
    return reply.page(
      'portfolio/views/attachment-upload.njk',
      {
        title: `Add a file to “${access.entry.title}”`,
        entry: access.entry,
        maxSize: formatBytes(ATTACHMENT_MAX_BYTES),
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  // The upload parses its own body (readUploadForm), in a context of its own so that no other route is touched.
  void app.register(async (uploads) => {
    uploads.removeContentTypeParser('multipart/form-data');
    uploads.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT },
      async (request: FastifyRequest, body: Buffer | string) =>
        readUploadForm(request, typeof body === 'string' ? Buffer.from(body) : body),
    );
    uploads.withTypeProvider<ZodTypeProvider>().post(
      '/portfolio/entries/:id/attachments',
      {
        config: { access: learners },
        schema: { params: idParams },
        errorHandler: (error: FastifyError, _request, reply) => {
          // Cut off while it arrived, before anyone was asked who is sending it: a page without any record on it.
          if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
          reply.page(
            'errors/problem.njk',
            {
              title: 'The file is too large',
              message: `Choose a file of ${formatBytes(ATTACHMENT_MAX_BYTES)} or less, go back and try again.`,
            },
            413,
          );
        },
      },
      async (request, reply) => {
        const ctx = context(request);
        const { id } = request.params;
        const file = (request.body as UploadBody | undefined)?.file;
        if (file === undefined || (file.name === '' && file.bytes.byteLength === 0)) {
          return renderUpload(reply, ctx, id, {
            errors: addError(emptyErrors(), 'file', 'Select a file'),
            status: 400,
          });
        }
        let added: string;
        try {
          added = (await addAttachment(ctx, store, id, file)).attachment.fileName;
        } catch (error) {
          if (!(error instanceof RuleError)) throw error;
          return renderUpload(reply, ctx, id, { errors: addError(emptyErrors(), 'file', error.message), status: 400 });
        }
        reply.flash('success', `“${added}” was added.`);
        return reply.redirect(`/portfolio/entries/${id}#files`);
      },
    );
  });

  routes.get(
    '/portfolio/entries/:id/attachments/:attachmentId',
    { config: { access: viewers }, schema: { params: attachmentParams } },
    async (request, reply) => {
      const attachment = await attachmentToSend(context(request), request.params.id, request.params.attachmentId);
      return sendStoredFile(reply, store, {
        key: attachment.fileKey,
        mediaType: attachment.mediaType as UploadMediaType,
        fileName: attachment.fileName,
        disposition: 'inline',
        size: attachment.size,
      });
    },
  );

  routes.get(
    '/portfolio/entries/:id/attachments/:attachmentId/delete',
    { config: { access: learners }, schema: { params: attachmentParams } },
    async (request, reply) => {
      let found: Awaited<ReturnType<typeof attachmentToDelete>>;
      try {
        found = await attachmentToDelete(context(request), request.params.id, request.params.attachmentId);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
        return reply.redirect(`/portfolio/entries/${request.params.id}#files`);
      }
      return reply.page('portfolio/views/attachment-delete.njk', {
        title: `Delete “${found.attachment.fileName}”`,
        entry: found.access.entry,
        attachment: found.attachment,
      });
    },
  );

  routes.post(
    '/portfolio/entries/:id/attachments/:attachmentId/delete',
    { config: { access: learners }, schema: { params: attachmentParams } },
    async (request, reply) => {
      try {
        const deleted = await deleteAttachment(context(request), store, request.params.id, request.params.attachmentId);
        reply.flash('success', `“${deleted.fileName}” was deleted.`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(`/portfolio/entries/${request.params.id}#files`);
    },
  );

  // Deleting an entry (service.deleteEntry) deletes its attachments' rows by cascade. Their files are let go here:
  // the keys are read before the route runs, and each file no attachment uses any more is deleted once the response
  // has gone, that is, after the deletion was committed (or not: then the rows still use them and nothing goes).
  const entryDeletion = '/portfolio/entries/:id/delete';
  const keysOfDeletedEntry = new WeakMap<FastifyRequest, string[]>();
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || request.routeOptions.url !== entryDeletion) return;
    const { id } = request.params as { id?: unknown };
    if (typeof id !== 'string' || !z.uuid().safeParse(id).success) return;
    keysOfDeletedEntry.set(request, await fileKeysOfEntry(app.db, id));
  });
  app.addHook('onResponse', async (request) => {
    const keys = keysOfDeletedEntry.get(request);
    if (keys === undefined || keys.length === 0) return;
    keysOfDeletedEntry.delete(request);
    try {
      await removeUnusedFiles(app.db, store, keys);
    } catch (error) {
      request.log.error({ err: error }, 'could not remove the files of a deleted portfolio entry');
    }
  });
}
