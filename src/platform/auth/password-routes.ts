/** Setting a password: asking for a reset link, and the link's page that creates or resets the password. */
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit } from '../audit/audit.ts';
import { addError, emptyErrors, parseForm } from '../web/forms.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { users } from './schema.ts';
import {
  deleteUserSessions,
  findUserByEmail,
  issueUserToken,
  lookUpUserToken,
  normaliseEmail,
  useUserToken,
} from './store.ts';
import { actorOf, type AuthRouteOptions } from './sign-in-steps.ts';

const forgotSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .pipe(z.email('Enter an email address in the correct format, like name@example.nhs.uk')),
});

const newPasswordSchema = z
  .object({
    password: z.string().min(1, 'Enter a new password'),
    confirmPassword: z.string().min(1, 'Enter your new password again'),
  })
  .refine((value) => value.password === value.confirmPassword, {
    message: 'The passwords do not match',
    path: ['confirmPassword'],
  });

export function passwordRoutes(app: FastifyInstance, options: AuthRouteOptions): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/auth/forgot-password', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('auth/views/forgot-password.njk', { title: 'Reset your password', values: {} }),
  );

  routes.post(
    '/auth/forgot-password',
    { config: { access: 'public', rateLimit: { max: options.signInRateLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const form = parseForm(forgotSchema, request.body);
      if (!form.ok) {
        return reply.page(
          'auth/views/forgot-password.njk',
          { title: 'Reset your password', errors: form.errors, values: form.values },
          400,
        );
      }
      const user = await findUserByEmail(app.db, form.data.email);
      if (user?.status === 'active') {
        const at = request.now;
        await app.db.transaction(async (tx) => {
          const token = await issueUserToken(tx, user.id, 'password_reset', at, null);
          await options.mailer.queue(
            tx,
            {
              to: user.email,
              subject: 'Reset your Breadth password',
              secrets: [token],
              text: [
                `Dear ${user.displayName},`,
                '',
                'Someone asked to reset the password for your Breadth account. If it was you, use this link within 2 hours:',
                '',
                `${options.publicUrl}/auth/set-password/${token}`,
                '',
                'If it was not you, you can ignore this email: your password has not changed.',
              ].join('\n'),
            },
            at,
          );
          await audit(
            tx,
            actorOf(request, user),
            { action: 'security', entityType: 'user', entityId: user.id, summary: 'Asked for a password reset link' },
            at,
          );
        });
        void options.mailer.deliverPending();
      }
      // The same answer whether or not the account exists, so the form cannot be used to find out who has one.
      return reply.page('auth/views/forgot-password-sent.njk', {
        title: 'Check your email',
        email: normaliseEmail(form.data.email),
      });
    },
  );

  const tokenParams = z.object({ token: z.string().min(20).max(100) });

  routes.get(
    '/auth/set-password/:token',
    { config: { access: 'public' }, schema: { params: tokenParams } },
    async (request, reply) => {
      const lookup = await lookUpUserToken(app.db, request.params.token, request.now);
      if (lookup.state !== 'valid')
        return reply.page(
          'auth/views/link-invalid.njk',
          { title: 'This link cannot be used', state: lookup.state },
          410,
        );
      return reply.page('auth/views/set-password.njk', {
        title: lookup.purpose === 'invitation' ? 'Create your password' : 'Choose a new password',
        purpose: lookup.purpose,
        user: lookup.user,
        values: {},
      });
    },
  );

  routes.post(
    '/auth/set-password/:token',
    {
      config: { access: 'public', rateLimit: { max: options.signInRateLimit, timeWindow: '1 minute' } },
      schema: { params: tokenParams },
    },
    async (request, reply) => {
      const at = request.now;
      const lookup = await lookUpUserToken(app.db, request.params.token, at);
      if (lookup.state !== 'valid')
        return reply.page(
          'auth/views/link-invalid.njk',
          { title: 'This link cannot be used', state: lookup.state },
          410,
        );
      const form = parseForm(newPasswordSchema, request.body);
      const errors = form.ok ? emptyErrors() : form.errors;
      if (form.ok) {
        const problem = passwordProblem(form.data.password, [lookup.user.email, lookup.user.displayName]);
        if (problem !== null) addError(errors, 'password', problem);
      }
      if (!form.ok || errors.list.length > 0) {
        return reply.page(
          'auth/views/set-password.njk',
          {
            title: lookup.purpose === 'invitation' ? 'Create your password' : 'Choose a new password',
            purpose: lookup.purpose,
            user: lookup.user,
            errors,
            values: {},
          },
          400,
        );
      }
      const passwordHash = await hashPassword(form.data.password);
      const done = await app.db.transaction(async (tx) => {
        if (!(await useUserToken(tx, lookup.tokenId, at))) return false;
        await tx
          .update(users)
          .set({ passwordHash, status: 'active', failedLoginCount: 0, lockedUntil: null, updatedAt: at })
          .where(eq(users.id, lookup.user.id));
        await deleteUserSessions(tx, lookup.user.id);
        await audit(
          tx,
          actorOf(request, lookup.user),
          {
            action: 'security',
            entityType: 'user',
            entityId: lookup.user.id,
            summary: lookup.purpose === 'invitation' ? 'Accepted invitation and created a password' : 'Reset password',
            before: { status: lookup.user.status },
            after: { status: 'active' },
          },
          at,
        );
        return true;
      });
      if (!done)
        return reply.page('auth/views/link-invalid.njk', { title: 'This link cannot be used', state: 'used' }, 410);
      reply.flash('success', 'Your password is set. Sign in with your email address and new password.');
      return reply.redirect('/auth/sign-in');
    },
  );
}
