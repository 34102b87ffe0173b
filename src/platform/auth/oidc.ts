import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';

/**
 * Single sign-on with an OpenID Connect provider (NHS CIS2, Microsoft Entra ID, or any other): the authorisation
 * code flow with PKCE, a nonce and a state, using openid-client. The provider's metadata is discovered on first use,
 * never at start, so a provider that cannot be reached stops single sign-on only, not Breadth.
 */

/** Where the provider sends the browser back: PUBLIC_URL + this path. */
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

/**
 * `amr` values (RFC 8176 and Entra ID) that say the provider itself checked more than one factor, so Breadth does
 * not ask for its own security code:
 * - `mfa`: multiple-factor authentication (RFC 8176; Entra ID sends it after any MFA);
 * - `ngcmfa`: Entra ID's Windows Hello for Business and passkeys, which Microsoft counts as multi-factor;
 * - `hwk`, `swk`, `sc`, `fido`: proof of possession of a hardware key, software key, smartcard or FIDO
 *   authenticator, which providers unlock with a PIN or biometric;
 * - `otp`: a one-time code from a device the person holds.
 * A password (`pwd`), knowledge question (`kba`), Windows sign-in (`wia`), SMS or phone call (`sms`, `tel`) alone is
 * not enough. Providers that name their methods otherwise (CIS2 may) keep Breadth's own second factor.
 */
export const MULTI_FACTOR_AMR: readonly string[] = ['mfa', 'ngcmfa', 'hwk', 'swk', 'sc', 'fido', 'otp'];

export function assertsMultiFactor(amr: unknown): boolean {
  if (!Array.isArray(amr)) return false;
  return amr.some((value) => typeof value === 'string' && MULTI_FACTOR_AMR.includes(value.toLowerCase()));
}

/** Who the provider says signed in, from the checked ID token (and the userinfo endpoint for a missing email). */
export interface OrganisationIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  /** True only when the provider asserts it (email_verified), or OIDC_EMAILS_VERIFIED says its addresses are. */
  emailVerified: boolean;
  amr: string[];
  multiFactor: boolean;
}

/** What the callback must check, saved when the sign-in began. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why single sign-on did not complete, each shown as its own page. */
export type OidcFailure =
  /** The provider could not be reached, or answered with a server error. */
  | 'unavailable'
  /** The person cancelled at the provider, or the provider refused them. */
  | 'cancelled'
  /** The provider refused the code: already used, expired, or not issued to Breadth. */
  | 'code-refused'
  /** The response failed a check: state, nonce, issuer, signature, timestamps. */
  | 'invalid';

export class OidcError extends Error {
  override name = 'OidcError';
  constructor(
    readonly failure: OidcFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}${cause}`;
  }
  return String(error);
}

/** Network failures and server errors at the provider, as openid-client reports them. */
function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  // fetch() rejects with a TypeError whose cause is the socket error (ECONNREFUSED, ENOTFOUND, …).
  if (error instanceof TypeError && error.cause !== undefined) return true;
  const code = (error as { code?: unknown }).code;
  return code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON';
}

export function classifyOidcError(error: unknown): OidcError {
  if (error instanceof OidcError) return error;
  if (error instanceof client.AuthorizationResponseError)
    return new OidcError('cancelled', `the provider answered ${error.error}`, { cause: error });
  if (error instanceof client.ResponseBodyError) {
    if (error.status >= 500) return new OidcError('unavailable', describe(error), { cause: error });
    return new OidcError('code-refused', `the token endpoint answered ${error.error}`, { cause: error });
  }
  if (isUnreachable(error)) return new OidcError('unavailable', describe(error), { cause: error });
  return new OidcError('invalid', describe(error), { cause: error });
}

function claimedBoolean(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/**
 * Issuers are compared as URLs (as discovery compares them), so `https://id.example/` and `https://id.example` are
 * one provider; links are stored under this form.
 */
export function normaliseIssuer(issuer: string): string {
  return new URL(issuer).href;
}

export class OidcClient {
  private discovered: Promise<client.Configuration> | undefined;
  readonly redirectUri: string;
  /** The configured issuer, normalised: what links to this provider are stored under. */
  readonly issuer: string;
  readonly issuerHost: string;

  constructor(
    readonly settings: OidcConfig,
    publicUrl: string,
    private readonly options: { timeoutSeconds?: number } = {},
  ) {
    this.redirectUri = `${publicUrl}${OIDC_CALLBACK_PATH}`;
    this.issuer = normaliseIssuer(settings.issuerUrl);
    this.issuerHost = new URL(settings.issuerUrl).host;
  }

  /** The provider's metadata, discovered on first use; a failure is not kept, so the next attempt tries again. */
  configuration(): Promise<client.Configuration> {
    if (this.discovered === undefined) {
      const issuer = new URL(this.settings.issuerUrl);
      const attempt = client
        .discovery(
          issuer,
          this.settings.clientId,
          { client_secret: this.settings.clientSecret },
          client.ClientSecretBasic(this.settings.clientSecret),
          {
            timeout: this.options.timeoutSeconds ?? 10,
            // Plain http only for a provider on this machine's test set-up; config.ts requires https in production.
            // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated only to mark it as for testing
            execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
          },
        )
        .catch((error: unknown) => {
          this.discovered = undefined;
          // Whatever went wrong (no answer, no metadata, an issuer that does not match), sign-in cannot start.
          throw new OidcError('unavailable', describe(error), { cause: error });
        });
      this.discovered = attempt;
    }
    return this.discovered;
  }

  /** A fresh state, nonce and PKCE verifier for one sign-in. */
  static newChecks(): OidcChecks {
    return { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  }

  /** Where to send the browser to sign in at the provider. */
  async authorisationUrl(checks: OidcChecks): Promise<URL> {
    const configuration = await this.configuration();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Checks the provider's answer (state, issuer), exchanges the code once (with the PKCE verifier), checks the ID
   * token (signature, audience, nonce, times) and returns who signed in. Throws OidcError.
   *
   * The token's times (iat, exp) are checked against the real time, as openid-client does, not the app's clock: the
   * provider writes them by its own clock, which is the real time, as is the browser carrying the code. In production
   * the app's clock is the real time too; where it is not (tests, and BREADTH_CLOCK_START for the journeys), the app's
   * day is not the provider's: checked against it, every token would be refused when the app's clock is ahead, and
   * expired ones accepted when it is behind. What the app dates itself (the pending sign-in's ten minutes, sessions,
   * the audit) it dates and checks by its own clock.
   */
  async complete(query: string, checks: OidcChecks): Promise<OrganisationIdentity> {
    try {
      const configuration = await this.configuration();
      const callbackUrl = new URL(this.redirectUri);
      callbackUrl.search = query;
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (claims === undefined) throw new OidcError('invalid', 'no ID token');
      let email: unknown = claims.email;
      let verified = claimedBoolean(claims.email_verified);
      const userinfoEndpoint = configuration.serverMetadata().userinfo_endpoint;
      if ((typeof email !== 'string' || email === '') && userinfoEndpoint !== undefined) {
        // Some providers (CIS2 among them) give the email address at the userinfo endpoint only.
        const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
        email = info.email;
        verified = claimedBoolean(info.email_verified);
      }
      const amr = Array.isArray(claims.amr) ? claims.amr.filter((value) => typeof value === 'string') : [];
      return {
        issuer: normaliseIssuer(claims.iss),
        subject: claims.sub,
        email: typeof email === 'string' && email !== '' ? email : null,
        // A provider that says "not verified" is believed even when OIDC_EMAILS_VERIFIED is set.
        emailVerified: verified ?? this.settings.emailsVerified,
        amr,
        multiFactor: assertsMultiFactor(amr),
      };
    } catch (error) {
      throw classifyOidcError(error);
    }
  }
}
