import { defineConfig } from 'vitest/config';

/**
 * Unit tests run alone; API tests run once per engine: always on PGlite, and on PostgreSQL
 * as well when DATABASE_URL is set (each test file then creates and drops its own database).
 */
const engines = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['db/src/**/*.test.ts', 'server/src/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      ...engines.map((engine) => ({
        test: {
          name: `api-${engine}`,
          include: ['test/api/**/*.test.ts'],
          env: { DEVOLVE_TEST_ENGINE: engine },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      })),
    ],
  },
});
