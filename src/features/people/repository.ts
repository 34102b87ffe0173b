import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { RoleAssignment } from '../../platform/auth/roles.ts';
import { roleAssignments } from './schema.ts';

export async function loadRoles(db: Db, userId: string): Promise<RoleAssignment[]> {
  const rows = await db
    .select({
      role: roleAssignments.role,
      regionId: roleAssignments.regionId,
      organisationId: roleAssignments.organisationId,
    })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId));
  return rows;
}
