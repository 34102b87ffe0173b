import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { OidcConfig } from '../../config.ts';
import { audit } from '../audit/audit.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { OidcClient, OidcError, type OrganisationIdentity } from './oidc.ts';
import {
  acceptInvitationBySingleSignOn,
  findLinkedAccount,
  findOrganisationAccount,
  linkOrganisationAccount,
  recordOrganisationSignIn,
  savePendingSignIn,
  takePendingSignIn,
  unlinkOrganisationAccount,
  type PendingSignIn,
} from './oidc-store.ts';
import { KEPT_FORM_COOKIE, safeReturnPath, SESSION_COOKIE, sessionCookieOptions, type RoleLoader } from './plugin.ts';
import { requiresTotp } from './roles.ts';
import { RETURN_COOKIE } from './routes.ts';
import {
  createSession,
  deleteSession,
  findUserByEmail,
  findUserById,
  recordSuccessfulLogin,
  type User,
} from './store.ts';

export interface SingleSignOnOptions {
  /** Undefined when single sign-on is not configured: no routes, no button. */
  oidc: OidcConfig | undefined;
  publicUrl: string;
  loadRoles: RoleLoader;
  secureCookies: boolean;
  /** Sign-in attempts per address per minute. */
  signInRateLimit: number;
}

/** Holds the token of the sign-in under way; sent back only to the callback. */
export const OIDC_COOKIE = 'breadth_oidc';
const OIDC_COOKIE_PATH = '/auth/oidc';

/** Each way single sign-on can end without signing in: a page of its own, with what to do next. */
type Problem =
  | OidcError['failure']
  | 'expired'
  | 'no-email'
  | 'no-account'
  | 'refused'
  | 'locked'
  | 'linked-elsewhere'
  | 'linked-differently'
  | 'not-signed-in';

const PROBLEM_STATUS: Record<Problem, number> = {
  unavailable: 503,
  cancelled: 400,
  'code-refused': 400,
  invalid: 400,
  expired: 400,
  'no-email': 403,
  'no-account': 403,
  refused: 403,
  locked: 403,
  'linked-elsewhere': 409,
  'linked-differently': 409,
  'not-signed-in': 403,
};

const PROBLEM_TITLE: Record<Problem, string> = {
  unavailable: 'Single sign-on is not available at the moment',
  cancelled: 'You did not sign in with your organisation account',
  'code-refused': 'This sign-in has already been used or has expired',
  invalid: 'Your sign-in could not be checked',
  expired: 'This sign-in has expired',
  'no-email': 'Your organisation account did not confirm your email address',
  'no-account': 'There is no Breadth account for this email address',
  refused: 'You cannot sign in to this account',
  locked: 'This account is locked',
  'linked-elsewhere': 'This organisation account is linked to someone else',
  'linked-differently': 'Your Breadth account is linked to a different organisation account',
  'not-signed-in': 'Sign in to link your organisation account',
};

function actorOf(request: FastifyRequest, user: { id: string; displayName: string }) {
  return { userId: user.id, label: user.displayName, requestId: request.id };
}

/**
 * Single sign-on with OpenID Connect: the sign-in button, the callback, and linking and unlinking an organisation
 * account from the account page. Only people who already have a Breadth account may sign in this way: by verified
 * email the first time, by the provider's subject afterwards (docs/adr/0011-single-sign-on.md).
 */
async function singleSignOn(app: FastifyInstance, options: SingleSignOnOptions): Promise<void> {
  const settings = options.oidc;
  if (settings === undefined) return;
  const oidc = new OidcClient(settings, options.publicUrl);
  const provider = oidc.issuerHost;
  const cookieOptions = sessionCookieOptions(options.secureCookies);
  const rateLimit = { max: options.signInRateLimit, timeWindow: '1 minute' };

  // The button on the sign-in page, and on the account page the organisation account linked (or a button to link).
  app.addHook('preHandler', async (request, reply) => {
    const locals: Record<string, unknown> = { ...reply.locals, singleSignOn: { label: settings.buttonLabel } };
    const principal = request.principal;
    if (request.method === 'GET' && request.routeOptions.url === '/account' && principal !== null) {
      const [linked, user] = await Promise.all([
        findOrganisationAccount(app.db, principal.userId, oidc.issuer),
        findUserById(app.db, principal.userId),
      ]);
      locals.organisationAccount = { linked: linked ?? null, provider, hasPassword: user?.passwordHash != null };
    }
    reply.locals = locals;
  });

  function problem(reply: FastifyReply, kind: Problem, extra: Record<string, unknown> = {}): FastifyReply {
    return reply.page(
      'auth/views/oidc-problem.njk',
      { title: PROBLEM_TITLE[kind], problem: kind, provider, ...extra },
      PROBLEM_STATUS[kind],
    );
  }

  /** Saves the checks, sets the browser's cookie and sends it to the provider. */
  async function begin(
    request: FastifyRequest,
    reply: FastifyReply,
    purpose: PendingSignIn['purpose'],
    userId: string | null,
  ) {
    const checks = OidcClient.newChecks();
    let url: URL;
    try {
      url = await oidc.authorisationUrl(checks);
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on: the provider could not be reached');
      return problem(reply, 'unavailable');
    }
    const token = await savePendingSignIn(app.db, { ...checks, purpose, userId }, request.now);
    reply.setCookie(OIDC_COOKIE, token, { ...cookieOptions, path: OIDC_COOKIE_PATH, maxAge: 600 });
    return reply.redirect(url.href, 303);
  }

  app.post('/auth/oidc/start', { config: { access: 'public', rateLimit } }, async (request, reply) => {
    if (request.principal !== null) return reply.redirect('/');
    return begin(request, reply, 'sign-in', null);
  });

  app.post('/account/organisation-account/link', { config: { access: 'authenticated' } }, async (request, reply) => {
    const principal = request.principal;
    if (principal === null) return reply.redirect('/auth/sign-in');
    return begin(request, reply, 'link', principal.userId);
  });

  app.get('/auth/oidc/callback', { config: { access: 'public', rateLimit } }, async (request, reply) => {
    const token = request.cookies[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
    const at = request.now;
    // Taken (and deleted) before anything else: whatever happens next, this sign-in cannot be completed again.
    const pending = token === undefined ? undefined : await takePendingSignIn(app.db, token, at);
    if (pending === undefined) return problem(reply, 'expired');
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let identity: OrganisationIdentity;
    try {
      identity = await oidc.complete(query, pending);
    } catch (error) {
      const failure = error instanceof OidcError ? error.failure : 'invalid';
      request.log.warn({ err: error, failure }, 'single sign-on did not complete');
      return problem(reply, failure);
    }
    return pending.purpose === 'link'
      ? completeLink(request, reply, identity, pending.userId)
      : completeSignIn(request, reply, identity);
  });

  async function completeSignIn(request: FastifyRequest, reply: FastifyReply, identity: OrganisationIdentity) {
    const at = request.now;
    const linked = await findLinkedAccount(app.db, identity.issuer, identity.subject);
    let user: User | undefined = linked?.user;
    if (linked === undefined) {
      // The first time: the provider's email address, only if the provider vouches for it.
      if (identity.email === null || !identity.emailVerified) return problem(reply, 'no-email');
      user = await findUserByEmail(app.db, identity.email);
      if (user === undefined) {
        request.log.info({ provider }, 'single sign-on: no account for the address given');
        return problem(reply, 'no-account', { email: identity.email });
      }
    }
    if (user === undefined) return problem(reply, 'no-account');
    const account = user;
    if (account.status === 'disabled' || account.status === 'erased') {
      if (account.status === 'disabled') {
        await audit(
          app.db,
          actorOf(request, account),
          {
            action: 'security',
            entityType: 'user',
            entityId: account.id,
            summary: `Single sign-on (${provider}) refused: the account is disabled`,
          },
          at,
        );
      }
      return problem(reply, 'refused');
    }
    if (account.lockedUntil !== null && account.lockedUntil > at) return problem(reply, 'locked');
    if (linked === undefined) {
      const other = await findOrganisationAccount(app.db, account.id, identity.issuer);
      // The address matches, but the account already trusts another subject: never moved over by email alone.
      if (other !== undefined) return problem(reply, 'linked-differently');
    }

    const roles = await options.loadRoles(app.db, account.id);
    const secondFactorDue = (requiresTotp(roles) || account.totpEnabledAt !== null) && !identity.multiFactor;
    const stage = !secondFactorDue ? 'active' : account.totpEnabledAt !== null ? 'totp' : 'totp_setup';
    const previous = request.cookies[SESSION_COOKIE];
    let sessionToken: string;
    try {
      sessionToken = await app.db.transaction(async (tx) => {
        const actor = actorOf(request, account);
        let identityId = linked?.identity.id;
        if (identityId === undefined) {
          const created = await linkOrganisationAccount(
            tx,
            { userId: account.id, issuer: identity.issuer, subject: identity.subject, email: identity.email },
            at,
          );
          identityId = created.id;
          await audit(
            tx,
            actor,
            {
              action: 'security',
              entityType: 'user',
              entityId: account.id,
              summary: `Linked an organisation account (${provider}) by its verified email address`,
              after: { organisationAccount: { issuer: identity.issuer, email: identity.email } },
            },
            at,
          );
        }
        if (account.status === 'invited') {
          await acceptInvitationBySingleSignOn(tx, account.id, at);
          await audit(
            tx,
            actor,
            {
              action: 'security',
              entityType: 'user',
              entityId: account.id,
              summary: `Accepted invitation by single sign-on (${provider})`,
              before: { status: 'invited' },
              after: { status: 'active' },
            },
            at,
          );
        }
        await recordOrganisationSignIn(tx, identityId, at);
        if (previous !== undefined) await deleteSession(tx, previous);
        if (stage === 'active') {
          await recordSuccessfulLogin(tx, account.id, at);
          await audit(
            tx,
            actor,
            {
              action: 'sign-in',
              entityType: 'user',
              entityId: account.id,
              summary: identity.multiFactor
                ? `Signed in with single sign-on (${provider}), multi-factor at the provider`
                : `Signed in with single sign-on (${provider})`,
            },
            at,
          );
        } else {
          await audit(
            tx,
            actor,
            {
              action: 'security',
              entityType: 'user',
              entityId: account.id,
              summary: `Single sign-on (${provider}) accepted; Breadth's own security code is due`,
            },
            at,
          );
        }
        return createSession(tx, account.id, stage, at, request.headers['user-agent']);
      });
    } catch (error) {
      // Two sign-ins linking the same organisation account at the same moment: the other one won.
      if (isUniqueViolation(error)) return problem(reply, 'linked-elsewhere');
      throw error;
    }
    reply.setCookie(SESSION_COOKIE, sessionToken, cookieOptions);
    if (stage === 'totp') return reply.redirect('/auth/two-factor');
    if (stage === 'totp_setup') return reply.redirect('/auth/two-factor/setup');
    // As after a password: back to a kept form, the page that asked, or home.
    const returnTo = safeReturnPath(request.cookies[RETURN_COOKIE]) ?? '/';
    reply.clearCookie(RETURN_COOKIE, { path: '/' });
    if (request.cookies[KEPT_FORM_COOKIE] !== undefined) return reply.redirect('/auth/kept-form');
    return reply.redirect(returnTo);
  }

  async function completeLink(
    request: FastifyRequest,
    reply: FastifyReply,
    identity: OrganisationIdentity,
    userId: string | null,
  ) {
    const principal = request.principal;
    // Linking finishes only in the session that asked for it.
    if (principal === null || userId === null || principal.userId !== userId) return problem(reply, 'not-signed-in');
    const at = request.now;
    const actor = { userId: principal.userId, label: principal.displayName, requestId: request.id };
    const linked = await findLinkedAccount(app.db, identity.issuer, identity.subject);
    if (linked !== undefined && linked.user.id !== principal.userId) {
      await audit(
        app.db,
        actor,
        {
          action: 'security',
          entityType: 'user',
          entityId: principal.userId,
          summary: `Refused to link an organisation account (${provider}) already linked to another account`,
        },
        at,
      );
      return problem(reply, 'linked-elsewhere');
    }
    if (linked !== undefined) {
      reply.flash('information', 'Your organisation account was already linked.');
      return reply.redirect('/account');
    }
    const own = await findOrganisationAccount(app.db, principal.userId, identity.issuer);
    if (own !== undefined) return problem(reply, 'linked-differently');
    try {
      await app.db.transaction(async (tx) => {
        await linkOrganisationAccount(
          tx,
          { userId: principal.userId, issuer: identity.issuer, subject: identity.subject, email: identity.email },
          at,
        );
        await audit(
          tx,
          actor,
          {
            action: 'security',
            entityType: 'user',
            entityId: principal.userId,
            summary: `Linked an organisation account (${provider}) from the account page`,
            after: { organisationAccount: { issuer: identity.issuer, email: identity.email } },
          },
          at,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) return problem(reply, 'linked-elsewhere');
      throw error;
    }
    reply.flash('success', 'Your organisation account is linked. You can now sign in with it.');
    return reply.redirect('/account');
  }

  app.get('/account/organisation-account/unlink', { config: { access: 'authenticated' } }, async (request, reply) => {
    const principal = request.principal;
    if (principal === null) return reply.redirect('/auth/sign-in');
    const linked = await findOrganisationAccount(app.db, principal.userId, oidc.issuer);
    if (linked === undefined) return reply.redirect('/account');
    const user = await findUserById(app.db, principal.userId);
    return reply.page('auth/views/oidc-unlink.njk', {
      title: 'Unlink your organisation account',
      linked,
      provider,
      hasPassword: user?.passwordHash != null,
    });
  });

  app.post('/account/organisation-account/unlink', { config: { access: 'authenticated' } }, async (request, reply) => {
    const principal = request.principal;
    if (principal === null) return reply.redirect('/auth/sign-in');
    const at = request.now;
    const removed = await app.db.transaction(async (tx) => {
      const row = await unlinkOrganisationAccount(tx, principal.userId, oidc.issuer);
      if (row !== undefined) {
        await audit(
          tx,
          { userId: principal.userId, label: principal.displayName, requestId: request.id },
          {
            action: 'security',
            entityType: 'user',
            entityId: principal.userId,
            summary: `Unlinked an organisation account (${provider})`,
            before: { organisationAccount: { issuer: row.issuer, email: row.email } },
            after: { organisationAccount: null },
          },
          at,
        );
      }
      return row;
    });
    reply.flash(
      removed === undefined ? 'information' : 'success',
      removed === undefined ? 'No organisation account was linked.' : 'Your organisation account is unlinked.',
    );
    return reply.redirect('/account');
  });
}

export default fp(singleSignOn, { name: 'breadth-single-sign-on', dependencies: ['breadth-auth'] });
