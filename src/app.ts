import { installClock } from './platform/context.ts';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config, TrustProxy } from './config.ts';
import type { Database } from './platform/db/client.ts';
import webPlugin from './platform/web/plugin.ts';
import authPlugin from './platform/auth/plugin.ts';
import { authRoutes } from './platform/auth/routes.ts';
import singleSignOn from './platform/auth/oidc-routes.ts';
import { Mailer } from './platform/mail/mailer.ts';
import { platformRoutes } from './platform/web/routes.ts';
import { serializeRequest } from './platform/web/request-log.ts';
import { auditRoutes } from './platform/audit/routes.ts';
import { outboxRoutes } from './platform/mail/routes.ts';
import { JobRunner } from './platform/jobs/runner.ts';
import { Schedule } from './platform/jobs/schedule.ts';
import { HOUSEKEEPING, purgeExpired } from './platform/jobs/housekeeping.ts';
import { jobRoutes } from './platform/jobs/routes.ts';
import * as people from './features/people/index.ts';
import * as site from './features/site/index.ts';
import * as organisations from './features/organisations/index.ts';
import * as placements from './features/placements/index.ts';
import * as allocation from './features/allocation/index.ts';
import * as curriculum from './features/curriculum/index.ts';
import * as events from './features/events/index.ts';
import * as progress from './features/progress/index.ts';
import * as portfolio from './features/portfolio/index.ts';
import * as projects from './features/projects/index.ts';
import * as handbook from './features/handbook/index.ts';
import * as enquiries from './features/enquiries/index.ts';
import { demoAccounts, DEMO_PASSWORD } from './features/people/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    mailer: Mailer;
    /** Long-running work with progress shown on /jobs/:id; see JobRunner in platform/jobs/runner.ts. */
    jobs: JobRunner;
    /** Work that runs by itself every so often; started by server.ts, never in tests. */
    schedule: Schedule;
  }
}

export interface AppOptions {
  config: Config;
  database: Database;
  /** The clock, for tests that need a fixed time. */
  now?: () => Date;
  /** Sign-in attempts per client address per minute. */
  signInRateLimit?: number;
  /** Requests per client address per minute, all routes together. */
  globalRateLimit?: number;
  /** How long a route waits for a long job before showing its progress page (default 1000 ms). */
  jobInlineWaitMs?: number;
  logger?: boolean;
  /** Where log lines go instead of standard output (tests read them). */
  logStream?: { write(line: string): void };
}

/**
 * Fastify's own hop count trusts nothing (it cannot check who the nearest peer is), so a count becomes a function:
 * the socket's peer and the next hops-1 addresses are proxies, and the address the last of them saw is the client.
 * A count is only as safe as the network: Breadth must be reachable through the proxies alone (README).
 */
function trustProxyOption(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

/**
 * Builds the app: platform plugins in boot order (web, auth), then each feature's routes.
 * Nothing here listens on a port; server.ts does that, tests use app.inject().
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
            serializers: { req: serializeRequest },
            ...(options.logStream === undefined ? {} : { stream: options.logStream }),
          },
    trustProxy: trustProxyOption(config.trustProxy),
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('db', database.db);
  installClock(app, options.now);
  const mailer = new Mailer(database.db, {
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    log: app.log,
    secret: config.sessionSecret,
    revealLinks: config.env !== 'production',
    now: options.now,
  });
  app.decorate('mailer', mailer);
  app.addHook('onClose', async () => {
    await mailer.stop();
  });
  const jobs = new JobRunner(database.db, { log: app.log, now: options.now, inlineWaitMs: options.jobInlineWaitMs });
  // Nothing of this process is running yet: any job still unfinished was left by a process that stopped.
  await jobs.recoverInterrupted();
  app.decorate('jobs', jobs);
  const schedule = new Schedule({ log: app.log, now: options.now });
  app.decorate('schedule', schedule);
  schedule.add(HOUSEKEEPING, 60 * 60_000, async (now) => {
    const purged = await purgeExpired(database.db, now, { mailRetentionDays: config.mailRetentionDays });
    app.log.info({ purged }, 'deleted expired sessions, spent links, kept forms and old mail');
  });
  app.addHook('onClose', async () => {
    await schedule.stop();
  });
  // Work in progress finishes before the database is closed (server.ts closes it after app.close()).
  app.addHook('onClose', async () => {
    await jobs.idle();
  });

  await app.register(webPlugin, {
    cookieSecret: config.sessionSecret,
    secureCookies: config.secureCookies,
    globalRateLimit: options.globalRateLimit ?? 1200,
    formActionOrigins: config.oidc === undefined ? [] : [new URL(config.oidc.issuerUrl).origin],
  });
  await app.register(authPlugin, {
    loadRoles: people.loadRoles,
    secureCookies: config.secureCookies,
  });
  // Before the auth routes, so its hook gives the sign-in and account pages the single sign-on button and link.
  await app.register(singleSignOn, {
    oidc: config.oidc,
    publicUrl: config.publicUrl,
    loadRoles: people.loadRoles,
    secureCookies: config.secureCookies,
    signInRateLimit: options.signInRateLimit ?? config.signInRateLimit,
  });
  await app.register(authRoutes, {
    loadRoles: people.loadRoles,
    sessionSecret: config.sessionSecret,
    mailer,
    publicUrl: config.publicUrl,
    secureCookies: config.secureCookies,
    signInRateLimit: options.signInRateLimit ?? config.signInRateLimit,
    demo: { enabled: config.demoLoginsEnabled, password: DEMO_PASSWORD, accounts: () => demoAccounts(database.db) },
  });
  await app.register(platformRoutes);
  await app.register(auditRoutes);
  await app.register(outboxRoutes);
  await app.register(jobRoutes);
  await app.register(site.register);
  await app.register(organisations.register);
  await app.register(people.register);
  await app.register(placements.register);
  await app.register(allocation.register);
  await app.register(curriculum.register);
  await app.register(events.register);
  await app.register(progress.register);
  await app.register(portfolio.register);
  await app.register(projects.register);
  await app.register(handbook.register);
  await app.register(enquiries.register);
  return app;
}
