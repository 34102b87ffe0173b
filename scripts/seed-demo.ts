/**
 * Loads the demo region into an empty database (the same step `npm start` takes outside production).
 * Refuses to touch a database that already has accounts.
 */
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { seedIfEmpty } from '../src/seed.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  // At BREADTH_CLOCK_START when it is set, as the server would load it; otherwise now.
  const seeded = await seedIfEmpty(
    database.db,
    { demoLogins: config.demoLoginsEnabled },
    config.clockStart ?? new Date(),
  );
  process.stdout.write(seeded ? 'Demo region loaded.\n' : 'The database already has accounts; nothing was loaded.\n');
} finally {
  await database.close();
}
