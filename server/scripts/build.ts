/**
 * Bundles the CLI (and the TypeScript of @devolve/db) into server/dist/cli.js, so production runs
 * plain JavaScript instead of compiling with tsx on every start (70–80 MB more per process).
 * npm dependencies stay external: Node loads them from server/node_modules as it would unbundled.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bundlePath = path.join(serverRoot, 'dist', 'cli.js');

const dependencies = (dir: string) =>
  (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {};

export async function buildServer(): Promise<void> {
  const server = dependencies(serverRoot);
  const db = dependencies(path.join(serverRoot, '../db'));
  // The bundle resolves @devolve/db's imports from server/node_modules, where pnpm only links
  // what @devolve/server itself declares.
  const undeclared = Object.entries(db).filter(([name, range]) => !name.startsWith('@devolve/') && server[name] !== range);
  if (undeclared.length > 0) {
    throw new Error(
      `@devolve/server must declare what the bundled @devolve/db imports, with the same range: ${undeclared.map(([n, r]) => `${n}@${r}`).join(', ')}`,
    );
  }
  const { metafile, outputFiles } = await build({
    entryPoints: [path.join(serverRoot, 'src/cli.ts')],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Every npm package stays external (and its own files, e.g. PGlite's wasm, stay where it finds them).
    external: Object.keys(server).filter((name) => !name.startsWith('@devolve/')),
    sourcemap: 'linked',
    // Stack traces need positions only; the sources are in the repository.
    sourcesContent: false,
    logLevel: 'warning',
    metafile: true,
    write: false,
  });
  // An import of a package not declared above would be bundled silently (and, if CommonJS, fail on
  // its first `require`): refuse it instead.
  const bundled = Object.keys(metafile.inputs).filter((input) => input.includes('node_modules/'));
  if (bundled.length > 0) throw new Error(`Declare these in server/package.json dependencies so they stay external: ${bundled.join(', ')}`);
  // Written aside and renamed: a process starting from the bundle meanwhile (a test's server while
  // another test rebuilds) reads the old file or the new one, never half of one.
  mkdirSync(path.dirname(bundlePath), { recursive: true });
  for (const file of outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildServer();
  console.log(`Built ${path.relative(process.cwd(), bundlePath)} in ${Math.round(performance.now() - started)} ms.`);
}
