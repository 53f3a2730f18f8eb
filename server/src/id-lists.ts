import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = any('{1,2,…}'::integer[])`: a list command's "one of these ids" as ONE parameter.
 * drizzle's `inArray` sends one parameter per id, and with hundreds of ids PGlite spends several
 * times longer binding them than running the statement (500 ids: ~30 ms against ~5 ms).
 */
export function inIds(column: AnyPgColumn, ids: readonly number[]): SQL {
  if (!ids.every(Number.isSafeInteger)) throw new TypeError('inIds takes integer ids');
  return sql`${column} = any(${`{${ids.join(',')}}`}::integer[])`;
}
