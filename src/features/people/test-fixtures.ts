/**
 * Builders for people route tests that stand alone: each test signs in people of its own (testing/people.ts) and
 * gives them the records it needs here, with unique names, email addresses and GMC numbers, so that no test reads
 * what another wrote.
 */
import { eq } from 'drizzle-orm';
import type { Agent, TestApp } from '../../testing/app.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { newId } from '../../platform/db/ids.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { learnerProfiles, roleAssignments } from './schema.ts';
import type { Stage } from './domain/people.ts';

/** The password people in these tests choose, or are given. */
export const PASSWORD = 'copper tulip harbour';

let hashed: Promise<string> | undefined;

/** A hash of PASSWORD, made once (argon2id is slow on purpose), for accounts that sign in with it. */
export function passwordHash(): Promise<string> {
  hashed ??= hashPassword(PASSWORD);
  return hashed;
}

/** The path of the set-password link in an email's text. */
export function linkIn(text: string): string {
  const match = /http:\/\/[^/\s]+(\/auth\/set-password\/[A-Za-z0-9_-]+)/.exec(text);
  if (match?.[1] === undefined) throw new Error(`No link in ${text}`);
  return match[1];
}

/** The newest email to the address, with its text as the demo's outbox shows it (the stored text masks links). */
export async function lastMailTo(t: TestApp, address: string) {
  const rows = await t.db.select().from(outbox).where(eq(outbox.toAddress, address));
  const mail = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))[0];
  return mail === undefined ? undefined : { ...mail, textBody: t.app.mailer.readableText(mail) };
}

/** The set-password link of the newest email to the address. */
export async function invitationLink(t: TestApp, address: string): Promise<string> {
  const mail = await lastMailTo(t, address);
  if (mail === undefined) throw new Error(`No mail to ${address}`);
  return linkIn(mail.textBody);
}

/** Sends the invitation form as a person fills it in: the form read first, then posted. */
export async function invite(agent: Agent, fields: Record<string, string>) {
  await agent.get('/people/invite');
  return agent.post('/people/invite', fields);
}

/** The person's id, from the address of their page (where inviting someone leads). */
export function idFrom(location: unknown): string {
  const id = String(location).split('/').pop();
  if (id === undefined || id === '') throw new Error(`No id in ${String(location)}`);
  return id;
}

/** A learner profile for an account that has none yet, at F1 unless given. */
export async function learnerProfile(
  t: TestApp,
  userId: string,
  regionId: string,
  gmcNumber: string,
  options: { stage?: Stage; programme?: string } = {},
): Promise<void> {
  const now = t.app.clock();
  const stage = options.stage ?? 'F1';
  await t.db.insert(learnerProfiles).values({
    userId,
    regionId,
    gmcNumber,
    stage,
    programme: options.programme ?? `Generalism ${stage}`,
    createdAt: now,
    updatedAt: now,
  });
}

/** A second role for an account, in another region. */
export async function alsoHolds(
  t: TestApp,
  userId: string,
  role: 'learner' | 'clinical_supervisor',
  regionId: string,
): Promise<void> {
  await t.db.insert(roleAssignments).values({ id: newId(), userId, role, regionId, createdAt: t.app.clock() });
}
