import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Node loads graphql's CommonJS entry for Yoga and Pothos; without this alias Vite would give our
// own modules the ESM entry, a second copy whose GraphQLError fails `instanceof` checks.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql', { paths: ['server'] });

/** Seeds each engine's template databases once, before the files that clone them (test/support/templates.ts). */
const templates = 'test/support/global-setup.ts';
/** Builds server/dist for the projects that start it as production does (test/support/bundle-setup.ts). */
const serverBundle = 'test/support/bundle-setup.ts';

/**
 * Unit tests run alone; API tests run once per engine: always on PGlite, and on PostgreSQL
 * as well when DATABASE_URL is set (each test file then clones and drops its own database).
 */
/** Server-side tests that need the seeded template: they run in the `commands` project, not `unit`. */
const onSeededTemplate = ['server/src/**/commands*.test.ts', 'server/src/seed/seed.test.ts', 'server/src/seed/replay.test.ts', 'server/src/http/public-pages.test.ts'];

const engines = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** The public comment form in tests: an 8-bit proof (a few hundred hashes) and room for the matrix's calls from one address. */
const publicCommentEnv = { DEVOLVE_PUBLIC_COMMENT_PROOF_BITS: '8', DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS: '1000' };

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    // Vitest's default leaves a core idle (cores - 1: one worker on a 2-core machine), but much of a
    // test file's time is spent waiting on PostgreSQL, chromium or a server process, not computing:
    // with a worker per core the two cores were a fifth idle, so one worker more than cores.
    maxWorkers: availableParallelism() + 1,
    // Limits that catch a hung test, not slow ones: the browser story's steps took 50-60 s on a
    // machine of this kind whose cores ran at half the speed of an earlier one (the demo seed 22 s
    // against 9 s), with every core busy.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Every file imports most of the server (schema, drizzle, Pothos): in a fresh module graph per
    // file that import cost two minutes of the API run. The files share no module state that matters
    // (each starts its own server on its own database copy, and nothing is mocked), so a worker
    // keeps its modules from one file to the next.
    isolate: false,
    projects: [
      // The web app's component tests: jsdom and the Solid compiler, configured in web/.
      'web/vitest.config.ts',
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['db/src/**/*.test.ts', 'server/src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...onSeededTemplate],
        },
      },
      // The CLI run as an operator runs it: real processes of the bundle (`pnpm devolve:dist`, built
      // first by the global setup; tsx's compile cost each process about 2 s of CPU more). Its own
      // project because Vitest starts projects in name order: these long files then start mid-run
      // rather than last, where they alone made the run's tail.
      {
        extends: true,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          globalSetup: [serverBundle],
        },
      },
      // Domain commands run directly, without HTTP, on a copy of the seeded demo database (PGlite);
      // the seed's own test compares a fresh seed with that copy, and the public pages read their
      // metadata from one.
      {
        extends: true,
        test: {
          name: 'commands',
          include: onSeededTemplate,
          env: { DEVOLVE_TEST_ENGINE: 'pglite' },
          globalSetup: [templates],
        },
      },
      ...engines.map((engine) => ({
        extends: true as const,
        test: {
          name: `api-${engine}`,
          include: ['test/api/**/*.test.ts'],
          env: { DEVOLVE_TEST_ENGINE: engine, ...publicCommentEnv },
          globalSetup: [templates],
        },
      })),
      // Real `devolve serve` processes sharing one PostgreSQL database (and Redis, when REDIS_URL is set).
      ...(process.env.DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: 'multi-process',
                include: ['test/multi/processes.test.ts', 'test/multi/postgres-listener.test.ts', 'test/multi/login-limits.test.ts', 'test/multi/database-faults.test.ts', 'test/multi/jobs.test.ts', ...(process.env.REDIS_URL ? ['test/multi/redis.test.ts'] : [])],
                env: { DEVOLVE_TEST_ENGINE: 'postgres' },
                globalSetup: [templates, serverBundle],
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          env: { DEVOLVE_TEST_ENGINE: 'pglite', ...publicCommentEnv },
          globalSetup: [templates],
        },
      },
    ],
  },
});
