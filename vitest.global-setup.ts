import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { preparePgliteSnapshot, prepareTemplateDatabase } from './src/platform/db/testing.ts';

/**
 * Before any test file: on PostgreSQL, the migrated template database each file copies; on the embedded database,
 * a migrated snapshot each file loads (half a second instead of about four to create and migrate one).
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.BREADTH_TEST_BACKEND === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (url === undefined) throw new Error('BREADTH_TEST_BACKEND=postgres needs TEST_DATABASE_URL');
    await prepareTemplateDatabase(url, process.env.BREADTH_TEST_TEMPLATE ?? 'breadth_test_template');
    return undefined;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'breadth-pglite-'));
  const file = path.join(dir, 'migrated.tar');
  await preparePgliteSnapshot(file);
  process.env.BREADTH_PGLITE_SNAPSHOT = file;
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
