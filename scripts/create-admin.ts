/**
 * Creates the first platform administrator on a new installation (production has no demo accounts) and prints a
 * single-use link, valid for 7 days, to set their password. Usage:
 *   npm run admin:create -- --email admin@example.nhs.uk --name "Ada Admin"
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { newId } from '../src/platform/db/ids.ts';
import { users } from '../src/platform/auth/schema.ts';
import { findUserByEmail, issueUserToken, normaliseEmail } from '../src/platform/auth/store.ts';
import { audit, SYSTEM_ACTOR } from '../src/platform/audit/audit.ts';
import { roleAssignments } from '../src/features/people/schema.ts';
import { ensureRegions } from '../src/features/organisations/index.ts';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const input = z
  .object({
    email: z.email({ error: '--email must be an email address' }),
    name: z.string({ error: '--name is required' }).trim().min(1, '--name is required'),
  })
  .safeParse(values);
if (!input.success) {
  process.stderr.write(`${input.error.issues.map((issue) => issue.message).join('\n')}\n`);
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  await ensureRegions(database.db);
  const email = normaliseEmail(input.data.email);
  if ((await findUserByEmail(database.db, email)) !== undefined) {
    process.stderr.write(`An account for ${email} already exists.\n`);
    process.exit(1);
  }
  const now = new Date();
  const token = await database.db.transaction(async (tx) => {
    const id = newId();
    await tx
      .insert(users)
      .values({ id, email, displayName: input.data.name, status: 'invited', createdAt: now, updatedAt: now });
    await tx.insert(roleAssignments).values({
      id: newId(),
      userId: id,
      role: 'platform_admin',
      regionId: null,
      organisationId: null,
      createdAt: now,
    });
    await audit(
      tx,
      SYSTEM_ACTOR,
      {
        action: 'create',
        entityType: 'user',
        entityId: id,
        summary: 'Created the first platform administrator from the command line',
        after: { email, displayName: input.data.name, role: 'platform_admin' },
      },
      now,
    );
    return issueUserToken(tx, id, 'invitation', now, null);
  });
  process.stdout.write(
    `Platform administrator ${email} created. Set the password within 7 days at:\n${config.publicUrl}/auth/set-password/${token}\n`,
  );
} finally {
  await database.close();
}
