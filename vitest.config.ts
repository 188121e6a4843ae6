import { defineConfig } from 'vitest/config';

/*
 * Test tiers:
 *  - unit: pure functions and rules, next to the code (src/**\/*.test.ts) and in test/unit.
 *  - integration: real database + real HTTP (inject); the same files run twice,
 *    once on SQLite and once on PostgreSQL (TEST_DATABASE_URL or the local server).
 *  - cli: the broadsheet command run as a child process, as an operator would.
 *  - browser: Chromium via playwright-core against a listening server.
 *
 * Unit and integration files wait on the database more than they compute, so
 * two run at once (on a two-core machine Vitest would run one). The CLI files
 * start real servers and time their restarts, and the browser files drive
 * Chromium: each of those runs alone, after the others (sequence.groupOrder).
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    maxWorkers: 2,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/results.json' }]] : ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}'], isolate: false, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'integration-sqlite',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          // Files named *.postgres.test.ts test what only PostgreSQL has (LISTEN/NOTIFY between processes).
          exclude: ['test/integration/**/*.postgres.test.{ts,tsx}'],
          env: { TEST_DIALECT: 'sqlite' },
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-postgres',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          // Files named *.sqlite.test.ts test what only SQLite has (a database size limit standing in for a full disk).
          exclude: ['test/integration/**/*.sqlite.test.{ts,tsx}'],
          env: { TEST_DIALECT: 'postgres' },
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
