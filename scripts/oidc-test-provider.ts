/**
 * A test OpenID Connect provider for the single sign-on journey (test/e2e/single-sign-on.spec.ts), run by
 * playwright.config.ts beside the app. Never for real use: it signs in whoever is chosen on its page.
 *
 * E2E_OIDC_PORT: the port to listen on (127.0.0.1). E2E_APP_URL: the app's address, for the redirect URI.
 */
import { startTestOidcProvider } from '../src/testing/oidc-provider.ts';
import { E2E_OIDC_ACCOUNTS, E2E_OIDC_CLIENT } from '../test/e2e/support/oidc.ts';

const port = Number(process.env.E2E_OIDC_PORT);
const appUrl = process.env.E2E_APP_URL;
if (!Number.isInteger(port) || port <= 0 || appUrl === undefined) {
  process.stderr.write('Set E2E_OIDC_PORT and E2E_APP_URL\n');
  process.exit(1);
}

const provider = await startTestOidcProvider({
  port,
  ...E2E_OIDC_CLIENT,
  redirectUris: [`${appUrl}/auth/oidc/callback`],
  accounts: [...E2E_OIDC_ACCOUNTS],
});
process.stdout.write(`Test identity provider at ${provider.issuer}\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void provider.close().then(() => process.exit(0));
  });
}
