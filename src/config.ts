import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * Which proxies in front of Breadth are trusted to say who the client is: `false` (none: the socket's address is the
 * client), a number of hops, or the proxies' addresses and CIDR ranges.
 *
 * `true` is refused. It would trust every `X-Forwarded-For` entry, including the left-most one, which the client
 * writes itself, so anyone could change "their" address on every request and escape the per-address limits on
 * sign-in, two-factor codes and password resets.
 */
export type TrustProxy = false | number | string[];

function isAddressOrRange(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxySchema = z
  .string()
  .trim()
  .transform((value, ctx): TrustProxy => {
    const lower = value.toLowerCase();
    if (['', 'false', '0', 'no'].includes(lower)) return false;
    if (['true', 'yes'].includes(lower)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'cannot be true, which would trust addresses the client writes; give the number of proxies in front of Breadth (e.g. 1) or their addresses (e.g. 10.0.0.0/8)',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) {
        ctx.addIssue({ code: 'custom', message: 'must be a number of proxies from 1 to 10' });
        return z.NEVER;
      }
      return hops === 0 ? false : hops;
    }
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const wrong = entries.filter((entry) => !isAddressOrRange(entry));
    if (entries.length === 0 || wrong.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be false, a number of proxies, or IP addresses and CIDR ranges separated by commas (not understood: ${wrong.join(', ')})`,
      });
      return z.NEVER;
    }
    return entries;
  });

/**
 * Every environment variable Breadth reads. The README's configuration table is written from this schema;
 * change both together.
 */
const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Breadth <no-reply@breadth.localhost>'),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    PUBLIC_URL: z.url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SEED_DEMO: booleanString.optional(),
    TRUST_PROXY: trustProxySchema.default(false),
    SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
    MAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    // Single sign-on (OpenID Connect): all three of issuer, client id and secret, or none.
    OIDC_ISSUER_URL: z.url().optional(),
    OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_BUTTON_LABEL: z.string().trim().min(1).max(80).optional(),
    OIDC_EMAILS_VERIFIED: booleanString.optional(),
    // The app's clock starts at this moment instead of the real time (journeys and demonstrations; never production).
    BREADTH_CLOCK_START: z.iso
      .datetime({ offset: true, error: 'must be a date and time with its offset, e.g. 2026-10-14T09:00:00Z' })
      .optional(),
  })
  .superRefine((env, ctx) => {
    const oidcNames = [
      'OIDC_ISSUER_URL',
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'OIDC_BUTTON_LABEL',
      'OIDC_EMAILS_VERIFIED',
    ] as const;
    const oidcSet = oidcNames.filter((name) => env[name] !== undefined);
    if (oidcSet.length > 0) {
      for (const name of ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
        if (env[name] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `is required for single sign-on because ${oidcSet.join(', ')} ${oidcSet.length === 1 ? 'is' : 'are'} set`,
          });
      }
    }
    if (env.NODE_ENV === 'production' && env.OIDC_ISSUER_URL !== undefined) {
      if (!env.OIDC_ISSUER_URL.startsWith('https://'))
        ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER_URL'], message: 'must be an https:// URL in production' });
      if (env.PUBLIC_URL === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['PUBLIC_URL'],
          message: 'is required for single sign-on in production (the redirect URI is PUBLIC_URL/auth/oidc/callback)',
        });
    }
    if (env.NODE_ENV === 'production' && env.BREADTH_CLOCK_START !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['BREADTH_CLOCK_START'],
        message: 'must not be set when NODE_ENV is production: a clock that is not the real time is for tests only',
      });
    }
    if (env.NODE_ENV === 'production' && env.SESSION_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required when NODE_ENV is production (at least 32 random characters)',
      });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionSecret: string;
  publicUrl: string;
  logLevel: string;
  seedDemo: boolean;
  /** Proxies trusted to give the client's address (X-Forwarded-For): see TrustProxy. */
  trustProxy: TrustProxy;
  /** Sign-in, two-factor and password-reset attempts allowed per client address per minute. */
  signInRateLimit: number;
  /** Days a copy of mail is kept in the outbox after it was sent (or held, or given up on). */
  mailRetentionDays: number;
  /** Demo log-ins are created and shown only outside production. */
  demoLoginsEnabled: boolean;
  secureCookies: boolean;
  /** Single sign-on with an OpenID Connect provider (NHS CIS2, Microsoft Entra ID); undefined when not configured. */
  oidc: OidcConfig | undefined;
  /**
   * The moment the app's clock starts at (BREADTH_CLOCK_START), from which it runs at the real pace: the journeys
   * run on a known day. Undefined (always in production): the clock is the real time.
   */
  clockStart: Date | undefined;
}

export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** The sign-in button's text, e.g. "Sign in with NHSmail". */
  buttonLabel: string;
  /** Treat the provider's email address as verified when it sends no email_verified claim (Entra ID does not). */
  emailsVerified: boolean;
}

export const DEFAULT_OIDC_BUTTON_LABEL = "Sign in with your organisation's account";

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A secret used only outside production, so that sessions survive a restart of the demo. */
const DEVELOPMENT_SECRET = 'breadth-development-secret-not-for-production-use';

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || 'environment';
      return `${name} ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    sessionSecret: env.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${String(env.PORT)}`).replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL,
    seedDemo: env.SEED_DEMO ?? !production,
    trustProxy: env.TRUST_PROXY,
    signInRateLimit: env.SIGN_IN_RATE_LIMIT,
    mailRetentionDays: env.MAIL_RETENTION_DAYS,
    demoLoginsEnabled: !production,
    secureCookies: production,
    oidc:
      env.OIDC_ISSUER_URL !== undefined && env.OIDC_CLIENT_ID !== undefined && env.OIDC_CLIENT_SECRET !== undefined
        ? {
            issuerUrl: env.OIDC_ISSUER_URL,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            buttonLabel: env.OIDC_BUTTON_LABEL ?? DEFAULT_OIDC_BUTTON_LABEL,
            emailsVerified: env.OIDC_EMAILS_VERIFIED ?? false,
          }
        : undefined,
    clockStart: env.BREADTH_CLOCK_START === undefined ? undefined : new Date(env.BREADTH_CLOCK_START),
  };
}
