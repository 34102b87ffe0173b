/**
 * The educational fellows' pages: the caseload (a fellow's own, or the programme team's view of their regions'
 * fellows), taking on a project no fellow supports, meeting notes on a project, and learners' requests for support.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import {
  postedBody,
  postedText,
  submitForm,
  trimmed,
  type FieldProblem,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { readDateInput } from '../../shared/dates.ts';
import {
  NOTE_MAX_LENGTH,
  QUIET_WEEKS_DEFAULT,
  REQUEST_MAX_LENGTH,
  quietWeekChoices,
  readQuietWeeks,
} from './domain/caseload.ts';
import { PROJECT_STAGE_LABELS } from './domain/projects.ts';
import * as service from './fellows-service.ts';
import type { NoteInput } from './fellows-service.ts';
import { FELLOWS, PROJECT_VIEWERS, projectAccess, type ProjectAccess } from './policy.ts';
import type { ChangeProject } from './repository.ts';
import { patientIdentifierProblem } from '../portfolio/index.ts';

const idParams = z.object({ id: z.uuid() });
const noteParams = z.object({ id: z.uuid(), noteId: z.uuid() });
const requestParams = z.object({ requestId: z.uuid() });
const viewQuery = z.object({ weeks: z.string().max(5).optional(), fellow: z.string().max(40).optional() });

/** Who sees caseloads: the fellows, and the programme team for their regions' fellows. */
const CASELOAD_VIEWERS = [...FELLOWS, ...PROGRAMME_TEAM];

/** The caseload's settings as its links carry them: only what differs from the person's default. */
function caseloadQuery(weeks: number, fellow: string | undefined): string {
  const params = new URLSearchParams();
  if (weeks !== QUIET_WEEKS_DEFAULT) params.set('weeks', String(weeks));
  if (fellow !== undefined && fellow !== '') params.set('fellow', fellow);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** The caseload's address with the settings a form posted back (weeks and fellow), checked as a link's would be. */
function caseloadHrefFrom(body: Record<string, unknown>): string {
  const fellow = postedText(body.fellow);
  return `/projects/caseload${caseloadQuery(readQuietWeeks(postedText(body.weeks)), /^[\w-]{1,40}$/.test(fellow) ? fellow : undefined)}`;
}

/** The meeting note form, read: the day met by the NHS date input, and the note. */
function readNote(values: FormValues): { ok: true; data: NoteInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const metOn = readDateInput(values, 'metOn', 'The date you met', {
    empty: 'Enter the date you met the team',
    example: '27 9 2026',
  });
  if (!metOn.ok) problems.push({ field: 'metOn', href: '#metOn-day', message: metOn.message });
  const notes = postedText(values.notes);
  if (notes === '')
    problems.push({ field: 'notes', href: '#notes', message: 'Enter what you talked about and agreed' });
  else if (notes.length > NOTE_MAX_LENGTH) {
    problems.push({ field: 'notes', href: '#notes', message: 'The note must be 4,000 characters or fewer' });
  }
  const identifier = patientIdentifierProblem('The note', notes);
  if (identifier !== null) problems.push({ field: 'notes', href: '#notes', message: identifier });
  if (!metOn.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, data: { metOn: metOn.date, notes } };
}

const supportSchema = z.object({
  message: z.preprocess(
    trimmed,
    z
      .string({ error: 'Enter what you would like support with' })
      .min(1, 'Enter what you would like support with')
      .max(REQUEST_MAX_LENGTH, 'Your message must be 2,000 characters or fewer')
      .superRefine((message, context) => {
        const identifier = patientIdentifierProblem('Your message', message);
        if (identifier !== null) context.addIssue({ code: 'custom', message: identifier });
      }),
  ),
  projectId: z.preprocess(
    (value) => (value === '' || value === undefined ? null : value),
    z.uuid({ error: 'Choose one of your projects, or none' }).nullable(),
  ),
});

export function fellowsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  app.tasks.add((principal, now) => service.fellowTasks(app.db, principal, now));

  // ----- The caseload -----

  routes.get(
    '/projects/caseload',
    { config: { access: CASELOAD_VIEWERS }, schema: { querystring: viewQuery } },
    async (request, reply) => {
      const ctx = context(request);
      const weeks = readQuietWeeks(request.query.weeks);
      const model = await service.caseload(ctx, { weeks, fellow: request.query.fellow });
      const own = model.fellow === ctx.principal.userId;
      const chosen = model.fellows.find((fellow) => fellow.id === model.fellow);
      const query = caseloadQuery(weeks, request.query.fellow === undefined ? undefined : model.fellow);
      return reply.page('projects/views/caseload.njk', {
        title: own ? 'Your caseload' : chosen === undefined ? 'The fellows’ caseloads' : `${chosen.name}’s caseload`,
        own,
        allFellows: model.fellow === 'all',
        weeks,
        fellow: request.query.fellow === undefined ? '' : model.fellow,
        query,
        caseload: model.caseload,
        withoutFellow: model.withoutFellow,
        mayTakeOnAny: model.withoutFellow.some((entry) => entry.mayTakeOn),
        requests: model.requests,
        weekItems: quietWeekChoices().map((value) => ({
          value: String(value),
          text: `${String(value)} weeks`,
          selected: value === weeks,
        })),
        fellowItems:
          model.fellows.length === 0
            ? null
            : [
                { value: 'all', text: 'All fellows', selected: model.fellow === 'all' },
                ...model.fellows.map((fellow) => ({
                  value: fellow.id,
                  text: fellow.id === ctx.principal.userId ? `${fellow.name} (you)` : fellow.name,
                  selected: fellow.id === model.fellow,
                })),
              ],
      });
    },
  );

  routes.post(
    '/projects/:id/take-on',
    { config: { access: FELLOWS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const back = caseloadHrefFrom(postedBody(request));
      try {
        const project = await service.takeOnProject(ctx, request.params.id);
        reply.flash('success', `You now support “${project.title}”. It is on your caseload.`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(back);
    },
  );

  // ----- Meeting notes -----

  async function supportedProject(ctx: Context, id: string): Promise<ProjectAccess> {
    const access = await projectAccess(ctx, id);
    // Only the region's fellows and programme team write notes; to the team the form does not exist.
    if (!access.support) throw new NotFoundError();
    return access;
  }

  function renderNoteForm(
    reply: FastifyReply,
    project: ChangeProject,
    values: FormValues,
    errors?: FormErrors,
    status = 200,
  ) {
    return reply.page(
      'projects/views/note-form.njk',
      { title: 'Add a meeting note', project, values, errors, maxLength: NOTE_MAX_LENGTH },
      status,
    );
  }

  routes.get(
    '/projects/:id/notes/new',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const access = await supportedProject(context(request), request.params.id);
      return renderNoteForm(reply, access.project, {});
    },
  );

  routes.post(
    '/projects/:id/notes/new',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await supportedProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: readNote,
        dateFields: ['metOn'],
        ruleField: 'notes',
        run: (input) => service.addNote(ctx, access, input),
        done: () => {
          reply.flash('success', 'The meeting note was added. The team can read it on the project’s page.');
          return reply.redirect(`/projects/${access.project.id}#notes`);
        },
        again: (values, errors) => renderNoteForm(reply, access.project, values, errors, 400),
      });
    },
  );

  routes.get(
    '/projects/:id/notes/:noteId/delete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: noteParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await projectAccess(ctx, request.params.id);
      const note = await service.ownNote(ctx, access, request.params.noteId);
      return reply.page('projects/views/note-delete.njk', {
        title: 'Delete this meeting note?',
        project: access.project,
        note,
      });
    },
  );

  routes.post(
    '/projects/:id/notes/:noteId/delete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: noteParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await projectAccess(ctx, request.params.id);
      await service.deleteNote(ctx, access, request.params.noteId);
      reply.flash('success', 'The meeting note was deleted.');
      return reply.redirect(`/projects/${access.project.id}#notes`);
    },
  );

  // ----- Requests for support -----

  routes.get('/projects/support', { config: { access: ['learner'] } }, async (request, reply) => {
    const requests = await service.ownRequests(context(request));
    if (requests === null) return reply.page('projects/views/support-none.njk', { title: 'Ask a fellow for support' });
    return reply.page('projects/views/support-list.njk', { title: 'Your requests for support', requests });
  });

  async function renderSupportForm(
    reply: FastifyReply,
    ctx: Context,
    values: FormValues,
    errors?: FormErrors,
    status = 200,
  ) {
    const choices = await service.supportChoices(ctx);
    if (choices === null) return reply.page('projects/views/support-none.njk', { title: 'Ask a fellow for support' });
    const chosen = typeof values.projectId === 'string' ? values.projectId : '';
    return reply.page(
      'projects/views/support-form.njk',
      {
        title: 'Ask a fellow for support',
        values,
        errors,
        maxLength: REQUEST_MAX_LENGTH,
        projectItems:
          choices.projects.length === 0
            ? null
            : [
                ...choices.projects.map((project) => ({
                  value: project.id,
                  text: project.title,
                  hint: { text: PROJECT_STAGE_LABELS[project.stage] },
                  checked: project.id === chosen,
                })),
                { divider: 'or' },
                { value: '', text: 'Not about one of these projects', checked: chosen === '' },
              ],
      },
      status,
    );
  }

  routes.get('/projects/support/new', { config: { access: ['learner'] } }, async (request, reply) => {
    return renderSupportForm(reply, context(request), {});
  });

  routes.post('/projects/support/new', { config: { access: ['learner'] } }, async (request, reply) => {
    const ctx = context(request);
    return submitForm(request.body, {
      schema: supportSchema,
      ruleField: 'message',
      run: (input) => service.requestSupport(ctx, input),
      done: ({ request: made, fellowsEmailed }) => {
        void app.mailer.deliverPending();
        reply.flash(
          'success',
          fellowsEmailed === 0
            ? 'Your request was sent. Your region has no educational fellow yet, so your programme team will see it.'
            : 'Your request was sent. The educational fellows have been emailed, and one of them will get in touch.',
        );
        return reply.redirect(`/projects/support/${made.id}`);
      },
      again: (values, errors) => renderSupportForm(reply, ctx, values, errors, 400),
    });
  });

  routes.get(
    '/projects/support/:requestId',
    { config: { access: PROJECT_VIEWERS }, schema: { params: requestParams, querystring: viewQuery } },
    async (request, reply) => {
      const view = await service.requestView(context(request), request.params.requestId);
      const query = caseloadQuery(readQuietWeeks(request.query.weeks), request.query.fellow);
      return reply.page('projects/views/support-request.njk', {
        title: view.own ? 'Your request for support' : `Request for support from ${view.learnerName}`,
        ...view,
        back: view.own ? '/projects/support' : `/projects/caseload${query}#requests`,
        backText: view.own ? 'Back to your requests' : 'Back to the caseload',
        weeks: readQuietWeeks(request.query.weeks),
        fellow: request.query.fellow ?? '',
      });
    },
  );

  routes.post(
    '/projects/support/:requestId/close',
    { config: { access: CASELOAD_VIEWERS }, schema: { params: requestParams } },
    async (request, reply) => {
      const ctx = context(request);
      const body = postedBody(request);
      let destination = `${caseloadHrefFrom(body)}#requests`;
      try {
        const { tookOn } = await service.closeRequest(ctx, request.params.requestId, postedText(body.takeOn) === 'yes');
        reply.flash(
          'success',
          tookOn === null
            ? 'The request was closed.'
            : `The request was closed, and you now support “${tookOn}”. It is on your caseload.`,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
        destination = `/projects/support/${request.params.requestId}`;
      }
      return reply.redirect(destination);
    },
  );
}
