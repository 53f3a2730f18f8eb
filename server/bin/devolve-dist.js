#!/usr/bin/env node
// Runs the bundle `pnpm build` writes: plain JavaScript, no TypeScript compiler in the process
// (bin/devolve.js runs the sources through tsx instead, for development and tests).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  console.error('devolve: server/dist/cli.js is missing. Run `pnpm build` first.');
  process.exit(1);
}
// Stack traces then name src/*.ts lines instead of the bundle's; the parsed map costs about 7 MB.
process.setSourceMapsEnabled(true);
await import(bundle.href);
