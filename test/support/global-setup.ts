import { prepareTemplates } from './templates.ts';

/**
 * Builds the migrated and seeded templates once, before any test file starts, so they all clone
 * them instead of each seeding its own (see templates.ts). Every engine's are built together:
 * PGlite's work runs in this process, PostgreSQL's mostly in the server's, so the two overlap.
 * Projects that start later find them built.
 */
export default async function setup(): Promise<void> {
  const engines = process.env.DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
  await Promise.all(engines.map((engine) => prepareTemplates(engine)));
}
