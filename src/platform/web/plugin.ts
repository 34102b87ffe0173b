import path from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { ForbiddenError, NotFoundError, RuleError } from '../errors.ts';
import { createViewEnvironment, featuresDir, nhsukAssets, platformViews } from './views.ts';
import { Navigation, TaskList } from './navigation.ts';
import { buildIslands, islandPrefix, type Islands } from './islands.ts';

export interface Flash {
  type: 'success' | 'information';
  text: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    navigation: Navigation;
    tasks: TaskList;
    /** The browser code, one script per island; pages name the islands they use (see layout.njk). */
    islands: Islands;
  }
  interface FastifyReply {
    /** What every page template receives: set by hooks, added to by handlers. */
    locals: Record<string, unknown>;
    flash(type: Flash['type'], text: string): void;
    /** Renders a page of the app's layout with the given status. */
    page(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
}

export interface WebOptions {
  cookieSecret: string;
  secureCookies: boolean;
  /** Requests per minute per client address across the whole site. */
  globalRateLimit: number;
  /**
   * Other origins a form may be sent to: the single sign-on provider, since the sign-in button's form is answered
   * with a redirect to it and browsers check form-action on redirects too.
   */
  formActionOrigins?: string[];
}

const FLASH_COOKIE = 'breadth_flash';
export const staticPrefix = '/assets/';

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

async function webPlugin(app: FastifyInstance, options: WebOptions): Promise<void> {
  const env = createViewEnvironment();
  app.decorate('navigation', new Navigation());
  app.decorate('tasks', new TaskList());
  // Fastify forbids a shared object as a decorator's default; each request gets its own in onRequest.
  app.decorateReply('locals', null as unknown as Record<string, unknown>);
  app.addHook('onRequest', async (_request, reply) => {
    reply.locals = {};
  });

  await app.register(cookie, { secret: options.cookieSecret, hook: 'onRequest' });
  await app.register(formbody, { bodyLimit: 1_048_576 });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 50 },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // The NHS design system's Frutiger web font is served only from the NHS assets host; Arial is the fallback.
        fontSrc: ["'self'", 'https://assets.nhs.uk'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'", ...(options.formActionOrigins ?? [])],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: options.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: options.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(csrf, {
    cookieKey: 'breadth_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies, signed: true },
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const fromBody = body?._csrf;
      if (typeof fromBody === 'string') return fromBody;
      // Never from the query string: a token in a URL ends up in logs, history and Referer headers.
      const header = request.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: options.globalRateLimit,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Too many requests. Wait ${context.after} and try again.`,
    }),
  });
  // Static files are public. They are declared here because @fastify/static takes no route config and its routes
  // are registered before the auth plugin's hook, which checks declarations, exists.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(staticPrefix) && route.config?.access === undefined) {
      route.config = { ...route.config, access: 'public' };
    }
  });
  await app.register(fastifyStatic, {
    root: nhsukAssets,
    prefix: `${staticPrefix}nhsuk/`,
    decorateReply: false,
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: path.join(platformViews, '..', 'public'),
    prefix: staticPrefix,
    decorateReply: false,
    maxAge: '1h',
    index: false,
    wildcard: false,
  });
  const islands = await buildIslands();
  app.decorate('islands', islands);
  env.addGlobal('islandScripts', (...lists: unknown[]) => islands.scripts(...lists));
  app.get<{ Params: { file: string } }>(
    `${islandPrefix}:file`,
    { config: { access: 'public' } },
    async (request, reply) => {
      const contents = islands.file(request.params.file);
      if (contents === undefined) throw new NotFoundError();
      // The name changes whenever the content does, so a browser never needs to ask again.
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(contents);
    },
  );

  app.decorateReply('flash', function flash(this: FastifyReply, type: Flash['type'], text: string) {
    this.setCookie(FLASH_COOKIE, JSON.stringify({ type, text }), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      signed: true,
      maxAge: 60,
    });
  });

  app.decorateReply(
    'page',
    function page(this: FastifyReply, template: string, context: Record<string, unknown> = {}, status = 200) {
      const html = env.render(template, { ...this.locals, ...context });
      return this.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    },
  );

  // The flash message set by the previous request is shown once.
  app.addHook('preHandler', async (request, reply) => {
    const raw = request.cookies[FLASH_COOKIE];
    if (raw === undefined) return;
    reply.clearCookie(FLASH_COOKIE, { path: '/' });
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid) return;
    try {
      const flash = JSON.parse(unsigned.value) as Flash;
      reply.locals = { ...reply.locals, flash };
    } catch {
      // A malformed flash cookie is ignored: it only carries a message.
    }
  });

  app.setNotFoundHandler({ preHandler: app.rateLimit() }, async (request, reply) => {
    if (wantsJson(request)) return reply.status(404).send({ error: 'Not found' });
    return reply.page('errors/not-found.njk', { title: 'Page not found' }, 404);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    let status = error.statusCode ?? 500;
    let template = 'errors/problem.njk';
    let title = 'Sorry, there is a problem with the service';
    let message: string | undefined;
    if (error instanceof NotFoundError || (error.validation !== undefined && error.validationContext === 'params')) {
      status = 404;
      template = 'errors/not-found.njk';
      title = 'Page not found';
    } else if (error instanceof ForbiddenError) {
      status = 403;
      template = 'errors/forbidden.njk';
      title = 'You do not have access to this page';
    } else if (error instanceof RuleError) {
      // A rule a route did not turn into a form error itself: say what it is rather than "a problem".
      status = 409;
      title = 'That change cannot be made';
      message = error.message;
    } else if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      status = 403;
      template = 'errors/form-expired.njk';
      title = 'Your form could not be sent';
    } else if (status === 429) {
      template = 'errors/too-many.njk';
      title = 'Too many attempts';
      message = error.message;
    } else if (error.validation !== undefined) {
      status = 400;
      title = 'Sorry, that request was not understood';
      message = 'Check the address or go back and try again.';
    } else if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      status = 413;
      title = 'The file is too large';
      message = 'Choose a file smaller than 5 MB.';
    } else if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    if (wantsJson(request)) return reply.status(status).send({ error: title, message });
    return reply.page(template, { title, message, requestId: request.id }, status);
  });
}

export default fp(webPlugin, { name: 'breadth-web' });
export { featuresDir };
