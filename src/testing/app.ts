import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../app.ts';
import { clockFrom } from '../platform/context.ts';
import { TEST_NOW } from './now.ts';
import { loadConfig } from '../config.ts';
import type { Database, Db } from '../platform/db/client.ts';
import { openTestDatabase } from '../platform/db/testing.ts';
import { newId } from '../platform/db/ids.ts';
import { users } from '../platform/auth/schema.ts';
import type { Role } from '../platform/auth/roles.ts';
import { createSession } from '../platform/auth/store.ts';
import { SESSION_COOKIE } from '../platform/auth/plugin.ts';
import { ensureRegions } from '../features/organisations/index.ts';
import { regions } from '../features/organisations/schema.ts';
import { roleAssignments } from '../features/people/schema.ts';
import { eq } from 'drizzle-orm';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  db: Db;
  /** Region ids by code: 'east-of-england', 'london', … */
  regionIds: Record<string, string>;
  close(): Promise<void>;
}

/** The day route tests run on (testing/now.ts, shared with the browser journeys). */
export { TEST_NOW };

/**
 * A fresh database (PGlite or PostgreSQL, see openTestDatabase) with the regions, and the app on it. The app's clock
 * starts at TEST_NOW unless the test gives its own; `t.app.clock()` is the time to build test records at.
 */
export async function createTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  await ensureRegions(database.db);
  // Uploaded files go to a folder of the test's own, never the checkout's ./data, and go with it.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'breadth-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
    DATA_DIR: dataDir,
  });
  const app = await buildApp({ config, database, logger: false, now: clockFrom(TEST_NOW), ...options });
  await app.ready();
  const rows = await database.db.select().from(regions);
  const regionIds = Object.fromEntries(rows.map((row) => [row.code, row.id]));
  return {
    app,
    database,
    db: database.db,
    regionIds,
    async close() {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestUserOptions {
  role?: Role;
  regionId?: string | null;
  organisationId?: string | null;
  email?: string;
  displayName?: string;
  passwordHash?: string | null;
  status?: 'invited' | 'active' | 'disabled';
}

/** Creates an account with one role (and no password unless given). */
export async function createUser(
  db: Db,
  options: TestUserOptions = {},
): Promise<{ id: string; email: string; displayName: string }> {
  const id = newId();
  const now = new Date();
  const email = options.email ?? `user-${id.slice(-12)}@example.nhs.uk`;
  const displayName = options.displayName ?? `Test ${options.role ?? 'person'}`;
  await db.insert(users).values({
    id,
    email,
    displayName,
    status: options.status ?? 'active',
    passwordHash: options.passwordHash ?? null,
    createdAt: now,
    updatedAt: now,
  });
  if (options.role !== undefined) {
    await db.insert(roleAssignments).values({
      id: newId(),
      userId: id,
      role: options.role,
      regionId: options.regionId === undefined ? null : options.regionId,
      organisationId: options.organisationId ?? null,
      createdAt: now,
    });
  }
  return { id, email, displayName };
}

export async function regionId(db: Db, code: string): Promise<string> {
  const [row] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, code));
  if (row === undefined) throw new Error(`No region ${code}`);
  return row.id;
}

type Form = Record<string, string | string[]>;

/**
 * A browser-like client for app.inject(): keeps cookies, and sends the CSRF token from the last page it read
 * with every form it posts.
 */
export class Agent {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(readonly app: FastifyInstance) {}

  /** Signs in as the user directly (a live session, second factor done), skipping the sign-in pages. */
  async signInAs(userId: string): Promise<this> {
    const token = await createSession(this.app.db, userId, 'active', new Date(), 'test');
    this.cookies.set(SESSION_COOKIE, token);
    return this;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now()))
        this.cookies.delete(cookie.name);
      // light-my-request gives the value decoded; send it back encoded, as a browser returns what it was sent
      // (@fastify/cookie encodes with encodeURIComponent), so a flash message with a ";" survives.
      else this.cookies.set(cookie.name, encodeURIComponent(cookie.value));
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match?.[1] !== undefined) this.csrf = match[1];
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(), accept: 'text/html', ...headers },
    });
    this.remember(response);
    return response;
  }

  /** The CSRF token, fetching a page that carries one if none has been seen yet. */
  async csrfToken(): Promise<string> {
    if (this.csrf === undefined) await this.get('/auth/sign-in');
    if (this.csrf === undefined) throw new Error('No CSRF token found');
    return this.csrf;
  }

  async post(url: string, form: Form = {}, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (options.csrf !== false) body.append('_csrf', await this.csrfToken());
    for (const [key, value] of Object.entries(form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
      },
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }

  /** Posts a multipart form with one file, as a browser's file upload does. */
  async upload(
    url: string,
    fields: Record<string, string>,
    file: { field: string; filename: string; content: string | Buffer; contentType?: string },
  ): Promise<LightMyRequestResponse> {
    const boundary = `----breadth${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    const all = { _csrf: await this.csrfToken(), ...fields };
    for (const [key, value] of Object.entries(all)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`));
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'text/csv'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: this.cookieHeader(),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        accept: 'text/html',
      },
      payload: Buffer.concat(parts),
    });
    this.remember(response);
    return response;
  }
}
