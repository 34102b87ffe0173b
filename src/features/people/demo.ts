import { eq, like } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { requiresTotp, ROLE_LABELS, type Role } from '../../platform/auth/roles.ts';
import { users } from '../../platform/auth/schema.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { newTotpSecret } from '../../platform/auth/totp.ts';
import { newId } from '../../platform/db/ids.ts';
import { organisationsIn, regionIdByCode } from '../organisations/index.ts';
import { learnerProfiles, roleAssignments } from './schema.ts';

/** Every demo account's password. Demo accounts exist only when NODE_ENV is not production. */
export const DEMO_PASSWORD = 'breadth demo password';
export const DEMO_DOMAIN = '@demo.breadth.example';

export async function demoAccounts(db: Db): Promise<{ email: string; label: string }[]> {
  const rows = await db
    .select({ email: users.email, role: roleAssignments.role })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(like(users.email, `%${DEMO_DOMAIN}`))
    .orderBy(users.email);
  const seen = new Set<string>();
  const accounts: { email: string; label: string }[] = [];
  for (const row of rows) {
    if (seen.has(row.email)) continue;
    seen.add(row.email);
    accounts.push({ email: row.email, label: ROLE_LABELS[row.role] });
  }
  return accounts;
}

interface DemoPerson {
  name: string;
  email: string;
  role: Role;
  regional: boolean;
  learner?: { gmcNumber: string; stage: 'F1' | 'F2' | 'ST1'; programme: string };
}

const DEMO_PEOPLE: DemoPerson[] = [
  { name: 'Alex Morgan', email: `platform.admin${DEMO_DOMAIN}`, role: 'platform_admin', regional: false },
  { name: 'Dr Priya Raman', email: `programme.director${DEMO_DOMAIN}`, role: 'programme_director', regional: true },
  { name: 'Sam Okafor', email: `programme.admin${DEMO_DOMAIN}`, role: 'programme_admin', regional: true },
  {
    name: 'Dr Helen Whitaker',
    email: `educational.supervisor${DEMO_DOMAIN}`,
    role: 'educational_supervisor',
    regional: true,
  },
  { name: 'Dr Tom Brennan', email: `clinical.supervisor${DEMO_DOMAIN}`, role: 'clinical_supervisor', regional: true },
  { name: 'Dr Aisha Karim', email: `educational.fellow${DEMO_DOMAIN}`, role: 'educational_fellow', regional: true },
  {
    name: 'Dr Jamie Lee',
    email: `learner${DEMO_DOMAIN}`,
    role: 'learner',
    regional: true,
    learner: { gmcNumber: '7654321', stage: 'F2', programme: 'Generalism F2' },
  },
  { name: 'Chris Daniels', email: `provider.contact${DEMO_DOMAIN}`, role: 'provider_contact', regional: true },
  {
    name: 'Dr Nadia Osei',
    email: `learner.f1${DEMO_DOMAIN}`,
    role: 'learner',
    regional: true,
    learner: { gmcNumber: '7612345', stage: 'F1', programme: 'Generalism F1' },
  },
  {
    name: 'Dr Owen Fairweather',
    email: `learner.st1${DEMO_DOMAIN}`,
    role: 'learner',
    regional: true,
    learner: { gmcNumber: '7698765', stage: 'ST1', programme: 'Generalism ST1' },
  },
];

/** Where the demo cohort's invented addresses live: not the demo domain, so they are not offered as demo log-ins. */
export const DEMO_COHORT_DOMAIN = '@cohort.breadth.example';

/**
 * The demo's cohort: invented learners of the East of England who sign in nowhere (no password), so that the
 * allocation has enough applicants for its methods to give different results. Their GMC numbers start with 0,
 * which no GMC reference number does.
 */
const DEMO_COHORT: { name: string; local: string; gmcNumber: string; stage: 'F1' | 'F2' }[] = [
  { name: 'Dr Ellie Hargreaves', local: 'ellie.hargreaves', gmcNumber: '0970001', stage: 'F2' },
  { name: 'Dr Marcus Adeyemi', local: 'marcus.adeyemi', gmcNumber: '0970002', stage: 'F2' },
  { name: 'Dr Sofia Lindqvist', local: 'sofia.lindqvist', gmcNumber: '0970003', stage: 'F2' },
  { name: 'Dr Rohan Mehta', local: 'rohan.mehta', gmcNumber: '0970004', stage: 'F2' },
  { name: 'Dr Grace Odhiambo', local: 'grace.odhiambo', gmcNumber: '0970005', stage: 'F2' },
  { name: 'Dr Tomasz Nowak', local: 'tomasz.nowak', gmcNumber: '0970006', stage: 'F2' },
  { name: 'Dr Hannah Greaves', local: 'hannah.greaves', gmcNumber: '0970007', stage: 'F2' },
  { name: 'Dr Yusuf Rahman', local: 'yusuf.rahman', gmcNumber: '0970008', stage: 'F2' },
  { name: 'Dr Chloe Pemberton', local: 'chloe.pemberton', gmcNumber: '0970009', stage: 'F2' },
  { name: 'Dr Daniel Achterberg', local: 'daniel.achterberg', gmcNumber: '0970010', stage: 'F2' },
  { name: 'Dr Leah Fitzgerald', local: 'leah.fitzgerald', gmcNumber: '0970011', stage: 'F2' },
  { name: 'Dr Amara Nwosu', local: 'amara.nwosu', gmcNumber: '0971001', stage: 'F1' },
  { name: 'Dr Ben Castellano', local: 'ben.castellano', gmcNumber: '0971002', stage: 'F1' },
  { name: 'Dr Isla Drummond', local: 'isla.drummond', gmcNumber: '0971003', stage: 'F1' },
  { name: 'Dr Kiran Bhatt', local: 'kiran.bhatt', gmcNumber: '0971004', stage: 'F1' },
  { name: 'Dr Maryam Idrissi', local: 'maryam.idrissi', gmcNumber: '0971005', stage: 'F1' },
  { name: 'Dr Oliver Tran', local: 'oliver.tran', gmcNumber: '0971006', stage: 'F1' },
  { name: 'Dr Rebecca Holloway', local: 'rebecca.holloway', gmcNumber: '0971007', stage: 'F1' },
];

/** The demo cohort's addresses at a stage, in the cohort's order. */
export function demoCohortEmails(stage: 'F1' | 'F2'): string[] {
  return DEMO_COHORT.filter((person) => person.stage === stage).map((person) => `${person.local}${DEMO_COHORT_DOMAIN}`);
}

/**
 * One demo account per role in the East of England, and the demo cohort. Administrators get a two-factor secret at once; outside
 * production the two-factor page shows a demo account's current code, so the demo needs no phone.
 */
export async function seedDemoPeople(db: Db, options: { demoLogins: boolean }, now: Date): Promise<void> {
  if (!options.demoLogins) return;
  const regionId = await regionIdByCode(db, 'east-of-england');
  if (regionId === undefined) throw new Error('The East of England region is missing; run ensureRegions first');
  // The organisations feature seeds its demo trusts first; the provider contact works for the first acute trust.
  const trust = (await organisationsIn(db, [regionId], { archived: true })).find((org) => org.kind === 'acute_trust');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const person of DEMO_PEOPLE) {
    const id = newId();
    const needsTotp = requiresTotp([{ role: person.role, regionId: null, organisationId: null }]);
    await db.insert(users).values({
      id,
      email: person.email,
      displayName: person.name,
      status: 'active',
      passwordHash,
      totpSecret: needsTotp ? newTotpSecret() : null,
      totpEnabledAt: needsTotp ? now : null,
      createdAt: now,
      updatedAt: now,
    });
    await db.insert(roleAssignments).values({
      id: newId(),
      userId: id,
      role: person.role,
      regionId: person.regional ? regionId : null,
      organisationId: person.role === 'provider_contact' ? (trust?.id ?? null) : null,
      createdAt: now,
    });
    if (person.learner !== undefined) {
      await db.insert(learnerProfiles).values({
        userId: id,
        regionId: regionId,
        ...person.learner,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  for (const person of DEMO_COHORT) {
    const id = newId();
    await db.insert(users).values({
      id,
      email: `${person.local}${DEMO_COHORT_DOMAIN}`,
      displayName: person.name,
      status: 'active',
      passwordHash: null,
      createdAt: now,
      updatedAt: now,
    });
    await db
      .insert(roleAssignments)
      .values({ id: newId(), userId: id, role: 'learner', regionId, organisationId: null, createdAt: now });
    await db.insert(learnerProfiles).values({
      userId: id,
      regionId,
      gmcNumber: person.gmcNumber,
      stage: person.stage,
      programme: `Generalism ${person.stage}`,
      createdAt: now,
      updatedAt: now,
    });
  }
}
