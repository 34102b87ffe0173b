import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { exportPersonalData } from '../../features/people/index.ts';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.ts';
import { auditEvents } from '../audit/schema.ts';
import { assertsMultiFactor } from './oidc.ts';
import { oidcIdentities, oidcRequests, sessions, users, userTokens } from './schema.ts';
import { issueUserToken } from './store.ts';
import { newTotpSecret } from './totp.ts';

const PUBLIC_URL = 'http://127.0.0.1:3999';
const CLIENT = { clientId: 'breadth-test', clientSecret: 'breadth-test-client-secret' };

function oidcEnvironment(issuer: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
    PUBLIC_URL,
    OIDC_ISSUER_URL: issuer,
    OIDC_CLIENT_ID: CLIENT.clientId,
    OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_BUTTON_LABEL: 'Sign in with NHSmail',
    ...extra,
  };
}

interface Choice {
  account: string;
  amr?: string;
}

/**
 * A person's browser: the app through inject() (an Agent keeps its cookies) and the provider over real HTTP with its
 * own cookies. The app itself talks to the provider over HTTP (discovery, token, keys, userinfo).
 */
class Browser {
  readonly agent: Agent;
  private readonly providerCookies = new Map<string, string>();

  constructor(app: TestApp['app']) {
    this.agent = new Agent(app);
  }

  /** Presses the sign-in page's single sign-on button; returns the provider address it is sent to. */
  async startSignIn(signInPage = '/auth/sign-in'): Promise<string> {
    await this.agent.get(signInPage);
    const response = await this.agent.post('/auth/oidc/start');
    expect(response.statusCode).toBe(303);
    return response.headers.location as string;
  }

  /** Signs in at the provider (or cancels); returns the app's callback path with its query. */
  async atProvider(url: string, choice: Choice | 'cancel'): Promise<string> {
    let next: { url: string; method: 'GET' | 'POST'; body?: string } = { url, method: 'GET' };
    for (let hops = 0; hops < 10; hops++) {
      const response = await fetch(next.url, {
        method: next.method,
        redirect: 'manual',
        headers: {
          cookie: [...this.providerCookies].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(next.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        body: next.body,
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';');
        const name = pair.slice(0, pair.indexOf('='));
        const value = pair.slice(pair.indexOf('=') + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.providerCookies.delete(name);
        else this.providerCookies.set(name, value);
      }
      const location = response.headers.get('location');
      if (location !== null) {
        const target = new URL(location, next.url);
        if (target.href.startsWith(PUBLIC_URL)) return target.pathname + target.search;
        next = { url: target.href, method: 'GET' };
        continue;
      }
      const page = await response.text();
      expect(response.status, page).toBe(200);
      expect(page).toContain('Test identity provider');
      const form: Record<string, string> =
        choice === 'cancel' ? { cancel: 'yes' } : { account: choice.account, amr: choice.amr ?? 'pwd' };
      next = { url: next.url, method: 'POST', body: new URLSearchParams(form).toString() };
    }
    throw new Error('Too many redirects at the provider');
  }

  async signIn(choice: Choice, signInPage?: string): Promise<LightMyRequestResponse> {
    const callback = await this.atProvider(await this.startSignIn(signInPage), choice);
    return this.agent.get(callback);
  }
}

describe('single sign-on configuration', () => {
  it('is off unless configured', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it('reads the provider, with the default button label and emails unverified unless the provider says', () => {
    const config = loadConfig({
      OIDC_ISSUER_URL: 'https://login.microsoftonline.com/tenant/v2.0',
      OIDC_CLIENT_ID: 'id',
      OIDC_CLIENT_SECRET: 'secret',
    });
    expect(config.oidc).toEqual({
      issuerUrl: 'https://login.microsoftonline.com/tenant/v2.0',
      clientId: 'id',
      clientSecret: 'secret',
      buttonLabel: "Sign in with your organisation's account",
      emailsVerified: false,
    });
  });

  it.each([
    [{ OIDC_ISSUER_URL: 'https://id.example' }, 'OIDC_CLIENT_ID'],
    [{ OIDC_ISSUER_URL: 'https://id.example', OIDC_CLIENT_ID: 'id' }, 'OIDC_CLIENT_SECRET'],
    [{ OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret' }, 'OIDC_ISSUER_URL'],
    [{ OIDC_BUTTON_LABEL: 'Sign in with NHSmail' }, 'OIDC_ISSUER_URL'],
    [{ OIDC_ISSUER_URL: 'not a url', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret' }, 'OIDC_ISSUER_URL'],
    [{ OIDC_EMAILS_VERIFIED: 'sometimes' }, 'OIDC_EMAILS_VERIFIED'],
    [
      {
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        PUBLIC_URL: 'https://breadth.example.nhs.uk',
        OIDC_ISSUER_URL: 'http://id.example',
        OIDC_CLIENT_ID: 'id',
        OIDC_CLIENT_SECRET: 'secret',
      },
      'OIDC_ISSUER_URL must be an https',
    ],
    [
      {
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        OIDC_ISSUER_URL: 'https://id.example',
        OIDC_CLIENT_ID: 'id',
        OIDC_CLIENT_SECRET: 'secret',
      },
      'PUBLIC_URL is required for single sign-on',
    ],
  ])('refuses %o, naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('multi-factor authentication asserted by the provider (amr)', () => {
  it.each([
    [['pwd', 'mfa'], true],
    [['mfa'], true],
    [['ngcmfa'], true],
    [['hwk'], true],
    [['fido'], true],
    [['pwd', 'otp'], true],
    [['MFA'], true],
    [['pwd'], false],
    [['sms'], false],
    [['wia'], false],
    [[], false],
    [undefined, false],
    ['mfa', false],
  ])('%o → %s', (amr, expected) => {
    expect(assertsMultiFactor(amr)).toBe(expected);
  });
});

describe('single sign-on', () => {
  let provider: TestOidcProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startTestOidcProvider({
      ...CLIENT,
      redirectUris: [`${PUBLIC_URL}/auth/oidc/callback`],
      accounts: [
        { id: 'sub-learner', name: 'Lara Learner', email: 'lara.learner@nhs.net', emailVerified: true },
        { id: 'sub-stranger', name: 'Sid Stranger', email: 'sid.stranger@nhs.net', emailVerified: true },
        { id: 'sub-disabled', name: 'Dee Disabled', email: 'dee.disabled@nhs.net', emailVerified: true },
        { id: 'sub-admin', name: 'Ada Admin', email: 'ada.admin@nhs.net', emailVerified: true },
        { id: 'sub-director', name: 'Dan Director', email: 'dan.director@nhs.net', emailVerified: true },
        { id: 'sub-invited', name: 'Ian Invited', email: 'ian.invited@nhs.net', emailVerified: true },
        { id: 'sub-unverified', name: 'Una Unverified', email: 'una@nhs.net', emailVerified: false },
        { id: 'sub-silent', name: 'Sam Silent', email: 'sam.silent@nhs.net' },
        { id: 'sub-linker', name: 'Lin Linker', email: 'lin.personal@nhs.net', emailVerified: true },
        { id: 'sub-taken', name: 'Tia Taken', email: 'tia.taken@nhs.net', emailVerified: true },
      ],
    });
    t = await createTestApp({ config: loadConfig(oidcEnvironment(provider.issuer)), signInRateLimit: 1000 });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  async function auditSummaries(userId: string): Promise<string[]> {
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, userId));
    return rows.map((row) => `${row.action}: ${row.summary}`);
  }

  it('shows the button with its label on the sign-in page, and lets forms reach the provider', async () => {
    const page = await new Agent(t.app).get('/auth/sign-in');
    expect(page.body).toContain('Sign in with NHSmail');
    expect(page.body).toContain('action="/auth/oidc/start"');
    expect(page.headers['content-security-policy']).toContain(`form-action 'self' ${provider.issuer}`);
  });

  it('signs in by verified email the first time, links the account, then signs in by subject only', async () => {
    const learner = await createUser(t.db, {
      role: 'learner',
      regionId: t.regionIds['east-of-england'] ?? null,
      email: 'lara.learner@nhs.net',
      displayName: 'Lara Learner',
    });
    const browser = new Browser(t.app);
    const first = await browser.signIn({ account: 'sub-learner' }, '/auth/sign-in?returnTo=%2Faccount');
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe('/account');
    const account = await browser.agent.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Lara Learner');
    expect(account.body).toContain('Organisation account');
    expect(account.body).toContain(new URL(provider.issuer).host);
    expect(account.body).toContain('/account/organisation-account/unlink');
    // No password: the account page says so rather than offering to change one.
    expect(account.body).toContain('Not set: you sign in with your organisation account');

    const [link] = await t.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, learner.id));
    expect(link).toMatchObject({ subject: 'sub-learner', email: 'lara.learner@nhs.net' });
    expect(link?.issuer).toBe(new URL(provider.issuer).href);
    expect(await auditSummaries(learner.id)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^security: Linked an organisation account \(127\.0\.0\.1:\d+\) by its verified email/),
        expect.stringMatching(/^sign-in: Signed in with single sign-on \(127\.0\.0\.1:\d+\)$/),
      ]),
    );

    // Afterwards the subject alone finds the account, even when the Breadth address has changed.
    await t.db.update(users).set({ email: 'lara.new.address@example.nhs.uk' }).where(eq(users.id, learner.id));
    const second = await new Browser(t.app).signIn({ account: 'sub-learner' });
    expect(second.statusCode).toBe(302);
    expect(second.headers.location).toBe('/');
    const [used] = await t.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, learner.id));
    expect(used?.lastUsedAt).not.toBeNull();
  });

  it('refuses a wrong state with a clear page and no session', async () => {
    await createUser(t.db, { role: 'learner', email: 'sid.stranger.state@nhs.net' });
    const browser = new Browser(t.app);
    const callback = await browser.atProvider(await browser.startSignIn(), { account: 'sub-learner' });
    const url = new URL(callback, PUBLIC_URL);
    url.searchParams.set('state', 'not-the-state-we-sent');
    const response = await browser.agent.get(url.pathname + url.search);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Your sign-in could not be checked');
    expect(response.headers['set-cookie']?.toString()).not.toContain('breadth_session=');
    expect((await browser.agent.get('/account')).statusCode).toBe(302);
  });

  it('refuses a replayed callback, and a used code sent again with a fresh sign-in, without an error', async () => {
    const browser = new Browser(t.app);
    const callback = await browser.atProvider(await browser.startSignIn(), { account: 'sub-learner' });
    const oidcCookie = browser.agent.cookieHeader();
    expect((await browser.agent.get(callback)).statusCode).toBe(302);

    // The same answer again, with the cookie copied from before: the sign-in it belonged to is spent.
    const replay = await t.app.inject({ method: 'GET', url: callback, headers: { cookie: oidcCookie } });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('This sign-in has expired');

    // The used code with a new sign-in's state: the provider refuses to exchange it a second time.
    const attacker = new Browser(t.app);
    const fresh = await attacker.atProvider(await attacker.startSignIn(), { account: 'sub-stranger' });
    const used = new URL(callback, PUBLIC_URL);
    const forged = new URL(fresh, PUBLIC_URL);
    forged.searchParams.set('code', used.searchParams.get('code') ?? '');
    const response = await attacker.agent.get(forged.pathname + forged.search);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('This sign-in has already been used or has expired');
    expect((await attacker.agent.get('/account')).statusCode).toBe(302);
  });

  it('says there is no Breadth account for an unknown email, and creates none', async () => {
    const before = await t.db.select().from(users);
    const response = await new Browser(t.app).signIn({ account: 'sub-stranger' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('There is no Breadth account for this email address');
    expect(response.body).toContain('sid.stranger@nhs.net');
    expect(response.body).toContain('invitation');
    expect(await t.db.select().from(users)).toHaveLength(before.length);
    expect(await t.db.select().from(oidcIdentities).where(eq(oidcIdentities.subject, 'sub-stranger'))).toHaveLength(0);
  });

  it('refuses a disabled account, and audits the attempt', async () => {
    const disabled = await createUser(t.db, { role: 'learner', email: 'dee.disabled@nhs.net', status: 'disabled' });
    const response = await new Browser(t.app).signIn({ account: 'sub-disabled' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('You cannot sign in to this account');
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, disabled.id))).toHaveLength(0);
    expect(await t.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, disabled.id))).toHaveLength(0);
    expect(await auditSummaries(disabled.id)).toEqual([
      expect.stringMatching(/^security: Single sign-on \(.*\) refused: the account is disabled$/),
    ]);
  });

  it('refuses an email address the provider does not vouch for', async () => {
    await createUser(t.db, { role: 'learner', email: 'una@nhs.net' });
    await createUser(t.db, { role: 'learner', email: 'sam.silent@nhs.net' });
    for (const account of ['sub-unverified', 'sub-silent']) {
      const response = await new Browser(t.app).signIn({ account });
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('did not confirm your email address');
    }
  });

  it('asks an administrator for two-factor unless the provider asserts multi-factor', async () => {
    const admin = await createUser(t.db, { role: 'platform_admin', email: 'ada.admin@nhs.net' });
    const without = await new Browser(t.app).signIn({ account: 'sub-admin' });
    expect(without.statusCode).toBe(302);
    expect(without.headers.location).toBe('/auth/two-factor/setup');
    const [waiting] = await t.db.select().from(sessions).where(eq(sessions.userId, admin.id));
    expect(waiting?.stage).toBe('totp_setup');

    const browser = new Browser(t.app);
    const withMfa = await browser.signIn({ account: 'sub-admin', amr: 'pwd,mfa' });
    expect(withMfa.statusCode).toBe(302);
    expect(withMfa.headers.location).toBe('/');
    expect((await browser.agent.get('/account')).statusCode).toBe(200);
    expect(await auditSummaries(admin.id)).toContain(
      `sign-in: Signed in with single sign-on (${new URL(provider.issuer).host}), multi-factor at the provider`,
    );
  });

  it('asks for the security code of an administrator who has set up two-factor', async () => {
    const director = await createUser(t.db, {
      role: 'programme_director',
      regionId: t.regionIds['east-of-england'] ?? null,
      email: 'dan.director@nhs.net',
    });
    await t.db
      .update(users)
      .set({ totpSecret: newTotpSecret(), totpEnabledAt: new Date() })
      .where(eq(users.id, director.id));
    const browser = new Browser(t.app);
    const response = await browser.signIn({ account: 'sub-director' });
    expect(response.headers.location).toBe('/auth/two-factor');
    expect((await browser.agent.get('/auth/two-factor')).body).toContain('Enter your security code');
    expect((await browser.agent.get('/account')).headers.location).toBe('/auth/two-factor');
  });

  it('accepts an invitation by single sign-on: the account becomes active and the link stops working', async () => {
    const invited = await createUser(t.db, { role: 'learner', email: 'ian.invited@nhs.net', status: 'invited' });
    await issueUserToken(t.db, invited.id, 'invitation', new Date(), null);
    const response = await new Browser(t.app).signIn({ account: 'sub-invited' });
    expect(response.headers.location).toBe('/');
    const [user] = await t.db.select().from(users).where(eq(users.id, invited.id));
    expect(user?.status).toBe('active');
    const tokens = await t.db.select().from(userTokens).where(eq(userTokens.userId, invited.id));
    expect(tokens.every((token) => token.usedAt !== null)).toBe(true);
    expect(await auditSummaries(invited.id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^security: Accepted invitation by single sign-on/)]),
    );
  });

  it('says so when the person cancels at the provider', async () => {
    const browser = new Browser(t.app);
    const callback = await browser.atProvider(await browser.startSignIn(), 'cancel');
    const response = await browser.agent.get(callback);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('You did not sign in with your organisation account');
  });

  it('refuses a callback with no sign-in under way in this browser', async () => {
    const response = await new Agent(t.app).get('/auth/oidc/callback?code=abc&state=def');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('This sign-in has expired');
  });

  it('links an organisation account from the account page and unlinks it, with audit records', async () => {
    const person = await createUser(t.db, {
      role: 'educational_supervisor',
      regionId: t.regionIds['east-of-england'] ?? null,
      email: 'lin.work@example.nhs.uk',
      displayName: 'Lin Linker',
    });
    const browser = new Browser(t.app);
    await browser.agent.signInAs(person.id);
    const account = await browser.agent.get('/account');
    expect(account.body).toContain('Link your organisation account');

    const start = await browser.agent.post('/account/organisation-account/link');
    expect(start.statusCode).toBe(303);
    const callback = await browser.atProvider(start.headers.location as string, { account: 'sub-linker' });
    const linked = await browser.agent.get(callback);
    expect(linked.headers.location).toBe('/account');
    const page = await browser.agent.get('/account');
    expect(page.body).toContain('Your organisation account is linked');
    expect(page.body).toContain('lin.personal@nhs.net');
    const [link] = await t.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, person.id));
    expect(link?.subject).toBe('sub-linker');

    // Signing in with it now finds this account, although the addresses differ.
    const other = await new Browser(t.app).signIn({ account: 'sub-linker' });
    expect(other.headers.location).toBe('/');

    const confirm = await browser.agent.get('/account/organisation-account/unlink');
    expect(confirm.body).toContain('Unlink your organisation account');
    const unlinked = await browser.agent.post('/account/organisation-account/unlink');
    expect(unlinked.headers.location).toBe('/account');
    expect((await browser.agent.get('/account')).body).toContain('Your organisation account is unlinked');
    expect(await t.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, person.id))).toHaveLength(0);
    expect(await auditSummaries(person.id)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^security: Linked an organisation account \(.*\) from the account page$/),
        expect.stringMatching(/^security: Unlinked an organisation account/),
      ]),
    );
    // Unlinked and with a different address: signing in with it no longer finds the account.
    expect((await new Browser(t.app).signIn({ account: 'sub-linker' })).statusCode).toBe(403);
  });

  it('refuses to link an organisation account already linked to someone else', async () => {
    const owner = await createUser(t.db, { role: 'learner', email: 'tia.taken@nhs.net' });
    expect((await new Browser(t.app).signIn({ account: 'sub-taken' })).headers.location).toBe('/');
    const someoneElse = await createUser(t.db, { role: 'learner', email: 'someone.else@example.nhs.uk' });
    const browser = new Browser(t.app);
    await browser.agent.signInAs(someoneElse.id);
    await browser.agent.get('/account');
    const start = await browser.agent.post('/account/organisation-account/link');
    const callback = await browser.atProvider(start.headers.location as string, { account: 'sub-taken' });
    const response = await browser.agent.get(callback);
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('This organisation account is linked to someone else');
    const links = await t.db.select().from(oidcIdentities).where(eq(oidcIdentities.subject, 'sub-taken'));
    expect(links.map((row) => row.userId)).toEqual([owner.id]);
    expect(await auditSummaries(someoneElse.id)).toEqual([
      expect.stringMatching(/^security: Refused to link an organisation account .* already linked to another account$/),
    ]);
  });

  it('never moves a link by email: an account linked to one subject refuses another with the same address', async () => {
    const person = await createUser(t.db, { role: 'learner', email: 'lin.personal@nhs.net' });
    await t.db.insert(oidcIdentities).values({
      id: crypto.randomUUID(),
      userId: person.id,
      issuer: new URL(provider.issuer).href,
      subject: 'an-older-subject',
      email: 'lin.personal@nhs.net',
      linkedAt: new Date(),
    });
    const response = await new Browser(t.app).signIn({ account: 'sub-linker' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('linked to a different organisation account');
  });

  it('puts the links in the person’s data download and deletes them on erasure', async () => {
    const admin = await createUser(t.db, { role: 'platform_admin' });
    const person = await createUser(t.db, { role: 'learner', email: 'lara.learner@nhs.net.erase@example.nhs.uk' });
    await t.db.insert(oidcIdentities).values({
      id: crypto.randomUUID(),
      userId: person.id,
      issuer: new URL(provider.issuer).href,
      subject: 'sub-to-erase',
      email: 'erase.me@nhs.net',
      linkedAt: new Date(),
    });
    const data = await exportPersonalData(t.db, person.id, new Date());
    expect(data.organisationAccounts).toEqual([
      expect.objectContaining({ subject: 'sub-to-erase', emailWhenLinked: 'erase.me@nhs.net' }),
    ]);
    const agent = await new Agent(t.app).signInAs(admin.id);
    await agent.get(`/people/${person.id}/erase`);
    const erased = await agent.post(`/people/${person.id}/erase`, { confirmEmail: person.email });
    expect(erased.statusCode).toBe(302);
    expect(await t.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, person.id))).toHaveLength(0);
    expect(await t.db.select().from(oidcRequests).where(eq(oidcRequests.userId, person.id))).toHaveLength(0);
    const [erasure] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, person.id), eq(auditEvents.action, 'erase')));
    expect(JSON.stringify(erasure?.before)).toContain('linked organisation account');
  });
});

describe('single sign-on with a provider whose emails are verified by configuration', () => {
  let provider: TestOidcProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startTestOidcProvider({
      ...CLIENT,
      redirectUris: [`${PUBLIC_URL}/auth/oidc/callback`],
      accounts: [
        { id: 'entra-silent', name: 'Sam Silent', email: 'sam.silent@nhs.net' },
        { id: 'entra-refuses', name: 'Nia No', email: 'nia.no@nhs.net', emailVerified: false },
      ],
    });
    t = await createTestApp({
      config: loadConfig(oidcEnvironment(provider.issuer, { OIDC_EMAILS_VERIFIED: 'true' })),
      signInRateLimit: 1000,
    });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  it('accepts an address sent without email_verified, but still believes a provider that says false', async () => {
    await createUser(t.db, { role: 'learner', email: 'sam.silent@nhs.net' });
    await createUser(t.db, { role: 'learner', email: 'nia.no@nhs.net' });
    expect((await new Browser(t.app).signIn({ account: 'entra-silent' })).headers.location).toBe('/');
    expect((await new Browser(t.app).signIn({ account: 'entra-refuses' })).statusCode).toBe(403);
  });
});

describe('single sign-on when the provider cannot be reached', () => {
  it('starts anyway, and shows a clear page instead of sending the person to the provider', async () => {
    const gone = await startTestOidcProvider({
      ...CLIENT,
      redirectUris: [`${PUBLIC_URL}/auth/oidc/callback`],
      accounts: [],
    });
    await gone.close();
    const t = await createTestApp({ config: loadConfig(oidcEnvironment(gone.issuer)), signInRateLimit: 1000 });
    try {
      const agent = new Agent(t.app);
      expect((await agent.get('/auth/sign-in')).body).toContain('Sign in with NHSmail');
      const response = await agent.post('/auth/oidc/start');
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('Single sign-on is not available at the moment');
      expect(response.body).toContain('sign in with your email address and password');
    } finally {
      await t.close();
    }
  });
});
