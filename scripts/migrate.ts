/**
 * Applies pending migrations to the configured database (DATABASE_URL, or the embedded one in DATA_DIR) and exits.
 * `npm start` also migrates on boot; this is for deployments that migrate as a separate step.
 */
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  process.stdout.write(`Migrations applied (${database.kind}).\n`);
} finally {
  await database.close();
}
