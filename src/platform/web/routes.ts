import type { FastifyInstance } from 'fastify';

/** Health endpoints for load balancers and orchestrators. */
export async function platformRoutes(app: FastifyInstance): Promise<void> {
  // Liveness: the process is up and serving. Never touches the database, so a slow database does not get it killed.
  app.get('/healthz', { config: { access: 'public', rateLimit: false } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );

  // Readiness: the database answers. A load balancer stops sending traffic while this fails.
  app.get('/readyz', { config: { access: 'public', rateLimit: false } }, async (request, reply) => {
    try {
      await app.database.ping();
      return await reply.header('cache-control', 'no-store').send({ status: 'ready', database: app.database.kind });
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).header('cache-control', 'no-store').send({ status: 'unavailable' });
    }
  });
}
