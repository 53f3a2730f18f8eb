import type { Database } from '@devolve/db';
import { getTableColumns, getTableName, type InferInsertModel, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { executedRows } from '../json-rows.ts';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Rows per statement: each chunk is one JSON text of a few megabytes at most. */
const chunkRows = 5_000;

/**
 * The INSERT of one chunk of `rows` into `table`: the rows go as ONE jsonb parameter, read back
 * as the table's own row type by `jsonb_populate_recordset`, in their order. Binding each cell as a
 * parameter (a multi-row VALUES) cost the demo's 66,538 activity rows about a quarter more time on
 * PGlite. Only the columns the rows name are written, so the others take their defaults; a column
 * a row leaves undefined would be NULL here rather than its default, so every row must name the
 * same columns.
 */
function insertChunk<T extends PgTable>(table: T, rows: readonly InferInsertModel<T>[]) {
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter((key) => key in columns);
  const names = keys.map((key) => columns[key]!.name);
  const json = rows.map((row) => {
    const record: Record<string, unknown> = {};
    keys.forEach((key, i) => {
      const value = (row as Record<string, unknown>)[key];
      if (value === undefined) throw new Error(`seed: ${getTableName(table)}.${key} is undefined in one row and given in another`);
      record[names[i]!] = value;
    });
    return record;
  });
  const list = sql.raw(names.map((name) => `"${name}"`).join(', '));
  const type = sql.raw(`"${getTableName(table)}"`);
  return sql`insert into ${type} (${list}) select ${list} from jsonb_populate_recordset(null::${type}, ${JSON.stringify(json)}::text::jsonb) with ordinality as given order by given.ordinality`;
}

/** Bulk insert of `rows` into `table`, in chunks. */
export async function insertAll<T extends PgTable>(tx: Tx, table: T, rows: readonly InferInsertModel<T>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkRows) await tx.execute(insertChunk(table, rows.slice(i, i + chunkRows)));
}

/**
 * Bulk insert returning the new ids in input order: rows are inserted in their order, each drawing
 * its identity value in turn, so sorting the returned ids restores the input order whatever order
 * RETURNING uses.
 */
export async function insertIds<T extends PgTable>(tx: Tx, table: T, rows: readonly InferInsertModel<T>[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += chunkRows) {
    const returned = executedRows<{ id: number }>(await tx.execute(sql`${insertChunk(table, rows.slice(i, i + chunkRows))} returning id`));
    ids.push(...returned.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

/**
 * Runs `fill` with the indexes of `tables` dropped and builds them once after, as a bulk load does:
 * the demo's 171,000 search grams cost PGlite 2.7 s inserted through their primary key's index, and
 * 0.4 s inserted bare and indexed after. The definitions are read from the catalog, so the indexes
 * come back exactly as the migrations made them. Only for tables no insert in `fill` needs an index
 * of (no ON CONFLICT on them) and no foreign key points to.
 */
export async function withIndexesBuiltAfter(tx: Tx, tables: readonly PgTable[], fill: () => Promise<unknown>): Promise<void> {
  const names = sql.join(tables.map((table) => sql`${getTableName(table)}`), sql`, `);
  const indexes = executedRows<{ table: string; name: string; constraint: string | null; definition: string }>(
    await tx.execute(sql`
      select t.relname as "table", i.relname as "name", c.conname as "constraint",
        coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)) as "definition"
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      left join pg_constraint c on c.conindid = i.oid and c.conrelid = t.oid
      where t.relnamespace = 'public'::regnamespace and t.relname in (${names})`),
  );
  for (const index of indexes) {
    await tx.execute(sql.raw(index.constraint ? `alter table "${index.table}" drop constraint "${index.constraint}"` : `drop index "${index.name}"`));
  }
  await fill();
  for (const index of indexes) {
    await tx.execute(sql.raw(index.constraint ? `alter table "${index.table}" add constraint "${index.constraint}" ${index.definition}` : index.definition));
  }
}
