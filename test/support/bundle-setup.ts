import { buildServer } from '@devolve/server/build';

/**
 * The multi-process tests start `devolve serve` as production does, from the bundle: built here
 * first, so they never run a bundle older than the sources (and skip tsx's compile per process).
 */
export default async function setup(): Promise<void> {
  await buildServer();
}
