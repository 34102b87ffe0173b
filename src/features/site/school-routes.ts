/**
 * The public School of Generalism pages, for anyone, signed in or not: the regions, a region's page, its posts,
 * Enhance, news (also as an Atom feed) and FAQ. They are plain HTML that loads no script at all (ADR 17).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { renderMarkdown } from '../../platform/web/markdown.ts';
import { offsetFor, pageNumber, paginationParams, toPage } from '../../platform/web/pagination.ts';
import { programmeFacts } from '../handbook/index.ts';
import { atomFeed, entryUpdated, feedUpdated, FEED_SIZE } from './domain/atom.ts';
import * as repository from './repository.ts';
import { numberWord, regionByCode, programmeSummary, schoolPage, schoolRegions } from './school.ts';
import type { Region } from '../organisations/index.ts';

const regionParams = z.object({ regionCode: z.string().max(60) });
const newsParams = z.object({ regionCode: z.string().max(60), id: z.uuid() });
const pageQuery = z.object({ page: z.string().max(10).optional() });

export const NEWS_PAGE_SIZE = 10;

/** The school's own links, shown on each of its pages. */
function schoolBase(region: Region) {
  return { region, base: `/school/${region.code}` };
}

export function schoolRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  async function regionOf(code: string): Promise<Region> {
    const region = await regionByCode(app.db, code);
    if (region === undefined) throw new NotFoundError();
    return region;
  }

  routes.get('/school', { config: { access: 'public' } }, async (_request, reply) => {
    const { running, notYet } = await schoolRegions(app.db);
    return reply.page('site/views/school-index.njk', { title: 'School of Generalism', running, notYet });
  });

  routes.get(
    '/school/:regionCode',
    { config: { access: 'public' }, schema: { params: regionParams } },
    async (request, reply) => {
      const region = await regionOf(request.params.regionCode);
      const model = await schoolPage(app.db, region, request.now);
      const { facts } = model;
      return reply.page('site/views/school.njk', {
        title: `${region.name} School of Generalism`,
        ...schoolBase(region),
        about: model.texts.map((section) => ({
          title: section.title,
          html: renderMarkdown(section.markdown, { topHeadingLevel: 3 }),
        })),
        summary: programmeSummary(facts),
        year: facts.year,
        modules: facts.curriculum?.modules ?? [],
        moduleCount: numberWord(facts.curriculum?.modules.length ?? 0),
        stages: facts.curriculum?.stages ?? [],
        showcase: model.showcase,
        handbook: model.handbook,
        news: model.news.items,
        newsTotal: model.news.total,
        faqCount: model.faqCount,
        more: model.more,
      });
    },
  );

  routes.get(
    '/school/:regionCode/posts',
    { config: { access: 'public' }, schema: { params: regionParams } },
    async (request, reply) => {
      const region = await regionOf(request.params.regionCode);
      const facts = await programmeFacts(app.db, region.id, request.now);
      return reply.page('site/views/school-posts.njk', {
        title: `Generalism posts in ${region.name}`,
        ...schoolBase(region),
        year: facts.year,
      });
    },
  );

  routes.get(
    '/school/:regionCode/enhance',
    { config: { access: 'public' }, schema: { params: regionParams } },
    async (request, reply) => {
      const region = await regionOf(request.params.regionCode);
      const facts = await programmeFacts(app.db, region.id, request.now);
      return reply.page('site/views/school-enhance.njk', {
        title:
          facts.curriculum === null ? 'Enhance' : `Enhance: the ${numberWord(facts.curriculum.modules.length)} modules`,
        ...schoolBase(region),
        curriculum: facts.curriculum,
      });
    },
  );

  routes.get(
    '/school/:regionCode/news',
    { config: { access: 'public' }, schema: { params: regionParams, querystring: pageQuery } },
    async (request, reply) => {
      const region = await regionOf(request.params.regionCode);
      const page = pageNumber(request.query.page);
      const result = await repository.publishedNews(
        app.db,
        region.id,
        request.now,
        NEWS_PAGE_SIZE,
        offsetFor(page, NEWS_PAGE_SIZE),
      );
      const listed = toPage(result.items, result.total, page, NEWS_PAGE_SIZE);
      return reply.page('site/views/school-news.njk', {
        title: `News from the ${region.name} School of Generalism`,
        ...schoolBase(region),
        page: listed,
        pager: paginationParams(listed, `/school/${region.code}/news`),
      });
    },
  );

  routes.get(
    '/school/:regionCode/news.atom',
    { config: { access: 'public' }, schema: { params: regionParams } },
    async (request, reply) => {
      const region = await regionOf(request.params.regionCode);
      const { items } = await repository.publishedNews(app.db, region.id, request.now, FEED_SIZE, 0);
      // Absolute addresses from the configured public address, as emails build theirs: a feed is read elsewhere.
      const site = app.config.publicUrl;
      const news = `${site}/school/${region.code}/news`;
      const entries = items.flatMap((post) =>
        post.publishAt === null
          ? []
          : [
              {
                id: `urn:uuid:${post.id}`,
                title: post.title,
                link: `${news}/${post.id}`,
                published: post.publishAt,
                updated: entryUpdated(post.publishAt, post.updatedAt),
                summary: post.summary,
                contentHtml: renderMarkdown(post.bodyMarkdown),
              },
            ],
      );
      const xml = atomFeed({
        id: news,
        title: `News from the ${region.name} School of Generalism`,
        selfLink: `${news}.atom`,
        pageLink: news,
        base: `${site}/`,
        author: `${region.name} School of Generalism programme team`,
        updated: feedUpdated(entries, request.now),
        entries,
      });
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    },
  );

  routes.get(
    '/school/:regionCode/news/:id',
    { config: { access: 'public' }, schema: { params: newsParams } },
    async (request, reply) => {
      const region = await regionOf(request.params.regionCode);
      const post = await repository.findPublishedNews(app.db, region.id, request.params.id, request.now);
      if (post === undefined) throw new NotFoundError();
      return reply.page('site/views/school-news-post.njk', {
        title: post.title,
        ...schoolBase(region),
        post,
        bodyHtml: renderMarkdown(post.bodyMarkdown),
      });
    },
  );

  routes.get(
    '/school/:regionCode/faq',
    { config: { access: 'public' }, schema: { params: regionParams } },
    async (request, reply) => {
      const region = await regionOf(request.params.regionCode);
      const items = await repository.faqOf(app.db, region.id);
      return reply.page('site/views/school-faq.njk', {
        title: 'Questions and answers',
        ...schoolBase(region),
        items: items.map((item) => ({
          id: item.id,
          question: item.question,
          answerHtml: renderMarkdown(item.answerMarkdown, { topHeadingLevel: 3 }),
        })),
      });
    },
  );
}
