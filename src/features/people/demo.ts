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

/**
 * One demo account per role in the East of England. Administrators get a two-factor secret at once; outside
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
}
