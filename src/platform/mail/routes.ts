import { teamRegions, PROGRAMME_TEAM } from '../policy.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../errors.ts';
import { signedIn } from '../audit/routes.ts';
import { addError, emptyErrors, hasErrors } from '../web/forms.ts';
import { pageNumber, paginationParams, toPage } from '../web/pagination.ts';
import { mailBodyHtml } from './body.ts';
import { HIDDEN_TOKEN } from './sealed.ts';
import { findMail, listOutbox, MAIL_STATUSES, type MailStatus, type OutboxFilters } from './repository.ts';

export const STATUS_LABELS: Record<MailStatus, { text: string; colour: string }> = {
  held: { text: 'Held', colour: 'yellow' },
  queued: { text: 'Waiting to send', colour: 'blue' },
  sent: { text: 'Sent', colour: 'green' },
  failed: { text: 'Not sent', colour: 'red' },
};

const listQuery = z.object({
  to: z.string().max(500).optional(),
  status: z.string().max(100).optional(),
  page: z.string().max(10).optional(),
});

function optionalText(value: string | undefined): string | undefined {
  const text = value?.trim().slice(0, 200);
  return text === undefined || text === '' ? undefined : text;
}

const mailParams = z.object({ id: z.uuid() });

export async function outboxRoutes(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  app.navigation.add({
    text: 'Outbox',
    href: '/admin/outbox',
    roles: PROGRAMME_TEAM,
    order: 90,
    description: 'Email Breadth has sent or is holding, including invitations and password reset links.',
  });

  routes.get(
    '/admin/outbox',
    { config: { access: PROGRAMME_TEAM }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const scope = teamRegions(signedIn(request));
      const values = { to: optionalText(request.query.to), status: optionalText(request.query.status) };
      const filters: OutboxFilters = {};
      const errors = emptyErrors();
      if (values.to !== undefined) filters.to = values.to;
      if (values.status !== undefined) {
        const status = MAIL_STATUSES.find((item) => item === values.status);
        if (status === undefined) addError(errors, 'status', 'Select a status from the list');
        else filters.status = status;
      }
      const invalid = hasErrors(errors);
      const page = invalid
        ? toPage([], 0, 1)
        : await listOutbox(app.db, scope, filters, pageNumber(request.query.page));
      return reply.page(
        'mail/views/outbox.njk',
        {
          title: 'Outbox',
          delivering: app.mailer.delivering,
          page,
          mails: page.items.map((mail) => ({ ...mail, statusLabel: STATUS_LABELS[mail.status] })),
          values,
          errors,
          invalid,
          filtered: values.to !== undefined || values.status !== undefined,
          statusItems: [
            { value: '', text: 'Any status' },
            ...MAIL_STATUSES.map((status) => ({
              value: status,
              text: STATUS_LABELS[status].text,
              selected: status === values.status,
            })),
          ],
          pager: paginationParams(page, '/admin/outbox', values),
        },
        invalid ? 400 : 200,
      );
    },
  );

  routes.get(
    '/admin/outbox/:id',
    { config: { access: PROGRAMME_TEAM }, schema: { params: mailParams } },
    async (request, reply) => {
      const scope = teamRegions(signedIn(request));
      const mail = await findMail(app.db, scope, request.params.id);
      if (mail === undefined) throw new NotFoundError();
      const text = app.mailer.readableText(mail);
      return reply.page('mail/views/mail.njk', {
        title: mail.subject,
        mail: { ...mail, statusLabel: STATUS_LABELS[mail.status] },
        bodyHtml: mailBodyHtml(text),
        linksHidden: text.includes(HIDDEN_TOKEN),
        linksRevealed: text !== mail.textBody,
      });
    },
  );
}
