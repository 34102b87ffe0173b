/**
 * The single sign-on journey's provider (scripts/oidc-test-provider.ts, started by playwright.config.ts beside the
 * app) and the app's settings that point at it.
 */

export const E2E_OIDC_CLIENT = { clientId: 'breadth-e2e', clientSecret: 'breadth-e2e-client-secret' };

export const E2E_OIDC_BUTTON = 'Sign in with NHSmail';

/** People at the provider: two with demo accounts in Breadth (matched by verified email), one without. */
export const E2E_OIDC_ACCOUNTS = [
  { id: 'nhsmail-jamie-lee', name: 'Dr Jamie Lee', email: 'learner@demo.breadth.example', emailVerified: true },
  { id: 'nhsmail-alex-morgan', name: 'Alex Morgan', email: 'platform.admin@demo.breadth.example', emailVerified: true },
  { id: 'nhsmail-newcomer', name: 'Nell Newcomer', email: 'nell.newcomer@nhs.net', emailVerified: true },
] as const;

/** The provider as one of Playwright's web servers. */
export function oidcProviderServer(oidcPort: number, appUrl: string) {
  return {
    command: 'node --import tsx scripts/oidc-test-provider.ts',
    url: `http://127.0.0.1:${String(oidcPort)}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    env: { E2E_OIDC_PORT: String(oidcPort), E2E_APP_URL: appUrl },
  };
}

/** The app's environment for single sign-on with that provider. */
export function oidcAppEnvironment(oidcPort: number): Record<string, string> {
  return {
    OIDC_ISSUER_URL: `http://127.0.0.1:${String(oidcPort)}`,
    OIDC_CLIENT_ID: E2E_OIDC_CLIENT.clientId,
    OIDC_CLIENT_SECRET: E2E_OIDC_CLIENT.clientSecret,
    OIDC_BUTTON_LABEL: E2E_OIDC_BUTTON,
  };
}
