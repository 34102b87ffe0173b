import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider) for tests and journeys: one confidential client that must use PKCE,
 * a few accounts, and a plain sign-in page of its own where the "person" picks an account and whether they used
 * multi-factor authentication. Scripts drive that page by posting to it; the journeys click it in Chromium.
 */

export interface TestOidcAccount {
  /** The subject (`sub`) the provider gives this person. */
  id: string;
  name: string;
  email?: string;
  /** Left out: the provider sends no email_verified claim (as Entra ID does not). */
  emailVerified?: boolean;
}

export interface TestOidcProviderOptions {
  /** 0 (the default) for any free port. */
  port?: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accounts: TestOidcAccount[];
}

export interface TestOidcProvider {
  issuer: string;
  accounts: TestOidcAccount[];
  close(): Promise<void>;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);
}

async function readForm(request: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function signInPage(uid: string, clientId: string, accounts: TestOidcAccount[]): string {
  const rows = accounts
    .map(
      (account) => `<li>
        <form method="post" action="/interaction/${uid}">
          <input type="hidden" name="account" value="${escapeHtml(account.id)}">
          <button name="amr" value="pwd">Sign in as ${escapeHtml(account.name)}</button>
          <button name="amr" value="pwd,mfa">Sign in as ${escapeHtml(account.name)} with multi-factor authentication</button>
        </form>
      </li>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main>
  <h1>Test identity provider</h1>
  <p>Signing in to ${escapeHtml(clientId)}. Choose who you are.</p>
  <ul>${rows}</ul>
  <form method="post" action="/interaction/${uid}"><button name="cancel" value="yes">Cancel</button></form>
</main></body></html>`;
}

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const accounts = new Map(options.accounts.map((account) => [account.id, account]));
  let handle: http.RequestListener = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server = http.createServer((request, response) => {
    handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig' }] },
    cookies: { keys: ['breadth-test-provider-cookie-key'] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    // amr with the openid scope: in every ID token, as Entra ID sends it.
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (account === undefined) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          name: account.name,
          ...(account.email === undefined ? {} : { email: account.email }),
          ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
        }),
      };
    },
    // The only client is Breadth, a first-party application: consent to the scopes it asks for is implied.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const accountId = ctx.oidc.session?.accountId;
      if (client === undefined || accountId === undefined) return undefined;
      const grantId = ctx.oidc.session?.grantIdFor(client.clientId);
      if (grantId !== undefined) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing !== undefined) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  async function interaction(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    if (request.method === 'GET') {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(signInPage(details.uid, options.clientId, [...accounts.values()]));
      return;
    }
    const form = await readForm(request);
    if (form.get('cancel') !== null) {
      await provider.interactionFinished(
        request,
        response,
        { error: 'access_denied', error_description: 'The person cancelled' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const accountId = form.get('account') ?? '';
    if (!accounts.has(accountId)) {
      response.statusCode = 400;
      response.end('Unknown account');
      return;
    }
    const amr = (form.get('amr') ?? 'pwd').split(',').filter((value) => value !== '');
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId, amr, remember: false } },
      { mergeWithLastSubmission: false },
    );
  }

  handle = (request, response) => {
    if (request.url?.startsWith('/interaction/') === true) {
      interaction(request, response).catch((error: unknown) => {
        response.statusCode = 400;
        response.end(error instanceof Error ? error.message : 'Interaction failed');
      });
      return;
    }
    void callback(request, response);
  };

  return {
    issuer,
    accounts: options.accounts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
