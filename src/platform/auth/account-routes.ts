/** The account pages: your account, and changing your password. */
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit } from '../audit/audit.ts';
import { addError, emptyErrors, parseForm } from '../web/forms.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { requiresTotp } from './roles.ts';
import { users } from './schema.ts';
import { deleteUserSessions, recordFailedLogin } from './store.ts';
import { actorOf, type AuthRouteOptions } from './sign-in-steps.ts';

const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    password: z.string().min(1, 'Enter a new password'),
    confirmPassword: z.string().min(1, 'Enter your new password again'),
  })
  .refine((value) => value.password === value.confirmPassword, {
    message: 'The passwords do not match',
    path: ['confirmPassword'],
  });

export function accountRoutes(app: FastifyInstance, options: AuthRouteOptions): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/account', { config: { access: 'authenticated' } }, async (request, reply) => {
    const principal = request.principal;
    if (principal === null) return reply.redirect('/auth/sign-in');
    return reply.page('auth/views/account.njk', { title: 'Your account', totpRequired: requiresTotp(principal.roles) });
  });

  routes.get('/account/password', { config: { access: 'authenticated' } }, async (_request, reply) =>
    reply.page('auth/views/change-password.njk', { title: 'Change your password', values: {} }),
  );

  routes.post(
    '/account/password',
    { config: { access: 'authenticated', rateLimit: { max: options.signInRateLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const found = request.authSession;
      if (found === null || request.principal === null) return reply.redirect('/auth/sign-in');
      const form = parseForm(changePasswordSchema, request.body);
      const errors = form.ok ? emptyErrors() : form.errors;
      if (form.ok) {
        if (
          found.user.passwordHash === null ||
          !(await verifyPassword(found.user.passwordHash, form.data.currentPassword))
        ) {
          addError(errors, 'currentPassword', 'Your current password is not correct');
          await recordFailedLogin(app.db, found.user.id, request.now);
        } else {
          const problem = passwordProblem(form.data.password, [found.user.email, found.user.displayName]);
          if (problem !== null) addError(errors, 'password', problem);
        }
      }
      if (!form.ok || errors.list.length > 0) {
        return reply.page('auth/views/change-password.njk', { title: 'Change your password', errors, values: {} }, 400);
      }
      const at = request.now;
      const passwordHash = await hashPassword(form.data.password);
      await app.db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash, updatedAt: at }).where(eq(users.id, found.user.id));
        await deleteUserSessions(tx, found.user.id, found.session.id);
        await audit(
          tx,
          actorOf(request, found.user),
          { action: 'security', entityType: 'user', entityId: found.user.id, summary: 'Changed password' },
          at,
        );
      });
      reply.flash(
        'success',
        'Your password has been changed. Other devices signed in to your account have been signed out.',
      );
      return reply.redirect('/account');
    },
  );
}
