/**
 * The pages of signing in and of a person's own account. Each use case registers its routes from its own file:
 * sign-in-routes.ts, two-factor-routes.ts, password-routes.ts and account-routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import { signInSteps, type AuthRouteOptions } from './sign-in-steps.ts';
import { signInRoutes } from './sign-in-routes.ts';
import { twoFactorRoutes } from './two-factor-routes.ts';
import { passwordRoutes } from './password-routes.ts';
import { accountRoutes } from './account-routes.ts';

export { DEMO_EMAIL_DOMAIN, RETURN_COOKIE, type AuthRouteOptions } from './sign-in-steps.ts';

export async function authRoutes(app: FastifyInstance, options: AuthRouteOptions): Promise<void> {
  const steps = signInSteps(app);
  signInRoutes(app, options, steps);
  twoFactorRoutes(app, options, steps);
  passwordRoutes(app, options);
  accountRoutes(app, options);
}
