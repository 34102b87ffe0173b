/**
 * The one context every service is given, and the request's time.
 *
 * Time is given, not taken: the app has one clock (the real one, or a fixed one in tests), read once as a request
 * starts, so everything a request does happens at the same instant and a test can run at any date it chooses.
 * Services read `ctx.now`; they never call `new Date()`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from './audit/audit.ts';
import type { Principal } from './auth/roles.ts';
import type { Db } from './db/client.ts';
import { ForbiddenError } from './errors.ts';
import type { Mailer } from './mail/mailer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's clock: the time now (fixed in tests that give buildApp a `now`). */
    clock: () => Date;
  }
  interface FastifyRequest {
    /** When this request started, by the app's clock: the time every part of the request works at. */
    now: Date;
  }
}

/**
 * A clock that starts at `start` and runs at the real pace from the moment it is made: tests and journeys work on a
 * known day, yet what they do one after another still happens in that order.
 */
export function clockFrom(start: Date): () => Date {
  const origin = performance.now();
  return () => new Date(start.getTime() + Math.floor(performance.now() - origin));
}

/** Gives the app its clock and stamps each request with the time it started, before any other hook runs. */
export function installClock(app: FastifyInstance, clock: () => Date = () => new Date()): void {
  app.decorate('clock', clock);
  app.decorateRequest('now', null as unknown as Date);
  app.addHook('onRequest', async (request) => {
    request.now = clock();
  });
}

/** What a service works with: the database, who is asking (and the audit actor for them), when, and the outbox. */
export interface Context {
  db: Db;
  principal: Principal;
  actor: Actor;
  now: Date;
  mailer: Mailer;
  /** The site's own address, for links in emails and calendar files. */
  publicUrl: string;
}

/** Where a context's parts come from: the app (its database, outbox and configured address). */
export interface ContextSources {
  db: Db;
  mailer: Mailer;
  config: { publicUrl: string };
}

/** The context of a signed-in person's request; a request with nobody signed in is refused. */
export function contextOf(request: FastifyRequest, app: ContextSources): Context {
  const principal = request.principal;
  if (principal === null) throw new ForbiddenError();
  return {
    db: app.db,
    principal,
    actor: { userId: principal.userId, label: principal.displayName, requestId: request.id },
    now: request.now,
    mailer: app.mailer,
    publicUrl: app.config.publicUrl,
  };
}
