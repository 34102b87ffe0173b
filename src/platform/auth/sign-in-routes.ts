/** Signing in with a password, signing out, keeping a session alive, and the form kept when a session ended. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit } from '../audit/audit.ts';
import { addError, emptyErrors, parseForm } from '../web/forms.ts';
import { KEPT_FORM_COOKIE, safeReturnPath, SESSION_COOKIE, sessionCookieOptions } from './plugin.ts';
import { verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { requiresTotp } from './roles.ts';
import {
  createSession,
  deleteSession,
  discardKeptForm,
  findKeptForm,
  findUserByEmail,
  forceTouchSession,
  isLocked,
  recordSuccessfulLogin,
  SESSION_IDLE_SECONDS,
} from './store.ts';
import { actorOf, RETURN_COOKIE, type AuthRouteOptions, type SignInSteps } from './sign-in-steps.ts';

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .pipe(z.email('Enter an email address in the correct format, like name@example.nhs.uk')),
  password: z.string().min(1, 'Enter your password'),
});

export function signInRoutes(app: FastifyInstance, options: AuthRouteOptions, steps: SignInSteps): void {
  const { recordFailure, finishSignIn } = steps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = sessionCookieOptions(options.secureCookies);

  async function demoContext(): Promise<Record<string, unknown>> {
    if (!options.demo.enabled) return {};
    return { demoAccounts: await options.demo.accounts(), demoPassword: options.demo.password };
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
}
