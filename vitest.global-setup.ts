import { prepareTemplateDatabase } from './src/platform/db/testing.ts';

export default async function setup(): Promise<void> {
  if (process.env.BREADTH_TEST_BACKEND !== 'postgres') return;
  const url = process.env.TEST_DATABASE_URL;
  if (url === undefined) throw new Error('BREADTH_TEST_BACKEND=postgres needs TEST_DATABASE_URL');
  await prepareTemplateDatabase(url, process.env.BREADTH_TEST_TEMPLATE ?? 'breadth_test_template');
}
