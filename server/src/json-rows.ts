import { and, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { inIds } from './id-lists.ts';

/**
 * Rows as ONE jsonb parameter, read back as the relation `alias(columns)` with
 * `jsonb_to_recordset`: a list command's hundreds of rows bind as one parameter instead of one per
 * cell (PGlite binds 500 × 3 parameters several times slower than it runs the statement; see
 * id-lists.ts). `columns` maps each key of the rows to its SQL type; both are the caller's
 * constants, never input.
 */
export function jsonRows(alias: string, columns: Record<string, string>, rows: readonly Record<string, unknown>[]): SQL {
  const shape = Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ');
  // Sent as text: postgres.js would JSON-encode a parameter the server types as jsonb a second time.
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as ${sql.raw(`${alias}(${shape})`)}`;
}

/**
 * The WHERE of an `UPDATE … FROM jsonRows(…)`: the row whose `id` is `given` (e.g. `moved.proposal_id`),
 * naming the ids once more as a list. The planner cannot tell how many rows `jsonb_to_recordset`
 * yields (it assumes 100), so the join alone hash-joins over a sequential scan of the whole table:
 * one moved proposal scanned all 7,600 of the demo's (10–90 ms on PGlite); with the list it reads
 * the rows through the primary key.
 */
export function joinedById(id: AnyPgColumn, given: string, ids: readonly number[]): SQL {
  return and(sql`${id} = ${sql.raw(given)}`, inIds(id, ids))!;
}

/** The rows of a raw `execute` on either driver: postgres.js gives the rows, PGlite a result holding them. */
export function executedRows<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
