/**
 * The published handbook for everyone, signed in or not and with no JavaScript: the current version, older ones, the
 * difference between two and each version's PDF.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { comparisonView, sectionsView } from './content-view.ts';
import type { HandbookVersion } from './repository.ts';
import * as service from './service.ts';

const codeParams = z.object({ regionCode: z.string().regex(/^[a-z0-9-]{1,60}$/) });
const versionParams = codeParams.extend({ number: z.string().regex(/^\d{1,6}(\.pdf)?$/) });
const compareQuery = z.object({ from: z.string().max(10).optional(), to: z.string().max(10).optional() });

/** Public pages are read often and change only on publication; the PDFs of a version never change. */
const PUBLIC = { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } } as const;

function versionNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,6}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

async function sendPdf(reply: FastifyReply, regionCode: string, version: HandbookVersion, frozen: boolean) {
  const bytes = await service.versionPdf(version);
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${regionCode}-handbook-v${String(version.number)}.pdf"`)
    .header('cache-control', frozen ? 'public, max-age=86400' : 'no-cache')
    .send(bytes);
}

export function publicRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  /** A region with no published handbook: a page that says so, with a 404. */
  async function orNotPublished(reply: FastifyReply, show: () => Promise<unknown>): Promise<unknown> {
    try {
      return await show();
    } catch (error) {
      if (!(error instanceof service.NoHandbookError)) throw error;
      return reply.page(
        'handbook/views/not-published.njk',
        { title: `The ${error.region.name} handbook has not been published yet`, region: error.region },
        404,
      );
    }
  }

  function renderVersion(reply: FastifyReply, view: service.PublishedView) {
    const { region, version, current, isCurrent } = view;
    return reply.page('handbook/views/handbook.njk', {
      title: isCurrent ? `${region.name} handbook` : `${region.name} handbook, version ${String(version.number)}`,
      region,
      version,
      current,
      isCurrent,
      sections: sectionsView(version.content),
      pdfHref: isCurrent
        ? `/school/${region.code}/handbook.pdf`
        : `/school/${region.code}/handbook/versions/${String(version.number)}.pdf`,
    });
  }

  routes.get(
    '/school/:regionCode/handbook',
    { config: PUBLIC, schema: { params: codeParams } },
    async (request, reply) =>
      orNotPublished(reply, async () =>
        renderVersion(reply, await service.publishedVersion(app.db, request.params.regionCode)),
      ),
  );

  routes.get(
    '/school/:regionCode/handbook.pdf',
    { config: PUBLIC, schema: { params: codeParams } },
    async (request, reply) =>
      orNotPublished(reply, async () => {
        const view = await service.publishedVersion(app.db, request.params.regionCode);
        return sendPdf(reply, view.region.code, view.version, false);
      }),
  );

  routes.get(
    '/school/:regionCode/handbook/versions',
    { config: PUBLIC, schema: { params: codeParams } },
    async (request, reply) =>
      orNotPublished(reply, async () => {
        const { region, versions } = await service.versionList(app.db, request.params.regionCode);
        const newest = versions[0]?.number ?? 1;
        const items = (selected: number) =>
          versions.map((version) => ({
            value: String(version.number),
            text: `Version ${String(version.number)}`,
            selected: version.number === selected,
          }));
        return reply.page('handbook/views/versions.njk', {
          title: `Versions of the ${region.name} handbook`,
          region,
          versions,
          fromItems: items(Math.max(1, newest - 1)),
          toItems: items(newest),
        });
      }),
  );

  routes.get(
    '/school/:regionCode/handbook/versions/:number',
    { config: PUBLIC, schema: { params: versionParams } },
    async (request, reply) =>
      orNotPublished(reply, async () => {
        const pdf = request.params.number.endsWith('.pdf');
        const number = versionNumber(request.params.number.replace(/\.pdf$/, ''));
        if (number === null) throw new NotFoundError();
        const view = await service.publishedVersion(app.db, request.params.regionCode, number);
        return pdf ? sendPdf(reply, view.region.code, view.version, true) : renderVersion(reply, view);
      }),
  );

  routes.get(
    '/school/:regionCode/handbook/compare',
    { config: PUBLIC, schema: { params: codeParams, querystring: compareQuery } },
    async (request, reply) =>
      orNotPublished(reply, async () => {
        // With no versions chosen, the latest change: the version before the current one against it.
        const { current } = await service.publishedVersion(app.db, request.params.regionCode);
        const to = request.query.to === undefined ? current.number : versionNumber(request.query.to);
        const from = request.query.from === undefined ? Math.max(1, (to ?? 1) - 1) : versionNumber(request.query.from);
        if (from === null || to === null) throw new NotFoundError();
        const view = await service.comparison(app.db, request.params.regionCode, from, to);
        return reply.page('handbook/views/compare.njk', {
          title: `Changes from version ${String(from)} to version ${String(to)}`,
          region: view.region,
          from: view.from,
          to: view.to,
          sections: comparisonView(view.sections),
          changed: view.sections.filter((section) => section.status !== 'unchanged').length,
        });
      }),
  );
}
