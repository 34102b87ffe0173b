import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** An account: who can sign in. What a person does in the programme (roles, learner record) lives in features/people. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** invited: has not set a password yet; active; disabled: may not sign in; erased: personal data removed. */
  status: text('status', { enum: ['invited', 'active', 'disabled', 'erased'] })
    .notNull()
    .default('invited'),
  passwordHash: text('password_hash'),
  totpSecret: text('totp_secret'),
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** Wrong passwords in a row; five lock the account. Reset only when a sign-in completes. */
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  /** Wrong two-factor codes in a row, counted apart from passwords; five lock the account. */
  failedTotpCount: integer('failed_totp_count').notNull().default(0),
  /** The time step (Unix time / 30 s) of the last code accepted: a code is never accepted twice. */
  totpLastStep: integer('totp_last_step'),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** password: signed in with a password, second factor still due; totp_setup: must set up TOTP first; active. */
    stage: text('stage', { enum: ['totp', 'totp_setup', 'active'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/** Single-use links sent by email: invitations and password resets. Only the token's SHA-256 is stored. */
export const userTokens = pgTable(
  'user_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['invitation', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
  },
  (table) => [index('user_tokens_user_idx').on(table.userId)],
);

/**
 * A form posted after the session ended. It is kept (briefly) so that the person can send it again after signing in,
 * instead of losing what they typed.
 */
export const keptForms = pgTable('kept_forms', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  fields: jsonb('fields').$type<Record<string, string | string[]>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  restored: boolean('restored').notNull().default(false),
});

/**
 * An organisation account (OpenID Connect: the provider's issuer and its subject for the person) linked to a Breadth
 * account, so the person can sign in with single sign-on. Found by verified email the first time, by
 * (issuer, subject) afterwards; one per account and provider.
 */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    /** The email address the provider gave when the account was linked, shown on the account page. */
    email: text('email'),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('oidc_identities_subject_unique').on(table.issuer, table.subject),
    uniqueIndex('oidc_identities_user_issuer_unique').on(table.userId, table.issuer),
  ],
);

/**
 * A single sign-on under way: what the callback must check (state, nonce, PKCE verifier), kept on the server and
 * found by the SHA-256 of a random token in a short-lived HttpOnly cookie, so it is bound to the browser that
 * started it and can be used once. Linking from the account page records whose account to link.
 */
export const oidcRequests = pgTable(
  'oidc_requests',
  {
    id: text('id').primaryKey(),
    purpose: text('purpose', { enum: ['sign-in', 'link'] }).notNull(),
    state: text('state').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('oidc_requests_expires_idx').on(table.expiresAt)],
);
