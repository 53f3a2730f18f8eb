import type { Database } from '@devolve/db';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Postgres takes at most 65,535 bind parameters per statement; stay well below it. */
const maxParameters = 30_000;

function chunkSize(rows: readonly object[]): number {
  const columns = Math.max(1, Object.keys(rows[0] ?? {}).length);
  return Math.max(1, Math.floor(maxParameters / columns));
}

/** Bulk insert in parameter-safe chunks: `write` inserts one chunk (kept per table so drizzle types each insert). */
export async function insertAll<R extends object>(rows: R[], write: (chunk: R[]) => Promise<unknown>): Promise<void> {
  const size = chunkSize(rows);
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/**
 * Bulk insert returning the new ids in input order. A multi-row INSERT draws identity values row by
 * row in VALUES order, so sorting the returned ids restores the input order whatever order RETURNING uses.
 */
export async function insertIds<R extends object>(rows: R[], write: (chunk: R[]) => Promise<{ id: number }[]>): Promise<number[]> {
  const size = chunkSize(rows);
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const returned = await write(rows.slice(i, i + size));
    ids.push(...returned.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}
