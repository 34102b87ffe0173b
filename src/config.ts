import path from 'node:path';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

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
    TRUST_PROXY: booleanString.default(false),
    SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
    MAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  })
  .superRefine((env, ctx) => {
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
  trustProxy: boolean;
  /** Sign-in, two-factor and password-reset attempts allowed per client address per minute. */
  signInRateLimit: number;
  /** Days a copy of mail is kept in the outbox after it was sent (or held, or given up on). */
  mailRetentionDays: number;
  /** Demo log-ins are created and shown only outside production. */
  demoLoginsEnabled: boolean;
  secureCookies: boolean;
}

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
  };
}
