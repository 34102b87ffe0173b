/**
 * What the sign-in, two-factor, password and account pages share: their options, the cookie that keeps the page to
 * return to, the actor of an audit record, and the steps of signing in that more than one page takes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../audit/audit.ts';
import type { Mailer } from '../mail/mailer.ts';
import { KEPT_FORM_COOKIE, safeReturnPath, type RoleLoader } from './plugin.ts';
import { recordFailedCode, recordFailedLogin } from './store.ts';

export interface AuthRouteOptions {
  loadRoles: RoleLoader;
  /** The server's secret: the two-factor set-up secret is derived from it and the session. */
  sessionSecret: string;
  mailer: Mailer;
  publicUrl: string;
  secureCookies: boolean;
  /** Outside production the sign-in page lists the demo accounts and shows their current two-factor code. */
  demo: { enabled: boolean; password: string; accounts: () => Promise<{ email: string; label: string }[]> };
  /** Sign-in attempts per address per minute. */
  signInRateLimit: number;
}

export const RETURN_COOKIE = 'breadth_return';
export const DEMO_EMAIL_DOMAIN = '@demo.breadth.example';

export function actorOf(request: FastifyRequest, user: { id: string; displayName: string }) {
  return { userId: user.id, label: user.displayName, requestId: request.id };
}

/** The steps of signing in that more than one page takes. */
export interface SignInSteps {
  recordFailure: (
    request: FastifyRequest,
    user: { id: string; displayName: string },
    factor: 'password' | 'code',
    what: string,
    at: Date,
  ) => Promise<Date | null>;
  finishSignIn: (request: FastifyRequest, reply: FastifyReply) => FastifyReply;
}

export function signInSteps(app: FastifyInstance): SignInSteps {
  /**
   * Counts a wrong password or code and audits it in one transaction, saying whether it locked the account. Returns
   * the lock, if this failure set one.
   */
  async function recordFailure(
    request: FastifyRequest,
    user: { id: string; displayName: string },
    factor: 'password' | 'code',
    what: string,
    at: Date,
  ): Promise<Date | null> {
    return app.db.transaction(async (tx) => {
      const locked = await (factor === 'password' ? recordFailedLogin : recordFailedCode)(tx, user.id, at);
      await audit(
        tx,
        actorOf(request, user),
        {
          action: 'security',
          entityType: 'user',
          entityId: user.id,
          summary: `${what}${locked === null ? '' : '; account locked'}`,
        },
        at,
      );
      return locked;
    });
  }

  /** After the last step of sign-in: back to a kept form, the page that asked, or home. */
  function finishSignIn(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const kept = request.cookies[KEPT_FORM_COOKIE];
    const returnTo = safeReturnPath(request.cookies[RETURN_COOKIE]) ?? '/';
    reply.clearCookie(RETURN_COOKIE, { path: '/' });
    if (kept !== undefined) return reply.redirect('/auth/kept-form');
    return reply.redirect(returnTo);
  }

  return { recordFailure, finishSignIn };
}
