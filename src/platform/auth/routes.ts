import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit } from '../audit/audit.ts';
import type { Mailer } from '../mail/mailer.ts';
import { addError, emptyErrors, parseForm } from '../web/forms.ts';
import { KEPT_FORM_COOKIE, safeReturnPath, SESSION_COOKIE, sessionCookieOptions, type RoleLoader } from './plugin.ts';
import { hashPassword, passwordProblem, verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { requiresTotp } from './roles.ts';
import { users } from './schema.ts';
import {
  createSession,
  deleteSession,
  deleteUserSessions,
  discardKeptForm,
  findKeptForm,
  findUserByEmail,
  forceTouchSession,
  issueUserToken,
  acceptTotpStep,
  isLocked,
  lookUpUserToken,
  normaliseEmail,
  recordFailedCode,
  recordFailedLogin,
  recordSuccessfulLogin,
  SESSION_IDLE_SECONDS,
  setSessionStage,
  useUserToken,
} from './store.ts';
import { matchTotp, setupTotpSecret, totpCodeAtStep, totpQrSvg, totpStep } from './totp.ts';

export interface AuthRouteOptions {
  loadRoles: RoleLoader;
  /** The server's secret: the two-factor set-up secret is derived from it and the session. */
  sessionSecret: string;
  mailer: Mailer;
  publicUrl: string;
  secureCookies: boolean;
  /** Outside production the sign-in page lists the demo accounts and shows their current two-factor code. */
  demo: { enabled: boolean; password: string; accounts: () => Promise<{ email: string; label: string }[]> };
  /** Sign-in attempts per address per minute. */
  signInRateLimit: number;
}

export const RETURN_COOKIE = 'breadth_return';
export const DEMO_EMAIL_DOMAIN = '@demo.breadth.example';

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .pipe(z.email('Enter an email address in the correct format, like name@example.nhs.uk')),
  password: z.string().min(1, 'Enter your password'),
});

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

const confirmPasswordSchema = z.object({ currentPassword: z.string().min(1, 'Enter your password') });

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

function actorOf(request: FastifyRequest, user: { id: string; displayName: string }) {
  return { userId: user.id, label: user.displayName, requestId: request.id };
}

export async function authRoutes(app: FastifyInstance, options: AuthRouteOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = sessionCookieOptions(options.secureCookies);

  async function demoContext(): Promise<Record<string, unknown>> {
    if (!options.demo.enabled) return {};
    return { demoAccounts: await options.demo.accounts(), demoPassword: options.demo.password };
  }

  /**
   * Counts a wrong password or code and audits it in one transaction, saying whether it locked the account. Returns
   * the lock, if this failure set one.
   */
  async function recordFailure(
    request: FastifyRequest,
    user: { id: string; displayName: string },
    factor: 'password' | 'code',
    what: string,
    at: Date,
  ): Promise<Date | null> {
    return app.db.transaction(async (tx) => {
      const locked = await (factor === 'password' ? recordFailedLogin : recordFailedCode)(tx, user.id, at);
      await audit(
        tx,
        actorOf(request, user),
        {
          action: 'security',
          entityType: 'user',
          entityId: user.id,
          summary: `${what}${locked === null ? '' : '; account locked'}`,
        },
        at,
      );
      return locked;
    });
  }

  /** After the last step of sign-in: back to a kept form, the page that asked, or home. */
  function finishSignIn(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const kept = request.cookies[KEPT_FORM_COOKIE];
    const returnTo = safeReturnPath(request.cookies[RETURN_COOKIE]) ?? '/';
    reply.clearCookie(RETURN_COOKIE, { path: '/' });
    if (kept !== undefined) return reply.redirect('/auth/kept-form');
    return reply.redirect(returnTo);
  }

  routes.get(
    '/auth/sign-in',
    {
      config: { access: 'public' },
      schema: { querystring: z.object({ returnTo: z.string().optional(), expired: z.string().optional() }) },
    },
    async (request, reply) => {
      if (request.principal !== null) return reply.redirect('/');
      const returnTo = safeReturnPath(request.query.returnTo);
      if (returnTo !== undefined) reply.setCookie(RETURN_COOKIE, returnTo, { ...cookieOptions, maxAge: 3600 });
      return reply.page('auth/views/sign-in.njk', {
        title: 'Sign in',
        values: {},
        expired: request.query.expired !== undefined || request.cookies[KEPT_FORM_COOKIE] !== undefined,
        ...(await demoContext()),
      });
    },
  );

  routes.post(
    '/auth/sign-in',
    { config: { access: 'public', rateLimit: { max: options.signInRateLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const form = parseForm(signInSchema, request.body);
      const render = async (errors: ReturnType<typeof emptyErrors>, values: Record<string, unknown>) =>
        reply.page(
          'auth/views/sign-in.njk',
          { title: 'Sign in', errors, values: { email: values.email }, ...(await demoContext()) },
          400,
        );
      if (!form.ok) return render(form.errors, form.values);
      const at = request.now;
      const user = await findUserByEmail(app.db, form.data.email);
      const generic =
        'Enter a correct email address and password. After 5 wrong attempts the account is locked for 15 minutes';
      if (user?.passwordHash === undefined || user.passwordHash === null || user.status !== 'active') {
        await verifyAgainstDecoy(form.data.password);
        return render(addError(emptyErrors(), 'email', generic), { email: form.data.email });
      }
      if (isLocked(user, at)) {
        return render(
          addError(
            emptyErrors(),
            'email',
            'This account is locked after too many wrong passwords. Try again in 15 minutes, or reset your password',
          ),
          { email: form.data.email },
        );
      }
      if (!(await verifyPassword(user.passwordHash, form.data.password))) {
        await recordFailure(request, user, 'password', 'Wrong password at sign-in', at);
        return render(addError(emptyErrors(), 'email', generic), { email: form.data.email });
      }
      const roles = await options.loadRoles(app.db, user.id);
      const stage = user.totpEnabledAt !== null ? 'totp' : requiresTotp(roles) ? 'totp_setup' : 'active';
      const previous = request.cookies[SESSION_COOKIE];
      const token = await app.db.transaction(async (tx) => {
        if (previous !== undefined) await deleteSession(tx, previous);
        // A right password completes sign-in only when no second factor is due; until then no count starts again.
        if (stage === 'active') {
          await recordSuccessfulLogin(tx, user.id, at);
          await audit(
            tx,
            actorOf(request, user),
            { action: 'sign-in', entityType: 'user', entityId: user.id, summary: 'Signed in' },
            at,
          );
        }
        return createSession(tx, user.id, stage, at, request.headers['user-agent']);
      });
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      if (stage === 'totp') return reply.redirect('/auth/two-factor');
      if (stage === 'totp_setup') return reply.redirect('/auth/two-factor/setup');
      return finishSignIn(request, reply);
    },
  );

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

  routes.post('/auth/sign-out', { config: { access: 'public' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    const found = request.authSession;
    if (token !== undefined) {
      await app.db.transaction(async (tx) => {
        await deleteSession(tx, token);
        if (found !== null) {
          await audit(
            tx,
            actorOf(request, found.user),
            { action: 'sign-out', entityType: 'user', entityId: found.user.id, summary: 'Signed out' },
            request.now,
          );
        }
      });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.flash('success', 'You have signed out.');
    return reply.redirect('/auth/sign-in');
  });

  routes.get('/auth/sign-out-page', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('auth/views/sign-out.njk', { title: 'Sign out' }),
  );

  routes.post('/auth/keep-alive', { config: { access: 'authenticated' } }, async (request, reply) => {
    if (request.authSession !== null) await forceTouchSession(app.db, request.authSession.session, request.now);
    return reply.send({ ok: true, idleSeconds: SESSION_IDLE_SECONDS });
  });

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

  routes.get('/auth/kept-form', { config: { access: 'authenticated' } }, async (request, reply) => {
    const token = request.cookies[KEPT_FORM_COOKIE];
    const found = token === undefined ? undefined : await findKeptForm(app.db, token, request.now);
    // Someone else's kept form (a shared computer) is neither shown nor kept.
    if (found !== undefined && token !== undefined && found.userId !== request.principal?.userId) {
      await discardKeptForm(app.db, token);
    }
    const kept = found?.userId === request.principal?.userId ? found : undefined;
    if (kept === undefined) {
      reply.clearCookie(KEPT_FORM_COOKIE, { path: '/' });
      return reply.redirect('/');
    }
    const fields = Object.entries(kept.fields).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((item) => ({ name, value: item })),
    );
    return reply.page('auth/views/kept-form.njk', { title: 'Send the form you were filling in', kept, fields });
  });

  routes.post('/auth/kept-form/discard', { config: { access: 'authenticated' } }, async (request, reply) => {
    const token = request.cookies[KEPT_FORM_COOKIE];
    if (token !== undefined) await discardKeptForm(app.db, token);
    reply.clearCookie(KEPT_FORM_COOKIE, { path: '/' });
    reply.flash('information', 'The kept form was discarded.');
    return reply.redirect('/');
  });

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
