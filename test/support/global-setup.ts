import type { TestProject } from 'vitest/node';
import { prepareTemplates } from './templates.ts';

/**
 * Builds the engine's migrated and seeded templates once, before the project's test files start,
 * so they all clone them instead of each seeding its own (see templates.ts).
 */
export default async function setup(project: TestProject): Promise<void> {
  await prepareTemplates(project.config.env.DEVOLVE_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite');
}
