/**
 * A region's public contact form. It works without JavaScript or an account; automated senders are turned away by a
 * trap field and a limit per client address, both answered in ways that tell a person what to do.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { postedBody, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { regionIdByCode, regionNamesOf } from '../organisations/index.ts';
import {
  ENQUIRY_TOPICS,
  HONEYPOT_FIELD,
  LIMITS,
  REFERENCE_PATTERN,
  TOPIC_LABELS,
  honeypotFilled,
  monthsText,
  readEnquiryForm,
} from './domain/enquiries.ts';
import * as service from './service.ts';

const regionParams = z.object({ regionCode: z.string().min(1).max(60) });

/** Enquiries a client address may send in ten minutes: enough for a person, too few to flood an inbox. */
export const CONTACT_RATE_LIMIT = { max: 5, timeWindow: '10 minutes' } as const;

const SENT_PREFIX = 'enquiry-sent:';

async function regionOf(app: FastifyInstance, code: string): Promise<{ id: string; code: string; name: string }> {
  const id = await regionIdByCode(app.db, code);
  if (id === undefined) throw new NotFoundError();
  const name = (await regionNamesOf(app.db, [id])).get(id)?.name ?? code;
  return { id, code, name };
}

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // Too many enquiries from one address: a page about sending enquiries, not the sign-in pages' "too many attempts".
    scope.setErrorHandler(async (error: FastifyError, request, reply) => {
      if (error.statusCode !== 429) throw error;
      const code = (request.params as { regionCode?: unknown }).regionCode;
      return reply.page(
        'enquiries/views/too-many.njk',
        { title: 'You have sent several enquiries', schoolHref: typeof code === 'string' ? `/school/${code}` : '/' },
        429,
      );
    });
    contactRoutes(scope);
  });
}

function contactRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  async function renderForm(
    reply: FastifyReply,
    region: { id: string; code: string; name: string },
    values: FormValues,
    errors?: FormErrors,
    status = 200,
  ) {
    return reply.page(
      'enquiries/views/contact.njk',
      {
        title: 'Contact us',
        region,
        values,
        errors,
        limits: LIMITS,
        honeypotField: HONEYPOT_FIELD,
        retentionMonths: monthsText(await service.retentionMonthsOf(app.db, region.id)),
        topicItems: ENQUIRY_TOPICS.map((value) => ({
          value,
          text: TOPIC_LABELS[value],
          checked: values.topic === value,
        })),
      },
      status,
    );
  }

  routes.get(
    '/school/:regionCode/contact',
    { config: { access: 'public' }, schema: { params: regionParams } },
    async (request, reply) => renderForm(reply, await regionOf(app, request.params.regionCode), {}),
  );

  routes.post(
    '/school/:regionCode/contact',
    { config: { access: 'public', rateLimit: CONTACT_RATE_LIMIT }, schema: { params: regionParams } },
    async (request, reply) => {
      const region = await regionOf(app, request.params.regionCode);
      const sent = (reference: string) => {
        reply.flash('success', `${SENT_PREFIX}${reference}`);
        return reply.redirect(`/school/${region.code}/contact/sent`);
      };
      // An automated sender is answered as if it succeeded, so it learns nothing; nothing is saved or sent.
      if (honeypotFilled(postedBody(request))) return sent(service.decoyReference());
      return submitForm(request.body, {
        schema: readEnquiryForm,
        ruleField: 'message',
        run: (form) =>
          service.submitEnquiry(
            {
              db: app.db,
              now: request.now,
              mailer: app.mailer,
              publicUrl: app.config.publicUrl,
              actor: { userId: null, label: 'Contact form', requestId: request.id },
            },
            region.id,
            form,
          ),
        done: ({ reference }) => {
          void app.mailer.deliverPending();
          return sent(reference);
        },
        again: (values, errors) => renderForm(reply, region, values, errors, 400),
      });
    },
  );

  // The reference comes in a one-time message of the sender's own browser, never in the address: the page names
  // nothing of any enquiry to someone who opens it.
  routes.get(
    '/school/:regionCode/contact/sent',
    { config: { access: 'public' }, schema: { params: regionParams } },
    async (request, reply) => {
      const region = await regionOf(app, request.params.regionCode);
      const flash = reply.locals.flash as { type?: unknown; text?: unknown } | undefined;
      let reference: string | null = null;
      if (typeof flash?.text === 'string' && flash.text.startsWith(SENT_PREFIX)) {
        const candidate = flash.text.slice(SENT_PREFIX.length);
        if (REFERENCE_PATTERN.test(candidate)) reference = candidate;
        reply.locals = { ...reply.locals, flash: undefined };
      }
      return reply.page('enquiries/views/sent.njk', { title: 'Your enquiry has been sent', region, reference });
    },
  );
}
