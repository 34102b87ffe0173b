import { teamRegions } from '../../platform/policy.ts';
import { contextOf } from '../../platform/context.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ForbiddenError, RuleError } from '../../platform/errors.ts';
import { isPlatformAdmin, REGIONAL_MANAGERS, ROLE_LABELS, ROLES, type Principal } from '../../platform/auth/roles.ts';
import {
  addError,
  emptyErrors,
  postedBody,
  submitForm,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import { gmcNumberProblem, normaliseGmcNumber } from './domain/gmc.ts';
import {
  ACCOUNT_HELD_ELSEWHERE,
  isStage,
  LISTED_STATUSES,
  personalDataFilename,
  STAGES,
  STATUS_LABELS,
  type Stage,
} from './domain/people.ts';
import * as people from './service.ts';
import * as invitations from './invitations-service.ts';
import * as roleService from './roles-service.ts';
import * as accounts from './accounts-service.ts';
import * as personalData from './personal-data-service.ts';
import type { Command, Problem, RoleInput } from './service.ts';

const MANAGERS = ['platform_admin', ...REGIONAL_MANAGERS] as const;
const idParams = z.object({ id: z.uuid() });
const roleParams = z.object({ id: z.uuid(), roleId: z.uuid() });

/** Every posted field as trimmed text: missing radios and selects become '', so all checks run at once. */
const text = z.preprocess((value) => (typeof value === 'string' ? value.trim() : ''), z.string());

const roleFieldShape = {
  role: text,
  regionId: text,
  organisationId: text,
  gmcNumber: text,
  stage: text,
  programme: text,
};
type RoleFields = { [K in keyof typeof roleFieldShape]: string };

/** The conditional parts of the role fields: each role asks for what it needs. */
function checkRoleFields(value: RoleFields, ctx: z.RefinementCtx, requireLearner: boolean): void {
  const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
  if (!(ROLES as readonly string[]).includes(value.role)) {
    issue('role', 'Select a role');
    return;
  }
  if (value.regionId !== '' && !z.uuid().safeParse(value.regionId).success) issue('regionId', 'Select a region');
  if (value.role === 'learner' && requireLearner) {
    const problem = gmcNumberProblem(value.gmcNumber);
    if (problem !== null) issue('gmcNumber', problem);
    if (!isStage(value.stage)) issue('stage', 'Select the learner’s stage');
    if (value.programme === '') issue('programme', 'Enter the learner’s programme, like Generalism F2');
    else if (value.programme.length > 200) issue('programme', 'Programme must be 200 characters or fewer');
  }
  if (value.role === 'provider_contact' && !z.uuid().safeParse(value.organisationId).success)
    issue('organisationId', 'Select the organisation the contact works for');
}

function toRoleInput(value: RoleFields): RoleInput {
  const role = ROLES.find((r) => r === value.role) ?? 'learner';
  return {
    role,
    regionId: value.regionId === '' ? null : value.regionId,
    organisationId: role === 'provider_contact' ? value.organisationId : null,
    learner:
      role === 'learner' && isStage(value.stage) && gmcNumberProblem(value.gmcNumber) === null
        ? { gmcNumber: normaliseGmcNumber(value.gmcNumber), stage: value.stage, programme: value.programme }
        : null,
  };
}

const invitationSchema = z
  .object({ displayName: text, email: text, ...roleFieldShape })
  .superRefine((value, ctx) => {
    if (value.displayName === '')
      ctx.addIssue({ code: 'custom', path: ['displayName'], message: 'Enter their full name' });
    else if (value.displayName.length > 200)
      ctx.addIssue({ code: 'custom', path: ['displayName'], message: 'Full name must be 200 characters or fewer' });
    if (value.email === '') ctx.addIssue({ code: 'custom', path: ['email'], message: 'Enter their email address' });
    else if (value.email.length > 254 || !z.email().safeParse(value.email).success)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Enter an email address in the correct format, like name@example.nhs.uk',
      });
    checkRoleFields(value, ctx, true);
  })
  .transform((value) => ({ displayName: value.displayName, email: value.email, ...toRoleInput(value) }));

const addRoleSchema = (requireLearner: boolean) =>
  z
    .object(roleFieldShape)
    .superRefine((value, ctx) => checkRoleFields(value, ctx, requireLearner))
    .transform(toRoleInput);

/** The edit form asks only for what the principal may change: the name, the learner record, or both. */
const editSchema = ({ name, learner }: { name: boolean; learner: boolean }) =>
  z
    .object({ displayName: text, stage: text, programme: text })
    .superRefine((value, ctx) => {
      if (name && value.displayName === '')
        ctx.addIssue({ code: 'custom', path: ['displayName'], message: 'Enter their full name' });
      else if (name && value.displayName.length > 200)
        ctx.addIssue({ code: 'custom', path: ['displayName'], message: 'Full name must be 200 characters or fewer' });
      if (!learner) return;
      if (!isStage(value.stage))
        ctx.addIssue({ code: 'custom', path: ['stage'], message: 'Select the learner’s stage' });
      if (value.programme === '')
        ctx.addIssue({ code: 'custom', path: ['programme'], message: 'Enter the learner’s programme' });
      else if (value.programme.length > 200)
        ctx.addIssue({ code: 'custom', path: ['programme'], message: 'Programme must be 200 characters or fewer' });
    })
    .transform((value) => ({
      displayName: name ? value.displayName : undefined,
      stage: learner && isStage(value.stage) ? value.stage : undefined,
      programme: learner ? value.programme : undefined,
    }));

const eraseSchema = z.object({
  confirmEmail: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : ''),
    z.string().min(1, 'Enter their email address to confirm'),
  ),
});

const listQuery = z.object({
  search: z.string().max(200).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(LISTED_STATUSES).optional().catch(undefined),
  regionId: z.uuid().optional().catch(undefined),
  page: z.string().optional(),
});

function principalOf(request: FastifyRequest): Principal {
  // The access hook has already turned away anyone not signed in.
  if (request.principal === null) throw new ForbiddenError();
  return request.principal;
}

/** The problems a service found in what it loaded (every one at once), for the form shown again. */
function problemsToErrors(problems: Problem[]): FormErrors {
  const errors = emptyErrors();
  for (const problem of problems) addError(errors, problem.field, problem.text);
  return errors;
}

/** Where submitForm puts a RuleError naming no field: a refusal of the whole record rather than of what was typed. */
const RECORD = 'record';

/** Options for the nhsuk select and radios macros. */
const roleItems = (roles: { value: string; text: string }[]) => roles;
const stageItems = STAGES.map((stage: Stage) => ({ value: stage, text: stage }));

export async function register(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const mail = { mailer: app.mailer, publicUrl: app.config.publicUrl };

  app.navigation.add({
    text: 'People',
    href: '/people',
    roles: MANAGERS,
    order: 30,
    description: 'Learners, supervisors, fellows and staff: invite people, manage roles and accounts.',
  });
  app.tasks.add((principal) => invitations.invitationTasks(app.db, principal));

  function command(request: FastifyRequest): Command {
    return contextOf(request, app);
  }

  /** A broken rule about the whole record (not a field) is shown as a message on the person's page. */
  async function orExplain(reply: FastifyReply, personId: string, action: () => Promise<unknown>) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      reply.flash('information', error.message);
      return reply.redirect(`/people/${personId}`);
    }
  }

  /**
   * A form about a person shown again with its errors, but a refusal of the whole record (submitForm's RECORD field)
   * is told on the person's page, as orExplain does.
   */
  function againOrExplain(
    reply: FastifyReply,
    personId: string,
    render: (errors: FormErrors, values: FormValues) => Promise<FastifyReply>,
  ) {
    return (values: FormValues, errors: FormErrors) => {
      const refusal = errors.fields[RECORD];
      if (refusal === undefined) return render(errors, values);
      reply.flash('information', refusal.text);
      return reply.redirect(`/people/${personId}`);
    };
  }

  async function roleFormContext(principal: Principal) {
    const choices = await people.roleChoices(app.db, principal);
    const manyRegions = choices.regions.length > 1;
    return {
      roleItems: roleItems(choices.roles),
      stageItems,
      regionItems: [
        { value: '', text: 'Select a region' },
        ...choices.regions.map((r) => ({ value: r.id, text: r.name })),
      ],
      showRegion: manyRegions,
      organisationItems: [
        { value: '', text: 'Select an organisation' },
        ...choices.organisations.map((o) => ({
          value: o.id,
          text: manyRegions ? `${o.name} (${o.regionName})` : o.name,
        })),
      ],
      hasOrganisations: choices.organisations.length > 0,
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // The list

  routes.get(
    '/people',
    { config: { access: MANAGERS }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const principal = principalOf(request);
      const query = request.query;
      const { page, regions } = await people.listPeopleFor(app.db, principal, {
        search: query.search,
        role: query.role,
        status: query.status,
        regionId: query.regionId,
        page: pageNumber(query.page),
      });
      const filters = { search: query.search, role: query.role, status: query.status, regionId: query.regionId };
      const filtered = Object.values(filters).some((value) => value !== undefined && value !== '');
      return reply.page('people/views/list.njk', {
        title: 'People',
        page,
        filters,
        filtered,
        pager: paginationParams(page, '/people', filters),
        roleLabels: ROLE_LABELS,
        statusLabels: STATUS_LABELS,
        roleFilterItems: [
          { value: '', text: 'All roles' },
          ...ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role] })),
        ],
        statusFilterItems: [
          { value: '', text: 'All except erased' },
          ...LISTED_STATUSES.map((status) => ({ value: status, text: STATUS_LABELS[status] })),
        ],
        regionFilterItems: isPlatformAdmin(principal)
          ? [{ value: '', text: 'All regions' }, ...regions.map((region) => ({ value: region.id, text: region.name }))]
          : null,
      });
    },
  );

  // -------------------------------------------------------------------------------------------------------------
  // Invitations

  routes.get('/people/invite', { config: { access: MANAGERS } }, async (request, reply) =>
    reply.page('people/views/invite.njk', {
      title: 'Invite a person',
      values: {},
      ...(await roleFormContext(principalOf(request))),
    }),
  );

  routes.post('/people/invite', { config: { access: MANAGERS } }, async (request, reply) => {
    const principal = principalOf(request);
    const render = async (errors: FormErrors, values: FormValues) =>
      reply.page(
        'people/views/invite.njk',
        { title: 'Invite a person', errors, values, ...(await roleFormContext(principal)) },
        400,
      );
    return submitForm(request.body, {
      schema: invitationSchema,
      run: (invitation) => invitations.invitePerson(command(request), mail, invitation),
      done: (outcome, invitation) => {
        if (!outcome.ok) return render(problemsToErrors(outcome.problems), postedBody(request));
        reply.flash('success', `Invitation sent to ${invitation.displayName} at ${invitation.email.toLowerCase()}`);
        return reply.redirect(`/people/${outcome.value}`);
      },
      again: (values, errors) => render(errors, values),
      ruleField: 'email',
    });
  });

  routes.post(
    '/people/:id/resend-invitation',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) =>
      orExplain(reply, request.params.id, async () => {
        const person = await invitations.resendInvitation(command(request), mail, request.params.id);
        reply.flash('success', `A new invitation was sent to ${person.email}. The link sent before no longer works.`);
        return reply.redirect(`/people/${person.id}`);
      }),
  );

  // -------------------------------------------------------------------------------------------------------------
  // A person

  routes.get('/people/:id', { config: { access: MANAGERS }, schema: { params: idParams } }, async (request, reply) => {
    const principal = principalOf(request);
    const person = await people.personFor(app.db, principal, request.params.id);
    const managed = teamRegions(principal);
    const may = people.changeableFor(principal, person);
    return reply.page('people/views/show.njk', {
      title: person.displayName,
      person,
      roleLabels: ROLE_LABELS,
      statusLabels: STATUS_LABELS,
      isSelf: person.id === principal.userId,
      canErase: isPlatformAdmin(principal) && person.id !== principal.userId && person.status !== 'erased',
      canManage: may.person,
      canChangeAccount: may.account,
      canChangeLearner: may.learnerRecord,
      accountHeldElsewhere: ACCOUNT_HELD_ELSEWHERE,
      removableRoleIds: person.roles
        .filter((role) => managed === 'all' || (role.regionId !== null && managed.includes(role.regionId)))
        .map((role) => role.id),
    });
  });

  routes.get(
    '/people/:id/edit',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) =>
      orExplain(reply, request.params.id, async () => {
        const { person, fields } = await people.editableFor(app.db, principalOf(request), request.params.id);
        return reply.page('people/views/edit.njk', {
          title: `Change ${person.displayName}’s details`,
          person,
          fields,
          accountHeldElsewhere: ACCOUNT_HELD_ELSEWHERE,
          stageItems,
          values: {
            displayName: person.displayName,
            stage: person.learner?.stage,
            programme: person.learner?.programme,
          },
        });
      }),
  );

  routes.post(
    '/people/:id/edit',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) =>
      orExplain(reply, request.params.id, async () => {
        const { person, fields } = await people.editableFor(app.db, principalOf(request), request.params.id);
        const render = async (errors: FormErrors, values: FormValues) =>
          reply.page(
            'people/views/edit.njk',
            {
              title: `Change ${person.displayName}’s details`,
              person,
              fields,
              accountHeldElsewhere: ACCOUNT_HELD_ELSEWHERE,
              stageItems,
              errors,
              values,
            },
            400,
          );
        return submitForm(request.body, {
          schema: editSchema(fields),
          run: (edit) => accounts.editPerson(command(request), person.id, edit),
          done: () => {
            reply.flash('success', 'Details saved');
            return reply.redirect(`/people/${person.id}`);
          },
          again: againOrExplain(reply, person.id, render),
          ruleField: RECORD,
        });
      }),
  );

  // -------------------------------------------------------------------------------------------------------------
  // Roles

  routes.get(
    '/people/:id/roles/add',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const principal = principalOf(request);
      const person = await people.personFor(app.db, principal, request.params.id);
      return reply.page('people/views/add-role.njk', {
        title: `Give ${person.displayName} a role`,
        person,
        values: {},
        ...(await roleFormContext(principal)),
      });
    },
  );

  routes.post(
    '/people/:id/roles/add',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const principal = principalOf(request);
      const person = await people.personFor(app.db, principal, request.params.id);
      const render = async (errors: FormErrors, values: FormValues) =>
        reply.page(
          'people/views/add-role.njk',
          { title: `Give ${person.displayName} a role`, person, errors, values, ...(await roleFormContext(principal)) },
          400,
        );
      return submitForm(request.body, {
        schema: addRoleSchema(person.learner === null),
        run: (role) => roleService.addRole(command(request), person.id, role),
        done: (outcome, role) => {
          if (!outcome.ok) return render(problemsToErrors(outcome.problems), postedBody(request));
          reply.flash('success', `${person.displayName} is now also ${ROLE_LABELS[role.role].toLowerCase()}`);
          return reply.redirect(`/people/${person.id}`);
        },
        again: againOrExplain(reply, person.id, render),
        ruleField: RECORD,
      });
    },
  );

  routes.get(
    '/people/:id/roles/:roleId/remove',
    { config: { access: MANAGERS }, schema: { params: roleParams } },
    async (request, reply) => {
      const { person, assignment } = await roleService.roleToRemove(
        app.db,
        principalOf(request),
        request.params.id,
        request.params.roleId,
      );
      return reply.page('people/views/remove-role.njk', {
        title: `Remove a role from ${person.displayName}`,
        person,
        assignment,
        roleLabel: ROLE_LABELS[assignment.role],
      });
    },
  );

  routes.post(
    '/people/:id/roles/:roleId/remove',
    { config: { access: MANAGERS }, schema: { params: roleParams } },
    async (request, reply) =>
      orExplain(reply, request.params.id, async () => {
        const person = await roleService.removeRole(command(request), request.params.id, request.params.roleId);
        reply.flash('success', `Role removed from ${person.displayName}`);
        return reply.redirect(`/people/${person.id}`);
      }),
  );

  // -------------------------------------------------------------------------------------------------------------
  // Disabling, enabling and erasing

  for (const action of ['disable', 'enable'] as const) {
    routes.get(
      `/people/:id/${action}`,
      { config: { access: MANAGERS }, schema: { params: idParams } },
      async (request, reply) =>
        orExplain(reply, request.params.id, async () => {
          const person = await people.accountFor(app.db, principalOf(request), request.params.id);
          return reply.page('people/views/status.njk', {
            title: `${action === 'disable' ? 'Disable' : 'Enable'} ${person.displayName}’s account`,
            person,
            action,
          });
        }),
    );
    routes.post(
      `/people/:id/${action}`,
      { config: { access: MANAGERS }, schema: { params: idParams } },
      async (request, reply) =>
        orExplain(reply, request.params.id, async () => {
          const person = await accounts.setAccountEnabled(command(request), request.params.id, action === 'enable');
          reply.flash(
            'success',
            action === 'disable'
              ? `${person.displayName}’s account is disabled. They have been signed out and cannot sign in.`
              : `${person.displayName}’s account is enabled again.`,
          );
          return reply.redirect(`/people/${person.id}`);
        }),
    );
  }

  routes.get(
    '/people/:id/erase',
    { config: { access: ['platform_admin'] }, schema: { params: idParams } },
    async (request, reply) => {
      const person = await people.personFor(app.db, principalOf(request), request.params.id);
      return reply.page('people/views/erase.njk', {
        title: `Erase ${person.displayName}’s personal data`,
        person,
        values: {},
      });
    },
  );

  routes.post(
    '/people/:id/erase',
    { config: { access: ['platform_admin'] }, schema: { params: idParams } },
    async (request, reply) => {
      const person = await people.personFor(app.db, principalOf(request), request.params.id);
      const render = async (errors: FormErrors, values: FormValues) =>
        reply.page(
          'people/views/erase.njk',
          { title: `Erase ${person.displayName}’s personal data`, person, errors, values },
          400,
        );
      return submitForm(request.body, {
        schema: eraseSchema,
        run: ({ confirmEmail }) => personalData.erasePerson(command(request), person.id, confirmEmail),
        done: (outcome, data) => {
          if (!outcome.ok) return render(problemsToErrors(outcome.problems), data);
          reply.flash(
            'success',
            'The person’s personal data has been erased. Their anonymised programme records are kept.',
          );
          return reply.redirect(`/people/${person.id}`);
        },
        again: againOrExplain(reply, person.id, render),
        ruleField: RECORD,
      });
    },
  );

  // -------------------------------------------------------------------------------------------------------------
  // Your own data

  routes.get('/account/data', { config: { access: 'authenticated' } }, async (request, reply) => {
    const principal = principalOf(request);
    const now = request.now;
    const data = await personalData.exportPersonalData(app.db, principal.userId, now);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${personalDataFilename(now)}"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(data, null, 2));
  });
}
