import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, the folder holding pnpm-workspace.yaml, found by walking up from this
 * module. Files Devolve reads at run time (db/drizzle, web/dist, .data) are located from here, so
 * the answer is the same from db/src under tsx and from the bundle in server/dist.
 */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`Devolve runs from its repository (the folder with pnpm-workspace.yaml), and there is none above ${from}.`);
    }
  }
}
