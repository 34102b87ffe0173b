import { ROLE_LABELS } from '../../platform/auth/roles.ts';
import type { FastifyInstance } from 'fastify';
import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import { faqRoutes } from './faq-routes.ts';
import { newsRoutes } from './news-routes.ts';
import { schoolRoutes } from './school-routes.ts';

export async function siteRoutes(app: FastifyInstance): Promise<void> {
  app.navigation.add({ text: 'Home', href: '/', roles: 'authenticated', order: 0 });
  app.navigation.add({
    text: 'Public pages',
    href: '/site/news',
    roles: PROGRAMME_TEAM,
    order: 80,
    description: 'News and questions and answers on your region’s public School of Generalism pages.',
  });

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
  schoolRoutes(app);
  newsRoutes(app);
  faqRoutes(app);

  app.get('/privacy', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('site/views/privacy.njk', { title: 'Privacy notice' }),
  );
}
