/**
 * The national deprivation data: the platform administrator imports the English Indices of Deprivation and the
 * postcode-to-LSOA lookup (uploads saved to disk as they arrive, then imported by a job whose page shows its
 * progress), and the programme team and fellows see the deprivation decile of their region's sites.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Busboy } from '@fastify/busboy';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isPlatformAdmin } from '../../platform/auth/roles.ts';
import { contextOf } from '../../platform/context.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { formatBytes } from '../../platform/files/uploads.ts';
import { PROGRAMME_TEAM, teamRegions } from '../../platform/policy.ts';
import { addError, emptyErrors, hasErrors, type FormErrors } from '../../platform/web/forms.ts';
import { regionsIn, siteAddressesOf, sitesIn } from '../organisations/index.ts';
import { decileLabel, lsoaVintageProblem, normalisePostcode } from './domain/deprivation.ts';
import { isCore20Decile } from './domain/core20plus5.ts';
import {
  decilesOfPostcodes,
  IMPORT_JOB_KIND,
  lastImport,
  loadedData,
  runningImport,
  type DeprivationDataset,
  type LastImport,
} from './deprivation-repository.ts';
import {
  DEPRIVATION_MAX_BYTES,
  IMD_EDITIONS,
  importIndices,
  importPostcodeLookup,
  isImdEdition,
  readFailure,
  type ImportFile,
  type ImportProgress,
  type ImportResult,
} from './deprivation-service.ts';
import { FELLOWS, fellowRegions } from './policy.ts';

const admins = ['platform_admin'] as const;
const jobParams = z.object({ id: z.uuid() });
const sitesQuery = z.object({ region: z.string().max(40).optional() });

/** How often the import's page asks again while the import runs (seconds). */
const REFRESH_SECONDS = 2;
/** Room for the form's other fields and the multipart framing around the largest file accepted. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** An upload saved to disk by the form's own parser, with the form's text fields. */
interface UploadedFile extends ImportFile {
  size: number;
  /** Set once a job has taken the file: it deletes it when done; otherwise it goes when the response has. */
  claimed: boolean;
}

interface UploadBody {
  [field: string]: unknown;
  file?: UploadedFile;
}

class UploadTooLarge extends Error {
  readonly code = 'BREADTH_UPLOAD_TOO_LARGE';
  readonly statusCode = 413;
}

const FORBIDDEN_FIELDS = new Set(['__proto__', 'constructor', 'prototype', 'file']);

/**
 * Reads an upload form as it arrives: its text fields into memory (a few, small), its file straight to a new file
 * under `folder`, never into memory. Only a platform administrator's upload is written anywhere: anyone else's is
 * read and let go, and the access check then answers them as for any other route. A file over the limit is
 * stopped and deleted. The form's token is checked after this, like every form's; the file of a form refused then
 * is deleted before its response goes.
 */
async function receiveUpload(request: FastifyRequest, payload: Readable, folder: string): Promise<UploadBody> {
  const length = Number(request.headers['content-length']);
  if (length > DEPRIVATION_MAX_BYTES + MULTIPART_OVERHEAD) throw new UploadTooLarge();
  const fields: UploadBody = {};
  await fs.promises.mkdir(folder, { recursive: true });
  const mayUpload = isPlatformAdmin(request.principal);
  let saving: Promise<void> = Promise.resolve();
  // Both set in the parser's callbacks, which TypeScript's flow analysis does not follow.
  let saved = undefined as UploadedFile | undefined;
  let tooLarge = false as boolean;
  const parser = Busboy({
    headers: { ...request.headers, 'content-type': request.headers['content-type'] ?? '' },
    limits: { fileSize: DEPRIVATION_MAX_BYTES, files: 1, fields: 10, fieldSize: 10_000 },
  });
  parser.on('field', (name: string, value: string) => {
    if (!FORBIDDEN_FIELDS.has(name)) fields[name] = value;
  });
  parser.on('file', (name: string, stream: Readable & { truncated?: boolean }, fileName: string) => {
    if (name !== 'file' || !mayUpload || saved !== undefined) {
      stream.resume();
      return;
    }
    const file: UploadedFile = { path: path.join(folder, `${newId()}.csv`), name: fileName, size: 0, claimed: false };
    saved = file;
    stream.on('limit', () => {
      tooLarge = true;
    });
    const out = fs.createWriteStream(file.path);
    saving = pipeline(stream, out).then(() => {
      file.size = out.bytesWritten;
    });
  });
  try {
    await pipeline(payload, parser);
    await saving;
  } catch (error) {
    if (saved !== undefined) await fs.promises.rm(saved.path, { force: true });
    throw error;
  }
  const file = saved;
  if (file !== undefined && (tooLarge || (file.name === '' && file.size === 0))) {
    await fs.promises.rm(file.path, { force: true });
    if (tooLarge) throw new UploadTooLarge();
    return fields;
  }
  if (file !== undefined) fields.file = file;
  return fields;
}

function uploadedFile(request: FastifyRequest): UploadedFile | undefined {
  const body = request.body as UploadBody | undefined;
  return body?.file;
}

/** "12 October 2026 at 3:04pm by Ada Admin": when and by whom, from the audit. */
function importedItems(last: LastImport | null) {
  return last === null ? null : { at: last.at, by: last.by, summary: last.summary };
}

/** "33,755 LSOAs". */
function counted(count: number, thing: string): string {
  return `${count.toLocaleString('en-GB')} ${thing}${count === 1 ? '' : 's'}`;
}

/** "33,755 LSOAs imported", with the rows passed over, if any. */
function doneMessage(dataset: DeprivationDataset, result: ImportResult): string {
  const saved = `${counted(result.rows, dataset === 'imd' ? 'LSOA' : 'postcode')} imported`;
  if (result.skipped === 0) return saved;
  const why =
    dataset === 'imd' ? 'blank rows' : 'terminated postcodes, postcodes outside England and Wales, blank rows';
  return `${saved}; ${counted(result.skipped, 'row')} passed over (${why})`;
}

function progressMessage(dataset: DeprivationDataset, progress: ImportProgress): string {
  const rows = progress.rows.toLocaleString('en-GB');
  if (progress.phase === 'replacing') {
    return `All ${rows} rows read. Replacing the ${dataset === 'imd' ? 'indices' : 'lookup'} loaded`;
  }
  return `${rows} rows read`;
}

export function deprivationRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const folder = path.join(app.config.dataDir, 'imports');
  const maxSize = formatBytes(DEPRIVATION_MAX_BYTES);

  async function renderImportPage(
    reply: FastifyReply,
    options: { errors?: FormErrors; values?: Record<string, unknown>; status?: number } = {},
  ) {
    const db = app.db;
    const [loaded, indices, lookup, runningIndices, runningLookup] = await Promise.all([
      loadedData(db),
      lastImport(db, 'imd'),
      lastImport(db, 'postcodes'),
      runningImport(db, 'imd'),
      runningImport(db, 'postcodes'),
    ]);
    const vintageOf = (last: LastImport | null) => {
      const vintage = last?.details.lsoaVintage;
      return vintage === 2011 || vintage === 2021 ? vintage : null;
    };
    const edition = options.values?.edition;
    return reply.page(
      'projects/views/deprivation.njk',
      {
        title: 'Deprivation data',
        loaded,
        counts: { lsoas: counted(loaded.lsoas, 'LSOA'), postcodes: counted(loaded.postcodes, 'postcode') },
        indices: importedItems(indices),
        lookup: importedItems(lookup),
        mismatch: loaded.postcodes > 0 ? lsoaVintageProblem(vintageOf(indices), vintageOf(lookup)) : null,
        runningIndices,
        runningLookup,
        maxSize,
        editionItems: Object.entries(IMD_EDITIONS).map(([value, info]) => ({
          value,
          text: info.label,
          hint: { text: `LSOAs of the ${String(info.lsoaVintage)} census` },
          checked: edition === value,
        })),
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get('/projects/deprivation', { config: { access: admins } }, async (_request, reply) =>
    renderImportPage(reply),
  );

  // The uploads parse their own bodies (receiveUpload), in a context of their own so that no other route is touched.
  void app.register(async (uploads) => {
    uploads.removeContentTypeParser('multipart/form-data');
    uploads.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: Readable) =>
      receiveUpload(request, payload, folder),
    );
    // A file no job took (a form refused, a request that failed) goes before the response does.
    uploads.addHook('onSend', async (request) => {
      const file = uploadedFile(request);
      if (file !== undefined && !file.claimed) await fs.promises.rm(file.path, { force: true });
    });

    const tooLargePage = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      if (error.code !== 'BREADTH_UPLOAD_TOO_LARGE') throw error;
      void reply.page(
        'errors/problem.njk',
        {
          title: 'The file is too large',
          message: `Choose a file of ${maxSize} or less, go back and try again.`,
        },
        413,
      );
    };

    async function startImport(
      request: FastifyRequest,
      reply: FastifyReply,
      dataset: DeprivationDataset,
      check: (errors: FormErrors) => void,
      run: (file: UploadedFile, onProgress: (progress: ImportProgress) => Promise<void>) => Promise<ImportResult>,
      title: string,
    ) {
      const ctx = contextOf(request, app);
      const body = (request.body ?? {}) as UploadBody;
      const file = body.file;
      const fileField = dataset === 'imd' ? 'indices-file' : 'lookup-file';
      const errors = emptyErrors();
      check(errors);
      if (file === undefined) addError(errors, fileField, 'Select a CSV file');
      else if (file.size === 0) addError(errors, fileField, 'The selected file is empty');
      if (hasErrors(errors) || file === undefined) {
        return renderImportPage(reply, { errors, values: body, status: 400 });
      }
      const running = await runningImport(app.db, dataset);
      if (running !== null) {
        reply.flash('information', 'An import of this file is already running. Wait for it to finish, then try again.');
        return reply.redirect(`/projects/deprivation/imports/${running}`);
      }
      file.claimed = true;
      const jobId = await app.jobs.start(
        { kind: IMPORT_JOB_KIND[dataset], title, ownerUserId: ctx.principal.userId, regionId: null },
        async (progress) => {
          try {
            let total = 0;
            const result = await run(file, (state) => {
              total = state.bytesTotal;
              return progress.step(state.bytesRead, state.bytesTotal, progressMessage(dataset, state));
            });
            await progress.step(total, total, doneMessage(dataset, result));
          } finally {
            await fs.promises.rm(file.path, { force: true });
          }
          return { href: '/projects/deprivation' };
        },
      );
      // A small file is imported before the page is shown; a national one shows its progress meanwhile.
      if (app.jobs.inlineWaitMs > 0) await app.jobs.waitFor(jobId, app.jobs.inlineWaitMs);
      return reply.redirect(`/projects/deprivation/imports/${jobId}`);
    }

    const typed = uploads.withTypeProvider<ZodTypeProvider>();
    typed.post(
      '/projects/deprivation/indices',
      { config: { access: admins }, errorHandler: tooLargePage },
      async (request, reply) => {
        const ctx = contextOf(request, app);
        const edition = (request.body as UploadBody | undefined)?.edition;
        return startImport(
          request,
          reply,
          'imd',
          (errors) => {
            if (!isImdEdition(edition)) addError(errors, 'edition', 'Select the edition of the indices');
          },
          (file, onProgress) =>
            importIndices(app.db, file, isImdEdition(edition) ? edition : '2025', {
              actor: ctx.actor,
              now: ctx.now,
              onProgress,
            }),
          `Importing the ${isImdEdition(edition) ? IMD_EDITIONS[edition].label : 'Indices of Deprivation'}`,
        );
      },
    );
    typed.post(
      '/projects/deprivation/postcodes',
      { config: { access: admins }, errorHandler: tooLargePage },
      async (request, reply) => {
        const ctx = contextOf(request, app);
        return startImport(
          request,
          reply,
          'postcodes',
          () => undefined,
          (file, onProgress) => importPostcodeLookup(app.db, file, { actor: ctx.actor, now: ctx.now, onProgress }),
          'Importing the postcode lookup',
        );
      },
    );
  });

  routes.get(
    '/projects/deprivation/imports/:id',
    { config: { access: admins }, schema: { params: jobParams } },
    async (request, reply) => {
      const job = await app.jobs.find(request.params.id);
      const kinds: readonly string[] = Object.values(IMPORT_JOB_KIND);
      if (
        job === undefined ||
        !kinds.includes(job.kind) ||
        job.ownerUserId !== contextOf(request, app).principal.userId
      ) {
        throw new NotFoundError();
      }
      const finished = job.status === 'succeeded' || job.status === 'failed';
      // Asks again until the import ends, without any script: browsers honour Refresh as they do <meta http-equiv>.
      if (!finished) reply.header('refresh', String(REFRESH_SECONDS)).header('cache-control', 'no-store');
      const failure = job.status === 'failed' && job.error !== null ? readFailure(job.error) : null;
      return reply.page('projects/views/deprivation-import.njk', {
        title: job.title,
        job,
        finished,
        percent: job.stepsTotal > 0 ? Math.floor((100 * job.stepsDone) / job.stepsTotal) : 0,
        failure,
      });
    },
  );

  routes.get(
    '/projects/deprivation/sites',
    { config: { access: [...PROGRAMME_TEAM, ...FELLOWS] }, schema: { querystring: sitesQuery } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const team = teamRegions(ctx.principal);
      const fellows = fellowRegions(ctx.principal);
      const scope = team === 'all' || fellows === 'all' ? 'all' : [...new Set([...team, ...fellows])];
      const regions = await regionsIn(app.db, scope);
      const region = regions.find((item) => item.id === request.query.region) ?? regions[0];
      const sites = region === undefined ? [] : await sitesIn(app.db, region.id);
      const addresses = await siteAddressesOf(
        app.db,
        sites.map((site) => site.id),
      );
      const postcodes = [...addresses.values()].map((address) => address.postcode);
      const [deprivation, loaded] = await Promise.all([decilesOfPostcodes(app.db, postcodes), loadedData(app.db)]);
      const rows = sites.map((site) => {
        const postcode = addresses.get(site.id)?.postcode ?? '';
        const found = deprivation.get(postcode) ?? null;
        return {
          name: site.name,
          organisation: site.organisationName,
          postcode: normalisePostcode(postcode) ?? postcode,
          lsoa: found === null ? null : { code: found.lsoa, name: found.name },
          decile: found === null ? null : decileLabel(found.decile),
          core20: found !== null && isCore20Decile(found.decile),
        };
      });
      return reply.page('projects/views/deprivation-sites.njk', {
        title: 'Deprivation of sites',
        region,
        regionItems:
          regions.length > 1
            ? regions.map((item) => ({ value: item.id, text: item.name, selected: item.id === region?.id }))
            : null,
        rows,
        loaded,
        core20Count: rows.filter((row) => row.core20).length,
        mayImport: isPlatformAdmin(ctx.principal),
      });
    },
  );
}
