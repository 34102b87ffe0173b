/**
 * The portfolio's lists: the learner's own portfolio (timeline with filters and search, what needs action, drafts to
 * carry on), a learner's portfolio as their supervisors and programme team see it, and the supervisor's queue.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { hasRole } from '../../platform/auth/roles.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { nhsDateRange } from '../../shared/dates.ts';
import { PROGRAMME_TEAM, SUPERVISORS } from '../../platform/policy.ts';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import { normaliseOutcomeCode } from '../curriculum/index.ts';
import { ownLearner } from '../learners/index.ts';
import {
  ENTRY_KINDS,
  ENTRY_KIND_LABELS,
  ENTRY_KIND_SLUGS,
  ENTRY_STATUSES,
  ENTRY_STATUS_LABELS,
  ENTRY_STATUS_TAGS,
} from './domain/entries.ts';
import { WRITTEN_KINDS } from './domain/kind-forms.ts';
import { portfolio, supervisorQueue, type PortfolioFilters } from './list-service.ts';
import type { EntryListItem } from './repository.ts';

const listQuery = z.object({
  kind: z.string().max(40).optional(),
  status: z.string().max(40).optional(),
  outcome: z.string().max(40).optional(),
  placement: z.string().max(40).optional(),
  q: z.string().max(200).optional(),
  page: z.string().max(10).optional(),
});

function filtersOf(query: z.infer<typeof listQuery>): PortfolioFilters {
  const outcome =
    query.outcome === undefined || query.outcome.trim() === '' ? undefined : normaliseOutcomeCode(query.outcome);
  return {
    kind: ENTRY_KINDS.find((kind) => kind === query.kind),
    status: ENTRY_STATUSES.find((status) => status === query.status),
    outcome: outcome ?? undefined,
    placementId: query.placement !== undefined && isUuid(query.placement) ? query.placement : undefined,
    q: query.q?.trim() === '' ? undefined : query.q?.trim(),
  };
}

/** A search snippet as safe HTML: escaped, then the words the database marked are wrapped in <mark>. */
function snippetHtml(snippet: string | null): string | null {
  if (snippet === null || snippet === '') return null;
  const escaped = snippet.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
  return escaped.replace(/«/g, '<mark>').replace(/»/g, '</mark>');
}

function rows(items: readonly EntryListItem[]) {
  return items.map((item) => ({
    ...item,
    kindLabel: ENTRY_KIND_LABELS[item.kind],
    status: { text: ENTRY_STATUS_LABELS[item.status], classes: ENTRY_STATUS_TAGS[item.status] },
    occurred: formatDate(item.occurredOn),
    snippet: snippetHtml(item.snippet),
  }));
}

export function listRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  async function portfolioPage(ctx: Context, learnerId: string, query: z.infer<typeof listQuery>, basePath: string) {
    const filters = filtersOf(query);
    const result = await portfolio(ctx, learnerId, filters, pageNumber(query.page));
    const { access } = result;
    const shown = {
      kind: filters.kind ?? '',
      status: filters.status ?? '',
      outcome: filters.outcome ?? '',
      q: filters.q ?? '',
    };
    return {
      title: access.own ? 'My portfolio' : `${access.learner.name}’s portfolio`,
      own: access.own,
      learner: access.learner,
      basePath,
      filters: shown,
      filtered: Object.values(shown).some((value) => value !== ''),
      kindItems: [
        { value: '', text: 'Any type' },
        ...ENTRY_KINDS.map((kind) => ({ value: kind, text: ENTRY_KIND_LABELS[kind], selected: kind === filters.kind })),
      ],
      placementItems:
        result.placements.length === 0
          ? null
          : [
              { value: '', text: 'Any placement' },
              ...result.placements.map((placement) => ({
                value: placement.id,
                text: `${placement.specialty} (${placement.postCode}), ${nhsDateRange(placement.startsOn, placement.endsOn)}`,
                selected: placement.id === filters.placementId,
              })),
            ],
      statusItems: [
        { value: '', text: 'Any state' },
        ...ENTRY_STATUSES.map((status) => ({
          value: status,
          text: ENTRY_STATUS_LABELS[status],
          selected: status === filters.status,
        })),
      ],
      page: result.page,
      rows: rows(result.page.items),
      pager: paginationParams(result.page, basePath, { ...shown, page: undefined }),
      awaitingSignOff: result.counts.awaiting_sign_off ?? 0,
      inProgress: result.counts.in_progress ?? 0,
      newKinds: [...WRITTEN_KINDS, 'sle' as const, 'msf' as const, 'supervisor_meeting' as const].map((kind) => ({
        href: `/portfolio/new/${ENTRY_KIND_SLUGS[kind]}`,
        text: ENTRY_KIND_LABELS[kind],
      })),
      drafts: result.drafts.map((draft) => ({
        kindLabel: ENTRY_KIND_LABELS[draft.kind],
        title: typeof draft.values.title === 'string' && draft.values.title !== '' ? draft.values.title : 'Untitled',
        savedAt: formatDateTime(draft.savedAt),
        href: draft.draftKey.startsWith('new:')
          ? `/portfolio/new/${ENTRY_KIND_SLUGS[draft.kind]}`
          : `/portfolio/entries/${draft.draftKey}/edit`,
      })),
    };
  }

  routes.get(
    '/portfolio',
    { config: { access: ['learner', ...SUPERVISORS] }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const ctx = context(request);
      if (!hasRole(ctx.principal, 'learner')) {
        const queue = await supervisorQueue(ctx);
        return reply.page('portfolio/views/queue.njk', {
          title: 'Portfolios',
          learners: queue.learners,
          awaiting: queue.awaiting.map((entry) => ({
            ...entry,
            kindLabel: ENTRY_KIND_LABELS[entry.kind],
            submitted: entry.submittedAt === null ? '' : formatDate(entry.submittedAt),
          })),
        });
      }
      if ((await ownLearner(ctx)) === undefined) {
        return reply.page('portfolio/views/no-record.njk', { title: 'My portfolio' });
      }
      return reply.page(
        'portfolio/views/list.njk',
        await portfolioPage(ctx, ctx.principal.userId, request.query, '/portfolio'),
      );
    },
  );

  routes.get(
    '/portfolio/learners/:learnerId',
    {
      config: { access: [...SUPERVISORS, ...PROGRAMME_TEAM] },
      schema: { params: z.object({ learnerId: z.uuid() }), querystring: listQuery },
    },
    async (request, reply) => {
      const { learnerId } = request.params;
      return reply.page(
        'portfolio/views/list.njk',
        await portfolioPage(context(request), learnerId, request.query, `/portfolio/learners/${learnerId}`),
      );
    },
  );
}
