import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { users } from '../../platform/auth/schema.ts';
import { organisationsIn, regionIdByCode, sitesIn, type OrganisationKind } from '../organisations/index.ts';
import { DEMO_DOMAIN } from '../people/index.ts';
import { addDays } from '../../shared/dates.ts';
import type { Setting } from './domain/rotation.ts';
import { placements, posts, programmeYears } from './schema.ts';

type OrganisationRow = Awaited<ReturnType<typeof organisationsIn>>[number];
type SiteRow = Awaited<ReturnType<typeof sitesIn>>[number];

/** The academic year that `now` falls in: 1 August to 31 July. */
export function academicYear(now: Date): { name: string; startsOn: string; endsOn: string } {
  const start = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return {
    name: `F2 ${String(start)}/${String(start + 1).slice(-2)}`,
    startsOn: `${String(start)}-08-01`,
    endsOn: `${String(start + 1)}-07-31`,
  };
}

const HOSPITAL_SPECIALTIES = [
  ['Acute medicine', 'Emergency medicine'],
  ['Care of older people', 'General surgery'],
  ['Respiratory medicine', 'Paediatrics'],
  ['Cardiology', 'Obstetrics and gynaecology'],
  ['Gastroenterology', 'Trauma and orthopaedics'],
  ['Renal medicine', 'Acute medicine'],
] as const;

interface Partner {
  kind: OrganisationKind;
  setting: Setting;
  specialty: string;
}

/** The year-long partner of a post, a day a week: the part that crosses systems. */
const PARTNERS: readonly Partner[] = [
  { kind: 'general_practice', setting: 'general_practice', specialty: 'General practice' },
  { kind: 'community_trust', setting: 'community', specialty: 'Community frailty and virtual ward' },
  { kind: 'mental_health_trust', setting: 'mental_health', specialty: 'Liaison psychiatry' },
  { kind: 'charity', setting: 'voluntary_charity', specialty: 'Carers support and social prescribing' },
  { kind: 'local_authority', setting: 'social_care', specialty: 'Adult social care' },
  { kind: 'hospice', setting: 'voluntary_charity', specialty: 'Palliative care in the community' },
];

/** The academic year after the one that `now` falls in: the year whose posts learners rank now. */
export function nextAcademicYear(now: Date): { name: string; startsOn: string; endsOn: string } {
  const current = academicYear(now);
  const start = Number(current.startsOn.slice(0, 4)) + 1;
  return academicYear(new Date(Date.UTC(start, 7, 1)));
}

/** Posts for the current year: the demo learner's is the first. */
const CURRENT_YEAR_POSTS = 38;
/** Next year's posts, which the F1 learners are ranking now; coded with the year, as EOE-GEN-27-01 for 2027/28. */
const NEXT_YEAR_POSTS = 10;

/**
 * 38 generalism posts across the region's eight acute trusts for the current academic year (as in the East of
 * England in 2022). Most are two 6-month hospital jobs (8 sessions) alongside a year-long partner placement one
 * day a week (2 sessions); every fourth is three 4-month full-time-ish blocks in hospital, general practice and
 * mental health with a year-long day a week with the council or a charity. Then ten posts of the same kinds for
 * the next academic year, not yet allocated: the F1 learners rank them in the allocation demo.
 */
export async function seedDemoPlacements(db: Db, now: Date): Promise<void> {
  const regionId = await regionIdByCode(db, 'east-of-england');
  if (regionId === undefined) return;
  const orgs = await organisationsIn(db, [regionId], { archived: true });
  if (!orgs.some((org) => org.kind === 'acute_trust')) return;
  const siteRows = await sitesIn(db, regionId, { archived: true });

  const [learner] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, `learner${DEMO_DOMAIN}`));
  const [supervisor] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, `clinical.supervisor${DEMO_DOMAIN}`));

  const region = { regionId, orgs, siteRows };
  await seedYear(db, now, region, academicYear(now), {
    total: CURRENT_YEAR_POSTS,
    code: (index) => `EOE-GEN-${String(index + 1).padStart(2, '0')}`,
    learnerId: learner?.id,
    supervisorId: supervisor?.id,
  });
  const next = nextAcademicYear(now);
  await seedYear(db, now, region, next, {
    total: NEXT_YEAR_POSTS,
    code: (index) => `EOE-GEN-${next.startsOn.slice(2, 4)}-${String(index + 1).padStart(2, '0')}`,
    learnerId: undefined,
    supervisorId: undefined,
  });
}

async function seedYear(
  db: Db,
  now: Date,
  { regionId, orgs, siteRows }: { regionId: string; orgs: OrganisationRow[]; siteRows: SiteRow[] },
  span: { name: string; startsOn: string; endsOn: string },
  options: {
    total: number;
    code: (index: number) => string;
    /**
     * The first post is the demo learner's, with the clinical supervisor on its first hospital job and its partner
     * placement; the allocation demo's published run assigns it to them.
     */
    learnerId: string | undefined;
    supervisorId: string | undefined;
  },
): Promise<void> {
  const trusts = orgs.filter((org) => org.kind === 'acute_trust');
  const siteOf = (organisationId: string) =>
    siteRows.find((site) => site.organisationId === organisationId)?.id ?? null;
  const ofKind = (kind: OrganisationKind) => orgs.filter((org) => org.kind === kind);
  const yearId = newId();
  await db.insert(programmeYears).values({ id: yearId, regionId, ...span, createdAt: now, updatedAt: now });
  const half = addDays(span.startsOn, 184); // 1 February
  const thirds = [addDays(span.startsOn, 122), addDays(span.startsOn, 243)]; // 1 December, 1 April
  const { learnerId, supervisorId } = options;

  for (let index = 0; index < options.total; index++) {
    const trust = trusts[index % trusts.length];
    if (trust === undefined) continue;
    const postId = newId();
    const code = options.code(index);
    const [first, second] = HOSPITAL_SPECIALTIES[index % HOSPITAL_SPECIALTIES.length] ?? ['Acute medicine', 'Surgery'];
    const blocks = index % 4 === 3;
    const partner = blocks
      ? (PARTNERS[index % 8 === 3 ? 4 : 3] ?? PARTNERS[0])
      : PARTNERS[Math.floor(index / trusts.length + index) % PARTNERS.length];
    if (partner === undefined) continue;
    const partnerOrgs = ofKind(partner.kind);
    const partnerOrg = partnerOrgs[index % Math.max(1, partnerOrgs.length)] ?? trust;
    const title = blocks
      ? `Generalism F2: ${first}, general practice and mental health`
      : `Generalism F2: ${first} and ${second.toLowerCase()} with ${partner.specialty.toLowerCase()}`;
    await db.insert(posts).values({
      id: postId,
      programmeYearId: yearId,
      regionId,
      code,
      title,
      leadEmployerId: trust.id,
      capacity: index % 10 === 9 ? 2 : 1,
      createdAt: now,
      updatedAt: now,
    });
    const isLearnersPost = index === 0 && learnerId !== undefined;
    const rows: (typeof placements.$inferInsert)[] = [];
    const add = (
      organisationId: string,
      setting: Setting,
      specialty: string,
      startsOn: string,
      endsOn: string,
      sessionsPerWeek: number,
      supervised = false,
    ) =>
      rows.push({
        id: newId(),
        postId,
        organisationId,
        siteId: siteOf(organisationId),
        setting,
        specialty,
        startsOn,
        endsOn,
        sessionsPerWeek,
        clinicalSupervisorUserId: supervised ? (supervisorId ?? null) : null,
        createdAt: now,
        updatedAt: now,
      });
    if (blocks) {
      const practice = ofKind('general_practice')[index % 3] ?? trust;
      const mentalHealth = ofKind('mental_health_trust')[0] ?? trust;
      add(trust.id, 'acute_hospital', first, span.startsOn, addDays(thirds[0] ?? half, -1), 8);
      add(practice.id, 'general_practice', 'General practice', thirds[0] ?? half, addDays(thirds[1] ?? half, -1), 8);
      add(mentalHealth.id, 'mental_health', 'Community mental health', thirds[1] ?? half, span.endsOn, 8);
    } else {
      add(trust.id, 'acute_hospital', first, span.startsOn, addDays(half, -1), 8, isLearnersPost);
      add(trust.id, 'acute_hospital', second, half, span.endsOn, 8);
    }
    add(partnerOrg.id, partner.setting, partner.specialty, span.startsOn, span.endsOn, 2, isLearnersPost);
    await db.insert(placements).values(rows);
  }
}
