import { ROLE_LABELS } from '../../platform/auth/roles.ts';
import type { FastifyInstance } from 'fastify';

export async function register(app: FastifyInstance): Promise<void> {
  app.navigation.add({ text: 'Home', href: '/', roles: 'authenticated', order: 0 });

  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    const principal = request.principal;
    if (principal === null) return reply.page('site/views/landing.njk', { title: 'Breadth' });
    const tasks = await app.tasks.for(principal, request.now);
    const areas = app.navigation.for(principal, '/').filter((item) => item.href !== '/');
    const roles = principal.roles.map((assignment) => ROLE_LABELS[assignment.role]);
    return reply.page('site/views/home.njk', {
      title: 'Home',
      tasks,
      areas,
      roleLabel: [...new Set(roles)].join(', '),
    });
  });

  app.get('/accessibility', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('site/views/accessibility.njk', { title: 'Accessibility statement' }),
  );
  app.get('/privacy', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('site/views/privacy.njk', { title: 'Privacy notice' }),
  );
}
