/** The change projects' tables, read and written; no rules here (those are in policy.ts and the services). */
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import type { MemberRole, ProjectArea, ProjectStage, ProjectStatus } from './domain/projects.ts';
import { changeProjects, measurePoints, projectMeasures, projectMembers, projectOrganisations } from './schema.ts';
import { containsPattern } from '../../platform/db/like.ts';

export type ChangeProject = typeof changeProjects.$inferSelect;
export type NewChangeProject = typeof changeProjects.$inferInsert;
export type Measure = typeof projectMeasures.$inferSelect;
export type NewMeasure = typeof projectMeasures.$inferInsert;
export type MeasurePoint = typeof measurePoints.$inferSelect;

export interface Member {
  id: string;
  userId: string | null;
  role: MemberRole;
  /** The account's name, or the partner's as typed. */
  name: string;
  email: string | null;
  organisation: string;
}

export async function findProject(db: Db, id: string): Promise<ChangeProject | undefined> {
  const [row] = await db.select().from(changeProjects).where(eq(changeProjects.id, id));
  return row;
}

/** The project row locked for a change, so that two saves at once are taken one after the other. */
export async function lockProject(db: Db, id: string): Promise<ChangeProject | undefined> {
  const [row] = await db.select().from(changeProjects).where(eq(changeProjects.id, id)).for('update');
  return row;
}

export async function insertProject(db: Db, values: NewChangeProject): Promise<ChangeProject> {
  const [row] = await db.insert(changeProjects).values(values).returning();
  if (row === undefined) throw new Error('The project was not saved');
  return row;
}

export async function updateProject(
  db: Db,
  id: string,
  values: Partial<NewChangeProject>,
  now: Date,
): Promise<ChangeProject> {
  const [row] = await db
    .update(changeProjects)
    .set({ ...values, updatedAt: now, lastActivityAt: now, revision: sql`${changeProjects.revision} + 1` })
    .where(eq(changeProjects.id, id))
    .returning();
  if (row === undefined) throw new Error('The project was not saved');
  return row;
}

/** Notes that something in the project changed (a data point, a cycle), for the fellow's caseload. */
export async function touchProject(db: Db, id: string, now: Date): Promise<void> {
  await db.update(changeProjects).set({ lastActivityAt: now }).where(eq(changeProjects.id, id));
}

export async function deleteProject(db: Db, id: string): Promise<void> {
  await db.delete(changeProjects).where(eq(changeProjects.id, id));
}

// ----- Team -----

export async function membersOf(db: Db, projectIds: readonly string[]): Promise<Map<string, Member[]>> {
  const out = new Map<string, Member[]>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .select({
      projectId: projectMembers.projectId,
      id: projectMembers.id,
      userId: projectMembers.userId,
      role: projectMembers.role,
      partnerName: projectMembers.name,
      organisation: projectMembers.organisation,
      userName: users.displayName,
      email: users.email,
    })
    .from(projectMembers)
    .leftJoin(users, eq(users.id, projectMembers.userId))
    .where(inArray(projectMembers.projectId, [...projectIds]))
    .orderBy(asc(projectMembers.addedAt), asc(projectMembers.id));
  for (const row of rows) {
    const list = out.get(row.projectId) ?? [];
    list.push({
      id: row.id,
      userId: row.userId,
      role: row.role,
      name: row.userName ?? row.partnerName,
      email: row.email,
      organisation: row.organisation,
    });
    out.set(row.projectId, list);
  }
  return out;
}

export async function teamOf(db: Db, projectId: string): Promise<Member[]> {
  return (await membersOf(db, [projectId])).get(projectId) ?? [];
}

export async function memberRoleOf(db: Db, projectId: string, userId: string): Promise<MemberRole | null> {
  const [row] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  return row?.role ?? null;
}

export async function insertMember(db: Db, values: typeof projectMembers.$inferInsert): Promise<void> {
  await db.insert(projectMembers).values(values).onConflictDoNothing();
}

export async function deleteMember(db: Db, projectId: string, memberId: string): Promise<boolean> {
  const rows = await db
    .delete(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.id, memberId)))
    .returning({ id: projectMembers.id });
  return rows.length > 0;
}

export async function organisationIdsOf(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .select({ id: projectOrganisations.organisationId })
    .from(projectOrganisations)
    .where(eq(projectOrganisations.projectId, projectId));
  return rows.map((row) => row.id);
}

export async function replaceOrganisations(db: Db, projectId: string, ids: readonly string[]): Promise<void> {
  await db.delete(projectOrganisations).where(eq(projectOrganisations.projectId, projectId));
  if (ids.length > 0) {
    await db.insert(projectOrganisations).values(ids.map((organisationId) => ({ projectId, organisationId })));
  }
}

// ----- Lists -----

export interface ProjectFilters {
  /** Regions whose projects are listed in full ('all' for every region). */
  regions: 'all' | readonly string[];
  /** And the projects this person is on the team of, or supports as fellow, in any region. */
  memberUserId?: string | undefined;
  status?: ProjectStatus | undefined;
  area?: ProjectArea | undefined;
  stage?: ProjectStage | undefined;
  fellowUserId?: string | undefined;
  q?: string | undefined;
  /** Only projects with no activity since this time. */
  quietSince?: Date | undefined;
}

function listWhere(filters: ProjectFilters): SQL | undefined | false {
  const scopes: (SQL | undefined)[] = [];
  if (filters.regions === 'all') scopes.push(sql`true`);
  else if (filters.regions.length > 0) scopes.push(inArray(changeProjects.regionId, [...filters.regions]));
  if (filters.memberUserId !== undefined) {
    scopes.push(
      sql`exists (select 1 from ${projectMembers} where ${projectMembers.projectId} = ${changeProjects.id} and ${projectMembers.userId} = ${filters.memberUserId})`,
      eq(changeProjects.fellowUserId, filters.memberUserId),
    );
  }
  if (scopes.length === 0) return false;
  const q = filters.q?.trim() ?? '';
  return and(
    or(...scopes),
    filters.status === undefined ? undefined : eq(changeProjects.status, filters.status),
    filters.area === undefined ? undefined : eq(changeProjects.area, filters.area),
    filters.stage === undefined ? undefined : eq(changeProjects.stage, filters.stage),
    filters.fellowUserId === undefined
      ? undefined
      : filters.fellowUserId === ''
        ? isNull(changeProjects.fellowUserId)
        : eq(changeProjects.fellowUserId, filters.fellowUserId),
    filters.quietSince === undefined ? undefined : lt(changeProjects.lastActivityAt, filters.quietSince),
    q === ''
      ? undefined
      : or(
          ilike(changeProjects.title, containsPattern(q)),
          ilike(changeProjects.aim, containsPattern(q)),
          ilike(changeProjects.setting, containsPattern(q)),
        ),
  );
}

export async function listProjects(
  db: Db,
  filters: ProjectFilters,
  limit: number,
  offset: number,
): Promise<{ items: ChangeProject[]; total: number }> {
  const where = listWhere(filters);
  if (where === false) return { items: [], total: 0 };
  const [totalRow] = await db.select({ n: count() }).from(changeProjects).where(where);
  const items = await db
    .select()
    .from(changeProjects)
    .where(where)
    .orderBy(desc(changeProjects.lastActivityAt), asc(changeProjects.id))
    .limit(limit)
    .offset(offset);
  return { items, total: totalRow?.n ?? 0 };
}

/** The projects whose team this person is on, or whose fellow they are, newest activity first. */
export async function projectsOfPerson(db: Db, userId: string): Promise<ChangeProject[]> {
  return (await listProjects(db, { regions: [], memberUserId: userId }, 200, 0)).items;
}

// ----- Measures and their data -----

export async function measuresOf(db: Db, projectId: string): Promise<Measure[]> {
  return db
    .select()
    .from(projectMeasures)
    .where(eq(projectMeasures.projectId, projectId))
    .orderBy(asc(projectMeasures.position), asc(projectMeasures.createdAt));
}

export async function findMeasure(db: Db, projectId: string, measureId: string): Promise<Measure | undefined> {
  const [row] = await db
    .select()
    .from(projectMeasures)
    .where(and(eq(projectMeasures.id, measureId), eq(projectMeasures.projectId, projectId)));
  return row;
}

export async function insertMeasure(db: Db, values: NewMeasure): Promise<Measure> {
  const [row] = await db.insert(projectMeasures).values(values).returning();
  if (row === undefined) throw new Error('The measure was not saved');
  return row;
}

export async function updateMeasure(db: Db, id: string, values: Partial<NewMeasure>): Promise<Measure> {
  const [row] = await db.update(projectMeasures).set(values).where(eq(projectMeasures.id, id)).returning();
  if (row === undefined) throw new Error('The measure was not saved');
  return row;
}

export async function deleteMeasure(db: Db, id: string): Promise<void> {
  await db.delete(projectMeasures).where(eq(projectMeasures.id, id));
}

export async function nextMeasurePosition(db: Db, projectId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${projectMeasures.position}), 0)::int` })
    .from(projectMeasures)
    .where(eq(projectMeasures.projectId, projectId));
  return (row?.n ?? 0) + 1;
}

export async function pointsOf(db: Db, measureIds: readonly string[]): Promise<Map<string, MeasurePoint[]>> {
  const out = new Map<string, MeasurePoint[]>();
  if (measureIds.length === 0) return out;
  const rows = await db
    .select()
    .from(measurePoints)
    .where(inArray(measurePoints.measureId, [...measureIds]))
    .orderBy(asc(measurePoints.day));
  for (const row of rows) {
    const list = out.get(row.measureId) ?? [];
    list.push(row);
    out.set(row.measureId, list);
  }
  return out;
}

/** Saves data points; a day that already has a value takes the new one (and its note). Returns how many were new. */
export async function upsertPoints(
  db: Db,
  measureId: string,
  points: readonly { id: string; day: string; value: number; note: string }[],
  now: Date,
): Promise<{ added: number; replaced: number }> {
  if (points.length === 0) return { added: 0, replaced: 0 };
  const existing = await db
    .select({ day: measurePoints.day })
    .from(measurePoints)
    .where(
      and(
        eq(measurePoints.measureId, measureId),
        inArray(
          measurePoints.day,
          points.map((point) => point.day),
        ),
      ),
    );
  for (let start = 0; start < points.length; start += 500) {
    await db
      .insert(measurePoints)
      .values(points.slice(start, start + 500).map((point) => ({ ...point, measureId, createdAt: now })))
      .onConflictDoUpdate({
        target: [measurePoints.measureId, measurePoints.day],
        set: { value: sql`excluded.value`, note: sql`excluded.note` },
      });
  }
  return { added: points.length - existing.length, replaced: existing.length };
}

export async function findPoint(db: Db, measureId: string, pointId: string): Promise<MeasurePoint | undefined> {
  const [row] = await db
    .select()
    .from(measurePoints)
    .where(and(eq(measurePoints.id, pointId), eq(measurePoints.measureId, measureId)));
  return row;
}

export async function deletePoint(db: Db, pointId: string): Promise<void> {
  await db.delete(measurePoints).where(eq(measurePoints.id, pointId));
}

export async function setRebase(db: Db, pointId: string, rebase: boolean): Promise<void> {
  await db.update(measurePoints).set({ rebase }).where(eq(measurePoints.id, pointId));
}

/** People's names by id, for the fellow and authors of notes. */
export { displayNamesOf as userNamesOf } from '../../platform/auth/store.ts';
