/** The programme team's enquiry inbox: the list, an enquiry's thread with assigning, status and replies, and retention. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole } from '../../platform/auth/roles.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { teamRegions } from '../../platform/policy.ts';
import {
  postedBody,
  postedText,
  submitForm,
  type FormErrors,
  type FormReader,
  type FormValues,
} from '../../platform/web/forms.ts';
import { offsetFor, pageNumber, paginationParams, toPage } from '../../platform/web/pagination.ts';
import { regionNamesOf, regionsIn } from '../organisations/index.ts';
import {
  ASSIGNEE_FILTERS,
  ENQUIRY_STATUSES,
  ENQUIRY_TOPICS,
  LIMITS,
  RETENTION_MAX_MONTHS,
  RETENTION_MIN_MONTHS,
  STATUS_LABELS,
  STATUS_TAGS,
  TOPIC_LABELS,
  monthsText,
  normaliseReference,
  readReply,
  readRetentionMonths,
  type EnquiryStatus,
} from './domain/enquiries.ts';
import { INBOX_ROLES, visibleEnquiry } from './policy.ts';
import * as repository from './repository.ts';
import * as service from './service.ts';

const PAGE_SIZE = 25;
const idParams = z.object({ id: z.uuid() });
const listQuery = z.object({
  q: z.string().max(200).optional(),
  status: z.string().max(20).optional(),
  topic: z.string().max(20).optional(),
  assigned: z.string().max(20).optional(),
  page: z.string().max(10).optional(),
});
const settingsQuery = z.object({ region: z.string().max(60).optional() });

const revisionOf = (values: FormValues): number => {
  const n = Number.parseInt(postedText(values.revision), 10);
  return Number.isInteger(n) ? n : -1;
};

/** The assign-and-status form: who (an id or "nobody") and the status. */
const readChange: FormReader<service.EnquiryChange & { revision: number }> = (values) => {
  const status = ENQUIRY_STATUSES.find((value) => value === values.status);
  const assigned = postedText(values.assignedTo);
  if (status === undefined) {
    return { ok: false, problems: [{ field: 'status', href: '#status', message: 'Select a status' }] };
  }
  if (assigned !== '' && !z.uuid().safeParse(assigned).success) {
    const message = 'Choose a member of the region’s programme team, or nobody';
    return { ok: false, problems: [{ field: 'assignedTo', href: '#assignedTo', message }] };
  }
  return { ok: true, data: { status, assignedTo: assigned === '' ? null : assigned, revision: revisionOf(values) } };
};

const readReplyForm: FormReader<{ body: string; revision: number }> = (values) => {
  const read = readReply(values);
  return read.ok ? { ok: true, data: { body: read.data.body, revision: revisionOf(values) } } : read;
};

export function inboxRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  routes.get(
    '/enquiries',
    { config: { access: INBOX_ROLES }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const ctx = context(request);
      const query = request.query;
      const status = ENQUIRY_STATUSES.find((value) => value === query.status);
      const topic = ENQUIRY_TOPICS.find((value) => value === query.topic);
      const assigned = ASSIGNEE_FILTERS.find((value) => value === query.assigned);
      const rawQ = query.q?.trim() ?? '';
      const q = /^enq/i.test(rawQ) ? normaliseReference(rawQ) : rawQ;
      const regions = teamRegions(ctx.principal);
      const page = pageNumber(query.page);
      const filters = {
        regions,
        topic,
        q,
        assignee: assigned === 'me' ? { userId: ctx.principal.userId } : assigned,
      };
      const [result, counts, settingsRegions] = await Promise.all([
        repository.listEnquiries(ctx.db, { ...filters, status }, PAGE_SIZE, offsetFor(page, PAGE_SIZE)),
        repository.statusCounts(ctx.db, filters),
        regionsIn(ctx.db, regions),
      ]);
      const listed = toPage(result.items, result.total, page, PAGE_SIZE);
      // Someone who runs more than one region's programme is shown each enquiry's region.
      const manyRegions = settingsRegions.length > 1;
      const regionNames = manyRegions
        ? await regionNamesOf(
            ctx.db,
            listed.items.map((item) => item.regionId),
          )
        : null;
      const kept = { q: rawQ, status: status ?? '', topic: topic ?? '', assigned: assigned ?? '' };
      const anyCount = counts.new + counts.in_progress + counts.closed;
      return reply.page('enquiries/views/list.njk', {
        title: 'Enquiries',
        page: listed,
        filtered: rawQ !== '' || status !== undefined || topic !== undefined || assigned !== undefined,
        filters: kept,
        mayChangeSettings: settingsRegions.length > 0,
        statusLinks: [
          { text: 'All', count: anyCount, status: '', current: status === undefined },
          ...ENQUIRY_STATUSES.map((value) => ({
            text: STATUS_LABELS[value],
            count: counts[value],
            status: value,
            current: value === status,
          })),
        ].map((link) => ({
          ...link,
          href: `/enquiries?${new URLSearchParams(
            Object.entries({ ...kept, status: link.status }).filter(([, value]) => value !== ''),
          ).toString()}`.replace(/\?$/, ''),
        })),
        manyRegions,
        rows: listed.items.map((row) => ({
          ...row,
          region: regionNames?.get(row.regionId)?.name ?? '',
          topic: TOPIC_LABELS[row.topic],
          status: STATUS_TAGS[row.status],
        })),
        statusItems: [
          { value: '', text: 'Any status' },
          ...ENQUIRY_STATUSES.map((value) => ({ value, text: STATUS_LABELS[value], selected: value === status })),
        ],
        topicItems: [
          { value: '', text: 'Any topic' },
          ...ENQUIRY_TOPICS.map((value) => ({ value, text: TOPIC_LABELS[value], selected: value === topic })),
        ],
        assignedItems: [
          { value: '', text: 'Anyone or nobody', selected: assigned === undefined },
          { value: 'me', text: 'Assigned to me', selected: assigned === 'me' },
          { value: 'unassigned', text: 'Not assigned', selected: assigned === 'unassigned' },
        ],
        pager: paginationParams(listed, '/enquiries', { ...kept, page: undefined }),
      });
    },
  );

  // ----- Retention (before /enquiries/:id, which it would otherwise look like) -----

  async function renderSettings(
    reply: FastifyReply,
    ctx: Context,
    regionId: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const regions = await regionsIn(ctx.db, teamRegions(ctx.principal));
    const region = regions.find((item) => item.id === regionId);
    if (region === undefined) throw new NotFoundError();
    const setting = await service.retentionFor(ctx, regionId);
    return reply.page(
      'enquiries/views/settings.njk',
      {
        title: 'How long closed enquiries are kept',
        region,
        setting,
        regionLinks:
          regions.length > 1
            ? regions.map((item) => ({
                text: item.name,
                href: `/enquiries/settings?region=${item.id}`,
                current: item.id === regionId,
              }))
            : null,
        values: options.values ?? { months: String(setting.months), version: setting.version },
        errors: options.errors,
        min: RETENTION_MIN_MONTHS,
        max: RETENTION_MAX_MONTHS,
      },
      options.status ?? 200,
    );
  }

  async function settingsRegion(ctx: Context, wanted: string | undefined): Promise<string> {
    const regions = await regionsIn(ctx.db, teamRegions(ctx.principal));
    const region = wanted === undefined || wanted === '' ? regions[0] : regions.find((item) => item.id === wanted);
    if (region === undefined) throw new NotFoundError();
    return region.id;
  }

  routes.get(
    '/enquiries/settings',
    { config: { access: INBOX_ROLES }, schema: { querystring: settingsQuery } },
    async (request, reply) => {
      const ctx = context(request);
      return renderSettings(reply, ctx, await settingsRegion(ctx, request.query.region));
    },
  );

  routes.post('/enquiries/settings', { config: { access: INBOX_ROLES } }, async (request, reply) => {
    const ctx = context(request);
    const regionId = await settingsRegion(ctx, postedText(postedBody(request).regionId));
    const readSettings: FormReader<{ months: number; version: string }> = (values) => {
      const read = readRetentionMonths(values.months);
      if (!read.ok) return { ok: false, problems: [{ field: 'months', href: '#months', message: read.message }] };
      return { ok: true, data: { months: read.months, version: postedText(values.version) } };
    };
    return submitForm(request.body, {
      schema: readSettings,
      ruleField: 'months',
      run: ({ months, version }) => service.saveRetention(ctx, regionId, months, version),
      done: (_result, { months }) => {
        reply.flash('success', `Closed enquiries are now kept for ${monthsText(months)}, then deleted.`);
        return reply.redirect(`/enquiries/settings?region=${regionId}`);
      },
      again: async (values, errors, refusedBy) => {
        // After a stale save the page shows the setting as it now is, so the person decides again on what is saved.
        if (refusedBy === 'rule') {
          const current = await service.retentionFor(ctx, regionId);
          values = { ...values, version: current.version };
        }
        return renderSettings(reply, ctx, regionId, { values, errors, status: 400 });
      },
    });
  });

  // ----- One enquiry -----

  async function renderEnquiry(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { change?: FormValues; reply?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const enquiry = await visibleEnquiry(ctx.db, ctx.principal, id);
    const [messages, team, assignee, regionNames] = await Promise.all([
      repository.messagesOf(ctx.db, enquiry.id),
      service.regionTeam(ctx.db, enquiry.regionId),
      repository.userName(ctx.db, enquiry.assignedTo),
      regionNamesOf(ctx.db, [enquiry.regionId]),
    ]);
    const change = options.change ?? {};
    const chosenAssignee = options.change === undefined ? (enquiry.assignedTo ?? '') : postedText(change.assignedTo);
    const chosenStatus =
      options.change === undefined ? enquiry.status : (ENQUIRY_STATUSES.find((s) => s === change.status) ?? '');
    const teamChoices = [...team];
    if (enquiry.assignedTo !== null && assignee !== null && !team.some((member) => member.id === enquiry.assignedTo)) {
      // Assigned to someone who has since left the team: shown, so the page does not silently change it.
      teamChoices.push({ id: enquiry.assignedTo, name: `${assignee} (no longer on the team)`, email: '' });
    }
    return reply.page(
      'enquiries/views/enquiry.njk',
      {
        title: enquiry.subject,
        enquiry,
        regionName: regionNames.get(enquiry.regionId)?.name ?? '',
        showRegion: hasRole(ctx.principal, 'platform_admin'),
        topic: TOPIC_LABELS[enquiry.topic],
        statusTag: STATUS_TAGS[enquiry.status],
        assignee,
        messages: messages.map((message) => ({
          ...message,
          paragraphs: message.body.split(/\n\s*\n/).map((paragraph) => paragraph.split('\n')),
        })),
        errors: options.errors,
        replyValues: options.reply ?? {},
        revision: String(enquiry.revision),
        replyLimit: LIMITS.reply,
        assigneeItems: [
          { value: '', text: 'Nobody', selected: chosenAssignee === '' },
          ...teamChoices.map((member) => ({
            value: member.id,
            text: member.id === ctx.principal.userId ? `${member.name} (you)` : member.name,
            selected: member.id === chosenAssignee,
          })),
        ],
        statusItems: ENQUIRY_STATUSES.map((value: EnquiryStatus) => ({
          value,
          text: STATUS_LABELS[value],
          checked: value === chosenStatus,
        })),
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/enquiries/:id',
    { config: { access: INBOX_ROLES }, schema: { params: idParams } },
    async (request, reply) => renderEnquiry(reply, context(request), request.params.id),
  );

  routes.post(
    '/enquiries/:id',
    { config: { access: INBOX_ROLES }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const id = request.params.id;
      await visibleEnquiry(ctx.db, ctx.principal, id);
      return submitForm(request.body, {
        schema: readChange,
        ruleField: 'assignedTo',
        run: ({ revision, ...change }) => service.changeEnquiry(ctx, id, change, revision),
        done: (enquiry) => {
          reply.flash('success', `Enquiry ${enquiry.reference} saved: ${STATUS_LABELS[enquiry.status].toLowerCase()}.`);
          return reply.redirect(`/enquiries/${id}`);
        },
        // A stale page is shown again as the enquiry now is, with what changed in the error.
        again: (values, errors, refusedBy) =>
          renderEnquiry(reply, ctx, id, {
            ...(refusedBy === 'rule' && errors.fields.assignedTo?.text === service.STALE_MESSAGE
              ? {}
              : { change: values }),
            errors,
            status: 400,
          }),
      });
    },
  );

  routes.post(
    '/enquiries/:id/reply',
    { config: { access: INBOX_ROLES }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const id = request.params.id;
      await visibleEnquiry(ctx.db, ctx.principal, id);
      return submitForm(request.body, {
        schema: readReplyForm,
        ruleField: 'body',
        run: ({ body, revision }) => service.replyToEnquiry(ctx, id, body, revision),
        done: ({ enquiry }) => {
          void app.mailer.deliverPending();
          reply.flash('success', `Your reply was sent to ${enquiry.email}.`);
          return reply.redirect(`/enquiries/${id}#thread`);
        },
        // The typed reply is kept, also when the enquiry changed meanwhile: the person reads the thread and sends it.
        again: (values, errors) => renderEnquiry(reply, ctx, id, { reply: values, errors, status: 400 }),
      });
    },
  );
}
