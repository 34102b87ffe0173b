import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import type { Access } from '../platform/auth/roles.ts';
import type { Agent } from './app.ts';

/** One method of one registered route. */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
  params: string[];
}

/**
 * Runs `build` (which makes an app) and returns, with what it made, every route Fastify registered meanwhile,
 * seen through the channel Fastify publishes each new instance on, so that a walk covers routes added by any
 * feature without a list to keep up to date.
 */
export async function withRoutes<T>(build: () => Promise<T>): Promise<{ built: T; routes: RouteEntry[] }> {
  const registered: RouteOptions[] = [];
  const collect = (message: unknown): void => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route) => {
      registered.push(route);
    });
  };
  diagnostics.subscribe('fastify.initialization', collect);
  let built: T;
  try {
    built = await build();
  } finally {
    diagnostics.unsubscribe('fastify.initialization', collect);
  }
  const seen = new Set<string>();
  const routes: RouteEntry[] = [];
  for (const route of registered) {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      const key = `${method} ${route.url}`;
      if (seen.has(key) || route.url.startsWith('/assets/') || method === 'HEAD') continue;
      seen.add(key);
      const params = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '');
      routes.push({ method, url: route.url, access: route.config?.access, params });
    }
  }
  routes.sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`));
  return { built, routes };
}

/** Whether someone holding `roles` passes the route's access declaration. */
export function allows(access: Access | undefined, roles: readonly string[]): boolean {
  if (access === undefined) return false;
  if (access === 'public' || access === 'authenticated') return true;
  return access.some((role) => roles.includes(role));
}

const patterns = new Map<string, RegExp>();

function patternOf(url: string): RegExp {
  const known = patterns.get(url);
  if (known !== undefined) return known;
  const source = url
    .split(/(:[A-Za-z]+)/)
    .map((part) =>
      part.startsWith(':') ? `(?<${part.slice(1)}>[^/?#]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const pattern = new RegExp(`^${source}$`);
  patterns.set(url, pattern);
  return pattern;
}

/** The route values in a concrete path, if it is one of the route's. */
export function matchRoute(route: RouteEntry, path: string): Record<string, string> | undefined {
  const match = patternOf(route.url).exec(path);
  return match === null ? undefined : { ...match.groups };
}

/** The route's path with the given values (each encoded) in its parameters. */
export function fillRoute(route: RouteEntry, values: Record<string, string>): string {
  return route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

/** A form as a page offers it: where it posts and the values a person sending it unchanged would send. */
export interface PageForm {
  action: string;
  fields: [string, string][];
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : decode(match[1]);
}

/** The links and posted forms in a page, read with patterns: enough for the pages this app renders. */
export function readPage(html: string, base: string): { links: string[]; forms: PageForm[] } {
  const links = [...html.matchAll(/<a\s[^>]*href="(\/[^"]*)"/g)].map((match) => decode(match[1] ?? ''));
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const tag = match[1] ?? '';
    if ((attribute(tag, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const action = attribute(tag, 'action') ?? base;
    const body = match[2] ?? '';
    const fields: [string, string][] = [];
    const chosen = new Set<string>();
    for (const [, attrs = '', inner = ''] of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attribute(attrs, 'name');
      if (name === undefined) continue;
      const options = [...inner.matchAll(/<option\b([^>]*)>/g)].map((option) => option[1] ?? '');
      const selected =
        options.find((option) => /\sselected\b/.test(option)) ?? options.find((option) => attribute(option, 'value'));
      fields.push([name, attribute(selected ?? '', 'value') ?? '']);
    }
    for (const [, attrs = '', inner = ''] of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attribute(attrs, 'name');
      if (name !== undefined) fields.push([name, decode(inner.replace(/^\n/, ''))]);
    }
    for (const [, attrs = ''] of body.matchAll(/<input\b([^>]*)>/g)) {
      const name = attribute(attrs, 'name');
      const type = attribute(attrs, 'type') ?? 'text';
      if (name === undefined || name === '_csrf' || type === 'submit' || type === 'file') continue;
      if (type === 'checkbox' || type === 'radio') {
        // Take the checked ones, or else the first choice of a radio group, as a person would choose something.
        const checked = /\schecked\b/.test(attrs);
        if (!checked && (type === 'checkbox' || chosen.has(name))) continue;
        chosen.add(name);
      }
      fields.push([name, attribute(attrs, 'value') ?? '']);
    }
    forms.push({ action: decode(action), fields });
  }
  return { links, forms };
}

/**
 * The route a concrete path belongs to, as Fastify chooses it: a fixed path such as /posts/new before a pattern such
 * as /posts/:id, and the pattern with fewer parameters first (/drafts/:id/outcomes/new before /drafts/:id/outcomes/:code).
 */
export function routeFor(routes: RouteEntry[], path: string): RouteEntry | undefined {
  const fixed = routes.find((route) => route.params.length === 0 && route.url === path);
  if (fixed !== undefined) return fixed;
  let best: RouteEntry | undefined;
  for (const route of routes) {
    if (route.params.length === 0 || (best !== undefined && route.params.length >= best.params.length)) continue;
    if (matchRoute(route, path) !== undefined) best = route;
  }
  return best;
}

/** Told of each page the crawl fetched, whatever its answer, as it reads it (a test checking every page it reaches). */
export type PageVisitor = (url: string, response: LightMyRequestResponse) => void | Promise<void>;

/**
 * Visits every GET page the agent can reach from the pages without parameters, following links up to `depth`
 * steps and one concrete path per route, and gives one example path per route (GET or POST), the forms seen,
 * and for each path the query parameters its links give ids in. `visit`, if given, is told of every page fetched.
 */
export async function crawl(
  agent: Agent,
  routes: RouteEntry[],
  depth = 3,
  skipped: readonly string[] = [],
  visit?: PageVisitor,
): Promise<{ examples: Map<string, string>; forms: Map<string, PageForm>; queryIds: Map<string, Set<string>> }> {
  const examples = new Map<string, string>();
  const queryIds = new Map<string, Set<string>>();
  const forms = new Map<string, PageForm>();
  const gets = routes.filter((route) => route.method === 'GET');
  const posts = routes.filter((route) => route.method === 'POST');
  const key = (route: RouteEntry) => `${route.method} ${route.url}`;
  let frontier = gets
    .filter((route) => route.params.length === 0 && !skipped.includes(route.url))
    .map((route) => route.url);
  for (let step = 0; step <= depth && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const url of frontier) {
      const response = await agent.get(url);
      await visit?.(url, response);
      if (response.statusCode !== 200 || !String(response.headers['content-type']).includes('text/html')) continue;
      const page = readPage(response.body, url.split('?')[0] ?? url);
      for (const form of page.forms) {
        const path = form.action.split('?')[0] ?? form.action;
        const route = routeFor(posts, path);
        if (route === undefined || forms.has(key(route))) continue;
        forms.set(key(route), form);
        examples.set(key(route), path);
      }
      for (const link of page.links) {
        const path = link.split(/[?#]/)[0] ?? link;
        if (skipped.includes(path)) continue;
        const route = routeFor(gets, path);
        const query = new URLSearchParams(link.split('#')[0]?.split('?')[1] ?? '');
        for (const [name, value] of query) {
          if (route === undefined || !/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(value)) continue;
          const names = queryIds.get(path) ?? new Set<string>();
          queryIds.set(path, names.add(name));
        }
        if (route === undefined || route.params.length === 0 || examples.has(key(route))) continue;
        examples.set(key(route), path);
        next.push(link.split('#')[0] ?? link);
      }
    }
    frontier = next;
  }
  return { examples, forms, queryIds };
}
