import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema.ts';

/**
 * Writes schema.graphql at the repository root from the Pothos schema. With --check it writes
 * nothing and fails when the committed file differs, so schema drift breaks the test command.
 */
const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // A missing file is drift too.
  }
  if (committed !== printed) {
    console.error('schema.graphql is out of date: run `pnpm schema:print` and commit the result.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(target, printed);
  console.log(`Wrote ${target}`);
}
