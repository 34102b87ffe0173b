import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, Db } from '../db/client.ts';
import { ForbiddenError } from '../errors.ts';
import { staticPrefix } from '../web/plugin.ts';
import type { Access, Principal, RoleAssignment } from './roles.ts';
import { hasRole, ROLE_LABELS } from './roles.ts';
import { safeReturnPath } from './return-path.ts';
import type { Session, User } from './store.ts';
import { discardKeptForm, findKeptForm, findSession, keepForm, SESSION_IDLE_SECONDS, touchSession } from './store.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in person; null when nobody is signed in or sign-in is not finished (second factor due). */
    principal: Principal | null;
    /** The session, including one still waiting for its second factor. */
    authSession: { session: Session; user: User } | null;
    /** The person whose session ended just before this request, so a form they posted can be kept for them. */
    endedSessionUserId: string | null;
  }
  interface FastifyInstance {
    database: Database;
    db: Db;
  }
}

export const SESSION_COOKIE = 'breadth_session';
export const KEPT_FORM_COOKIE = 'breadth_kept_form';

export type RoleLoader = (db: Db, userId: string) => Promise<RoleAssignment[]>;

export interface AuthOptions {
  loadRoles: RoleLoader;
  secureCookies: boolean;
}

export { safeReturnPath } from './return-path.ts';

function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

// Passwords are never written to the database in clear or sent back in a page; the person types them again.
const SECRET_FIELD = /password|secret/i;

function formFields(body: unknown): Record<string, string | string[]> | null {
  if (typeof body !== 'object' || body === null) return null;
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf' || SECRET_FIELD.test(key)) continue;
    if (typeof value === 'string') fields[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) fields[key] = value;
    else return null; // uploads and JSON are not kept
  }
  return fields;
}

export function sessionCookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, signed: false };
}

async function authPlugin(app: FastifyInstance, options: AuthOptions): Promise<void> {
  app.decorateRequest('principal', null);
  app.decorateRequest('authSession', null);
  app.decorateRequest('endedSessionUserId', null);

  // Every route must say who may use it; a route without a declaration stops the app from starting.
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.access === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} has no access declaration (config.access)`);
    }
  });

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith(staticPrefix)) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || token === '') return;
    const lookup = await findSession(app.db, token, request.now);
    if (lookup.state === 'ended') request.endedSessionUserId = lookup.userId;
    if (lookup.state !== 'live') return;
    const found = { session: lookup.session, user: lookup.user };
    request.authSession = found;
    if (found.session.stage === 'active') {
      request.principal = {
        userId: found.user.id,
        email: found.user.email,
        displayName: found.user.displayName,
        roles: await options.loadRoles(app.db, found.user.id),
        totpEnabled: found.user.totpEnabledAt !== null,
      };
      await touchSession(app.db, found.session, request.now);
    }
  });

  // Cross-site request forgery: every state-changing request must carry the form's token.
  app.addHook('preHandler', async (request, reply) => {
    if (!isStateChanging(request.method)) return;
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(request, reply, (error?: Error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
  });

  // Who may use the route.
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const principal = request.principal;
    if (principal === null) {
      const accept = request.headers.accept ?? '';
      if (accept.includes('application/json') && !accept.includes('text/html')) {
        return reply.status(401).send({ error: 'Sign in to continue' });
      }
      const stage = request.authSession?.session.stage;
      if (stage === 'totp') return reply.redirect('/auth/two-factor');
      if (stage === 'totp_setup') return reply.redirect('/auth/two-factor/setup');
      let returnTo = request.url;
      if (isStateChanging(request.method)) {
        // Kept only when we know whose it was: it is offered back to that person alone, never to the next
        // person to sign in on a shared computer.
        const fields = request.endedSessionUserId === null ? null : formFields(request.body);
        if (fields !== null && request.endedSessionUserId !== null) {
          const token = await keepForm(app.db, request.url, fields, request.endedSessionUserId, request.now);
          reply.setCookie(KEPT_FORM_COOKIE, token, {
            ...sessionCookieOptions(options.secureCookies),
            maxAge: 24 * 3600,
          });
        }
        returnTo = safeReturnPath(new URL(request.headers.referer ?? request.url, 'http://x').pathname) ?? '/';
      }
      return reply.redirect(`/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    }
    if (isStateChanging(request.method)) await forgetKeptFormSentAgain(request, reply, principal.userId);
    if (access === 'authenticated') return;
    if (!hasRole(principal, ...access)) throw new ForbiddenError();
  });

  /** A kept form is forgotten as soon as its owner sends it again to the page it came from. */
  async function forgetKeptFormSentAgain(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
    const token = request.cookies[KEPT_FORM_COOKIE];
    if (token === undefined) return;
    const kept = await findKeptForm(app.db, token, request.now);
    if (kept?.url !== request.url || kept.userId !== userId) return;
    await discardKeptForm(app.db, token);
    reply.clearCookie(KEPT_FORM_COOKIE, { path: '/' });
  }

  // What every page's layout needs: navigation, account links, the form token, the idle timeout.
  app.addHook('preHandler', async (request, reply) => {
    const principal = request.principal;
    const path = request.url.split('?')[0] ?? '/';
    const locals: Record<string, unknown> = {
      ...reply.locals,
      principal,
      currentPath: path,
      csrfToken: reply.generateCsrf(),
      navItems: app.navigation.for(principal, path),
    };
    if (principal !== null) {
      const first = principal.roles[0];
      locals.accountItems = [
        { href: '/account', text: principal.displayName, icon: true },
        ...(first === undefined ? [] : [{ text: ROLE_LABELS[first.role] }]),
        { action: '/auth/sign-out', text: 'Sign out' },
      ];
      locals.sessionIdleSeconds = SESSION_IDLE_SECONDS;
    }
    reply.locals = locals;
  });
}

export default fp(authPlugin, { name: 'breadth-auth', dependencies: ['breadth-web'] });
