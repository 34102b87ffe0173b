/** Two-factor authentication: the code at sign-in, setting it up, and turning it off. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit } from '../audit/audit.ts';
import { addError, emptyErrors, parseForm } from '../web/forms.ts';
import { SESSION_COOKIE } from './plugin.ts';
import { verifyPassword } from './passwords.ts';
import { requiresTotp } from './roles.ts';
import { users } from './schema.ts';
import { acceptTotpStep, deleteSession, isLocked, recordSuccessfulLogin, setSessionStage } from './store.ts';
import { matchTotp, setupTotpSecret, totpCodeAtStep, totpQrSvg, totpStep } from './totp.ts';
import { actorOf, DEMO_EMAIL_DOMAIN, type AuthRouteOptions, type SignInSteps } from './sign-in-steps.ts';

const codeSchema = z.object({
  code: z
    .string()
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the 6-digit code from your authenticator app')
        .regex(/^\d{6}$/, 'The code must be 6 digits'),
    ),
});

const confirmPasswordSchema = z.object({ currentPassword: z.string().min(1, 'Enter your password') });

export function twoFactorRoutes(app: FastifyInstance, options: AuthRouteOptions, steps: SignInSteps): void {
  const { recordFailure, finishSignIn } = steps;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  /** Ends a sign-in that is waiting for its second factor, because the account is locked. */
  async function lockedOut(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    await deleteSession(app.db, request.cookies[SESSION_COOKIE] ?? '');
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.flash(
      'information',
      'Your account is locked for 15 minutes after too many wrong passwords or security codes. Try again later, or reset your password.',
    );
    return reply.redirect('/auth/sign-in');
  }

  routes.get('/auth/two-factor', { config: { access: 'public' } }, async (request, reply) => {
    const found = request.authSession;
    if (found?.session.stage !== 'totp') return reply.redirect('/auth/sign-in');
    if (isLocked(found.user, request.now)) return lockedOut(request, reply);
    return reply.page('auth/views/two-factor.njk', {
      title: 'Enter your security code',
      values: {},
      ...demoCode(found.user, request.now),
    });
  });

  /**
   * Outside production, the demo accounts' page shows a code that will work: the current one, or the next one when
   * the current one has been used (two demo sign-ins within 30 seconds).
   */
  function demoCode(user: { email: string; totpSecret: string | null; totpLastStep: number | null }, now: Date) {
    if (!options.demo.enabled || !user.email.endsWith(DEMO_EMAIL_DOMAIN) || user.totpSecret === null) return {};
    const step = Math.max(totpStep(now), (user.totpLastStep ?? 0) + 1);
    return { demoCode: totpCodeAtStep(user.totpSecret, step) };
  }

  routes.post(
    '/auth/two-factor',
    { config: { access: 'public', rateLimit: { max: options.signInRateLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const found = request.authSession;
      const secret = found?.user.totpSecret;
      if (found?.session.stage !== 'totp' || secret == null) return reply.redirect('/auth/sign-in');
      const at = request.now;
      if (isLocked(found.user, at)) return lockedOut(request, reply);
      const form = parseForm(codeSchema, request.body);
      const render = (errors: ReturnType<typeof emptyErrors>) =>
        reply.page(
          'auth/views/two-factor.njk',
          { title: 'Enter your security code', errors, values: {}, ...demoCode(found.user, request.now) },
          400,
        );
      if (!form.ok) return render(form.errors);
      const step = matchTotp(secret, form.data.code, at);
      // The step is accepted, the failures forgotten and the session made active together, or not at all.
      const signedIn = await app.db.transaction(async (tx) => {
        if (step === null || !(await acceptTotpStep(tx, found.user.id, step, at))) return false;
        await setSessionStage(tx, found.session.id, 'active');
        await recordSuccessfulLogin(tx, found.user.id, at);
        await audit(
          tx,
          actorOf(request, found.user),
          {
            action: 'sign-in',
            entityType: 'user',
            entityId: found.user.id,
            summary: 'Signed in with two-factor authentication',
          },
          at,
        );
        return true;
      });
      if (signedIn) return finishSignIn(request, reply);
      // A right code that was used before (or an earlier one) counts as a wrong one: it may have been overheard.
      const reused = step !== null;
      const locked = await recordFailure(
        request,
        found.user,
        'code',
        `${reused ? 'A security code already used was sent again' : 'Wrong security code'} at sign-in`,
        at,
      );
      if (locked !== null || isLocked(found.user, at)) return lockedOut(request, reply);
      return render(
        addError(
          emptyErrors(),
          'code',
          reused
            ? 'This code has already been used. Wait for the next code in your authenticator app and enter that'
            : 'The security code is not correct. Check your authenticator app and enter the current code',
        ),
      );
    },
  );

  /** Set-up is open to a session waiting for it (required) and to a signed-in person turning it on. */
  function setupUser(request: FastifyRequest) {
    const found = request.authSession;
    if (found === null) return null;
    if (found.session.stage === 'totp_setup' || (found.session.stage === 'active' && found.user.totpEnabledAt === null))
      return found;
    return null;
  }

  routes.get('/auth/two-factor/setup', { config: { access: 'public' } }, async (request, reply) => {
    const found = setupUser(request);
    if (found === null) return reply.redirect(request.principal === null ? '/auth/sign-in' : '/account');
    const secret = setupTotpSecret(options.sessionSecret, found.session.id);
    return reply.page('auth/views/two-factor-setup.njk', {
      title: 'Set up two-factor authentication',
      required: found.session.stage === 'totp_setup',
      qrSvg: await totpQrSvg(secret, found.user.email),
      secret,
      values: {},
    });
  });

  routes.post(
    '/auth/two-factor/setup',
    { config: { access: 'public', rateLimit: { max: options.signInRateLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const found = setupUser(request);
      if (found === null) return reply.redirect('/auth/sign-in');
      const secret = setupTotpSecret(options.sessionSecret, found.session.id);
      const form = parseForm(codeSchema, request.body);
      const at = request.now;
      let errors = form.ok ? null : form.errors;
      const step = form.ok ? matchTotp(secret, form.data.code, at) : null;
      if (form.ok && step === null) {
        errors = addError(
          emptyErrors(),
          'code',
          'The security code is not correct. Check the app shows Breadth and enter the current code',
        );
      }
      if (errors !== null || step === null) {
        return reply.page(
          'auth/views/two-factor-setup.njk',
          {
            title: 'Set up two-factor authentication',
            required: found.session.stage === 'totp_setup',
            qrSvg: await totpQrSvg(secret, found.user.email),
            secret,
            errors: errors ?? emptyErrors(),
            values: {},
          },
          400,
        );
      }
      const wasRequired = found.session.stage === 'totp_setup';
      await app.db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ totpSecret: secret, totpEnabledAt: at, totpLastStep: step, updatedAt: at })
          .where(eq(users.id, found.user.id));
        await setSessionStage(tx, found.session.id, 'active');
        // For someone whose role requires two-factor, this completes their sign-in.
        if (wasRequired) await recordSuccessfulLogin(tx, found.user.id, at);
        await audit(
          tx,
          actorOf(request, found.user),
          {
            action: 'security',
            entityType: 'user',
            entityId: found.user.id,
            summary: 'Turned on two-factor authentication',
            after: { twoFactor: true },
          },
          at,
        );
      });
      reply.flash(
        'success',
        'Two-factor authentication is on. You will enter a code from your app each time you sign in.',
      );
      return wasRequired ? finishSignIn(request, reply) : reply.redirect('/account');
    },
  );

  /** Turning two-factor off asks for the password again: a session left open on a shared computer is not enough. */
  function twoFactorOffPage(reply: FastifyReply, errors?: ReturnType<typeof emptyErrors>) {
    return reply.page(
      'auth/views/two-factor-off.njk',
      { title: 'Turn off two-factor authentication', errors, values: {} },
      errors === undefined ? 200 : 400,
    );
  }

  routes.get('/account/two-factor/off', { config: { access: 'authenticated' } }, async (request, reply) => {
    const principal = request.principal;
    if (principal === null || !principal.totpEnabled || requiresTotp(principal.roles))
      return reply.redirect('/account');
    return twoFactorOffPage(reply);
  });

  routes.post(
    '/account/two-factor/off',
    { config: { access: 'authenticated', rateLimit: { max: options.signInRateLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const principal = request.principal;
      const found = request.authSession;
      if (principal === null || found === null) return reply.redirect('/auth/sign-in');
      if (requiresTotp(principal.roles)) {
        reply.flash('information', 'Your role needs two-factor authentication, so it cannot be turned off.');
        return reply.redirect('/account');
      }
      const form = parseForm(confirmPasswordSchema, request.body);
      if (!form.ok) return twoFactorOffPage(reply, form.errors);
      const at = request.now;
      if (
        found.user.passwordHash === null ||
        !(await verifyPassword(found.user.passwordHash, form.data.currentPassword))
      ) {
        await recordFailure(
          request,
          found.user,
          'password',
          'Wrong password when turning off two-factor authentication',
          at,
        );
        return twoFactorOffPage(reply, addError(emptyErrors(), 'currentPassword', 'Your password is not correct'));
      }
      await app.db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ totpEnabledAt: null, totpSecret: null, updatedAt: at })
          .where(eq(users.id, principal.userId));
        await audit(
          tx,
          actorOf(request, found.user),
          {
            action: 'security',
            entityType: 'user',
            entityId: principal.userId,
            summary: 'Turned off two-factor authentication',
            after: { twoFactor: false },
          },
          at,
        );
      });
      reply.flash('success', 'Two-factor authentication is off.');
      return reply.redirect('/account');
    },
  );
}
