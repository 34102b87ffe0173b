import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    pool: 'forks',
    // Each worker process keeps its imported modules from one test file to the next instead of loading the whole
    // app again for each (a third of the run's time on this 2-core machine). Test files share no module state:
    // every file builds its own app and database, and none mocks modules, stubs the environment or fakes timers.
    isolate: false,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
