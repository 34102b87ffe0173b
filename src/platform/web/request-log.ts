import type { FastifyRequest } from 'fastify';

/**
 * What the logs say about a request. Never the URL as sent: paths and query strings carry credentials (password
 * reset and invitation links, private calendar feeds), and logs are read by more people, and kept longer, than the
 * database. A request that matched a route is logged by the route's pattern (`/auth/set-password/:token`); one that
 * matched none by its path with long segments hidden and without its query string.
 */
export function loggedUrl(request: Pick<FastifyRequest, 'url' | 'routeOptions'>): string {
  // Fastify's not-found route has no pattern of its own, or a wildcard one.
  const pattern = request.routeOptions.url;
  if (pattern !== undefined && pattern !== '*' && pattern !== '/*') return pattern;
  return redactedPath(request.url);
}

/** A path as it may be logged: no query string, and no segment long enough to be a token. */
export function redactedPath(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const segments = path.split('/').map((segment) => (segment.length > 16 ? ':hidden' : segment));
  return `${segments.join('/')}${query === undefined ? '' : '?:hidden'}`;
}

/** The request serializer for pino: what Fastify logs by default, with the URL made safe. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: loggedUrl(request),
    host: request.host,
    remoteAddress: request.ip,
  };
}
