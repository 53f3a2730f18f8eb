import { sql, type SQL } from 'drizzle-orm';

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
