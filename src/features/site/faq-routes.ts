/** The programme team's FAQ pages: the questions in order, adding, changing, moving and deleting one. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import {
  postedBody,
  postedText,
  submitForm,
  trimmed,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { renderMarkdown } from '../../platform/web/markdown.ts';
import type { Region } from '../organisations/index.ts';
import { managedFaq, SITE_EDITORS } from './policy.ts';
import * as repository from './repository.ts';
import type { FaqItem } from './repository.ts';
import * as service from './service.ts';

const idParams = z.object({ id: z.uuid() });
const regionQuery = z.object({ region: z.string().max(60).optional() });

export const FAQ_LIMITS = { question: 200, answer: 5_000 } as const;

const faqSchema = z.object({
  question: z.preprocess(
    trimmed,
    z
      .string({ error: 'Enter the question' })
      .min(1, 'Enter the question')
      .max(FAQ_LIMITS.question, 'The question must be 200 characters or fewer'),
  ),
  answerMarkdown: z.preprocess(
    trimmed,
    z
      .string({ error: 'Enter the answer' })
      .min(1, 'Enter the answer')
      .max(FAQ_LIMITS.answer, 'The answer must be 5,000 characters or fewer'),
  ),
});

export function faqRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  /** The region the page is about: the one asked for, else the person's first; none when they run no region. */
  function chosenRegion(regions: Region[], code: string | undefined): Region | undefined {
    return regions.find((region) => region.code === code) ?? regions[0];
  }

  routes.get(
    '/site/faq',
    { config: { access: SITE_EDITORS }, schema: { querystring: regionQuery } },
    async (request, reply) => {
      const ctx = context(request);
      const regions = await service.managedRegions(ctx);
      const region = chosenRegion(regions, request.query.region);
      const items = region === undefined ? [] : await repository.faqOf(ctx.db, region.id);
      return reply.page('site/views/faq-list.njk', {
        title: 'Questions and answers',
        region,
        regionItems:
          regions.length > 1
            ? regions.map((each) => ({ value: each.code, text: each.name, selected: each.id === region?.id }))
            : null,
        items: items.map((item, index) => ({
          ...item,
          first: index === 0,
          last: index === items.length - 1,
        })),
      });
    },
  );

  function render(
    reply: FastifyReply,
    options: {
      item?: FaqItem;
      region: Region;
      values: FormValues;
      errors?: FormErrors;
      preview?: boolean;
      status?: number;
    },
  ) {
    const answer = typeof options.values.answerMarkdown === 'string' ? options.values.answerMarkdown : '';
    return reply.page(
      'site/views/faq-form.njk',
      {
        title: options.item === undefined ? 'Add a question' : 'Change the question',
        action:
          options.item === undefined
            ? `/site/faq/new?region=${options.region.code}`
            : `/site/faq/${options.item.id}/edit`,
        back: `/site/faq?region=${options.region.code}`,
        item: options.item,
        region: options.region,
        values: options.values,
        errors: options.errors,
        limits: FAQ_LIMITS,
        previewHtml: options.preview === true ? renderMarkdown(answer, { topHeadingLevel: 3 }) : null,
      },
      options.status ?? 200,
    );
  }

  async function regionFor(ctx: Context, code: string | undefined): Promise<Region> {
    const region = chosenRegion(await service.managedRegions(ctx), code);
    if (region === undefined) throw new NotFoundError();
    return region;
  }

  async function regionOfItem(ctx: Context, item: FaqItem): Promise<Region> {
    const region = (await service.managedRegions(ctx)).find((each) => each.id === item.regionId);
    if (region === undefined) throw new NotFoundError();
    return region;
  }

  const preview = (request: FastifyRequest) => postedText(postedBody(request).action) === 'preview';

  routes.get(
    '/site/faq/new',
    { config: { access: SITE_EDITORS }, schema: { querystring: regionQuery } },
    async (request, reply) => {
      const region = await regionFor(context(request), request.query.region);
      return render(reply, { region, values: {} });
    },
  );

  routes.post(
    '/site/faq/new',
    { config: { access: SITE_EDITORS }, schema: { querystring: regionQuery } },
    async (request, reply) => {
      const ctx = context(request);
      const region = await regionFor(ctx, request.query.region);
      if (preview(request)) return render(reply, { region, values: postedBody(request), preview: true });
      return submitForm(request.body, {
        schema: faqSchema,
        ruleField: 'question',
        run: (input) => service.createFaq(ctx, region.id, input),
        done: (item) => {
          reply.flash('success', `The question “${item.question}” was added at the end of the list.`);
          return reply.redirect(`/site/faq?region=${region.code}`);
        },
        again: (values, errors) => render(reply, { region, values, errors, status: 400 }),
      });
    },
  );

  routes.get(
    '/site/faq/:id/edit',
    { config: { access: SITE_EDITORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const item = await managedFaq(ctx, request.params.id);
      return render(reply, {
        item,
        region: await regionOfItem(ctx, item),
        values: { question: item.question, answerMarkdown: item.answerMarkdown, revision: String(item.revision) },
      });
    },
  );

  routes.post(
    '/site/faq/:id/edit',
    { config: { access: SITE_EDITORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const item = await managedFaq(ctx, request.params.id);
      const region = await regionOfItem(ctx, item);
      if (preview(request)) return render(reply, { item, region, values: postedBody(request), preview: true });
      const revision = Number.parseInt(postedText(postedBody(request).revision), 10);
      return submitForm(request.body, {
        schema: faqSchema,
        ruleField: 'question',
        run: (input) => service.updateFaq(ctx, item, input, revision),
        done: (updated) => {
          reply.flash('success', `The question “${updated.question}” was saved.`);
          return reply.redirect(`/site/faq?region=${region.code}`);
        },
        again: (values, errors) => render(reply, { item, region, values, errors, status: 400 }),
      });
    },
  );

  routes.post(
    '/site/faq/:id/move',
    { config: { access: SITE_EDITORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const item = await managedFaq(ctx, request.params.id);
      const region = await regionOfItem(ctx, item);
      const body = postedBody(request);
      const direction = postedText(body.direction);
      const revision = Number.parseInt(postedText(body.revision), 10);
      if (direction !== 'up' && direction !== 'down') throw new NotFoundError();
      try {
        await service.moveFaq(ctx, item, direction, revision);
        reply.flash('success', `The question “${item.question}” was moved ${direction}.`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(`/site/faq?region=${region.code}#faq-${item.id}`);
    },
  );

  routes.get(
    '/site/faq/:id/delete',
    { config: { access: SITE_EDITORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const item = await managedFaq(ctx, request.params.id);
      const region = await regionOfItem(ctx, item);
      return reply.page('site/views/faq-delete.njk', {
        title: 'Delete the question?',
        item,
        back: `/site/faq?region=${region.code}`,
      });
    },
  );

  routes.post(
    '/site/faq/:id/delete',
    { config: { access: SITE_EDITORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const item = await managedFaq(ctx, request.params.id);
      const region = await regionOfItem(ctx, item);
      await service.deleteFaq(ctx, item);
      reply.flash('success', `The question “${item.question}” was deleted.`);
      return reply.redirect(`/site/faq?region=${region.code}`);
    },
  );
}
