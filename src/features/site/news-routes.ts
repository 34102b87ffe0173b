/** The programme team's news pages: the list of posts in every state, writing, changing and deleting a post. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { postedBody, postedText, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { renderMarkdown } from '../../platform/web/markdown.ts';
import { offsetFor, pageNumber, paginationParams, toPage } from '../../platform/web/pagination.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import type { Region } from '../organisations/index.ts';
import {
  PUBLICATION_STATE_LABELS,
  PUBLICATION_STATES,
  publicationState,
  type PublicationState,
} from './domain/publication.ts';
import { newsReader, newsValues, NEWS_LIMITS } from './news-form.ts';
import { managedNews, SITE_EDITORS } from './policy.ts';
import * as repository from './repository.ts';
import type { NewsPost } from './repository.ts';
import * as service from './service.ts';

const idParams = z.object({ id: z.uuid() });
const listQuery = z.object({
  status: z.string().max(20).optional(),
  region: z.string().max(60).optional(),
  page: z.string().max(10).optional(),
});

const TAG_COLOURS: Record<PublicationState, string> = {
  draft: 'nhsuk-tag--grey',
  scheduled: 'nhsuk-tag--blue',
  published: 'nhsuk-tag--green',
};

/** How a post's state reads in a list: "Scheduled for 21 October 2026 at 9:00am". */
export function stateTag(post: Pick<NewsPost, 'publishAt'>, now: Date): { text: string; classes: string } {
  const state = publicationState(post.publishAt, now);
  const text =
    state === 'scheduled' ? `Scheduled for ${formatDateTime(post.publishAt)}` : PUBLICATION_STATE_LABELS[state];
  return { text, classes: TAG_COLOURS[state] };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function newsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  routes.get(
    '/site/news',
    { config: { access: SITE_EDITORS }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const ctx = context(request);
      const regions = await service.managedRegions(ctx);
      const state = PUBLICATION_STATES.find((value) => value === request.query.status);
      const region = regions.find((candidate) => candidate.code === request.query.region);
      const page = pageNumber(request.query.page);
      const result = await repository.teamNews(
        ctx.db,
        { regionIds: region === undefined ? regions.map((each) => each.id) : [region.id], state },
        ctx.now,
        25,
        offsetFor(page),
      );
      const listed = toPage(result.items, result.total, page);
      const names = new Map(regions.map((each) => [each.id, each]));
      const filters = { status: state ?? '', region: region?.code ?? '' };
      return reply.page('site/views/news-list.njk', {
        title: 'News',
        page: listed,
        filtered: state !== undefined || region !== undefined,
        manyRegions: regions.length > 1,
        rows: listed.items.map((post) => ({
          id: post.id,
          title: post.title,
          region: names.get(post.regionId),
          state: publicationState(post.publishAt, ctx.now),
          tag: stateTag(post, ctx.now),
          updatedAt: post.updatedAt,
        })),
        statusItems: [
          { value: '', text: 'Any status' },
          ...PUBLICATION_STATES.map((value) => ({
            value,
            text: PUBLICATION_STATE_LABELS[value],
            selected: value === state,
          })),
        ],
        regionItems: [
          { value: '', text: 'All your regions' },
          ...regions.map((each) => ({ value: each.code, text: each.name, selected: each.id === region?.id })),
        ],
        pager: paginationParams(listed, '/site/news', { ...filters, page: undefined }),
      });
    },
  );

  function render(
    reply: FastifyReply,
    options: {
      post?: NewsPost;
      regions: Region[];
      values: FormValues;
      errors?: FormErrors;
      preview?: boolean;
      status?: number;
      now: Date;
    },
  ) {
    const { post, values } = options;
    const body = typeof values.bodyMarkdown === 'string' ? values.bodyMarkdown : '';
    const published = post !== undefined && publicationState(post.publishAt, options.now) === 'published';
    return reply.page(
      'site/views/news-form.njk',
      {
        title: post === undefined ? 'Write a news post' : 'Change the news post',
        action: post === undefined ? '/site/news/new' : `/site/news/${post.id}/edit`,
        post,
        values,
        errors: options.errors,
        limits: NEWS_LIMITS,
        previewHtml: options.preview === true ? renderMarkdown(body) : null,
        nowText:
          published && post.publishAt !== null
            ? `Keep it published (since ${formatDateTime(post.publishAt)})`
            : 'Publish now',
        regionItems:
          options.regions.length > 1 && post === undefined
            ? [
                { value: '', text: 'Choose a region' },
                ...options.regions.map((region) => ({
                  value: region.id,
                  text: region.name,
                  selected: region.id === values.regionId,
                })),
              ]
            : null,
      },
      options.status ?? 200,
    );
  }

  function wantsPreview(request: FastifyRequest): boolean {
    return postedText(postedBody(request).action) === 'preview';
  }

  function keptValues(request: FastifyRequest): FormValues {
    const body = postedBody(request);
    return {
      ...body,
      publishOn: {
        day: postedText(body['publishOn[day]']),
        month: postedText(body['publishOn[month]']),
        year: postedText(body['publishOn[year]']),
      },
    };
  }

  routes.get('/site/news/new', { config: { access: SITE_EDITORS } }, async (request, reply) => {
    const ctx = context(request);
    const regions = await service.managedRegions(ctx);
    return render(reply, {
      regions,
      values: { publication: 'draft', regionId: regions.length === 1 ? regions[0]?.id : '' },
      now: ctx.now,
    });
  });

  routes.post('/site/news/new', { config: { access: SITE_EDITORS } }, async (request, reply) => {
    const ctx = context(request);
    const regions = await service.managedRegions(ctx);
    if (wantsPreview(request)) {
      return render(reply, { regions, values: keptValues(request), preview: true, now: ctx.now });
    }
    const posted = postedText(postedBody(request).regionId);
    const regionId = regions.length === 1 ? (regions[0]?.id ?? '') : posted;
    return submitForm(request.body, {
      schema: newsReader(ctx.now, null),
      dateFields: ['publishOn'],
      ruleField: 'title',
      run: (input) => service.createNews(ctx, regionId, input),
      done: (post) => {
        reply.flash('success', `The news post “${post.title}” was saved: ${lowerFirst(stateTag(post, ctx.now).text)}.`);
        return reply.redirect('/site/news');
      },
      again: (values, errors) => render(reply, { regions, values, errors, status: 400, now: ctx.now }),
    });
  });

  routes.get(
    '/site/news/:id/edit',
    { config: { access: SITE_EDITORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const post = await managedNews(ctx, request.params.id);
      return render(reply, { post, regions: [], values: newsValues(post, ctx.now), now: ctx.now });
    },
  );

  routes.post(
    '/site/news/:id/edit',
    { config: { access: SITE_EDITORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const post = await managedNews(ctx, request.params.id);
      if (wantsPreview(request)) {
        return render(reply, { post, regions: [], values: keptValues(request), preview: true, now: ctx.now });
      }
      const revision = Number.parseInt(postedText(postedBody(request).revision), 10);
      return submitForm(request.body, {
        schema: newsReader(ctx.now, post.publishAt),
        dateFields: ['publishOn'],
        ruleField: 'title',
        run: (input) => service.updateNews(ctx, post, input, revision),
        done: (updated) => {
          reply.flash(
            'success',
            `The news post “${updated.title}” was saved: ${lowerFirst(stateTag(updated, ctx.now).text)}.`,
          );
          return reply.redirect('/site/news');
        },
        again: (values, errors) => render(reply, { post, regions: [], values, errors, status: 400, now: ctx.now }),
      });
    },
  );

  routes.get(
    '/site/news/:id/delete',
    { config: { access: SITE_EDITORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const post = await managedNews(ctx, request.params.id);
      return reply.page('site/views/news-delete.njk', {
        title: 'Delete the news post?',
        post,
        tag: stateTag(post, ctx.now),
        published: publicationState(post.publishAt, ctx.now) === 'published',
      });
    },
  );

  routes.post(
    '/site/news/:id/delete',
    { config: { access: SITE_EDITORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const post = await managedNews(ctx, request.params.id);
      await service.deleteNews(ctx, post);
      reply.flash('success', `The news post “${post.title}” was deleted.`);
      return reply.redirect('/site/news');
    },
  );
}
