import { and, asc, desc, eq, getColumns, getTableName, gt, lt, or, sql, type Column, type SQL, type Table } from 'drizzle-orm';
import { alias, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { ValidationError } from './errors.ts';
import { isTimestampText } from './dates.ts';
import { hasControlCharacters } from './text-input.ts';

/** How a connection is ordered: the object form of drizzle's `orderBy` the connection's query uses. */
export type OrderBy<T extends Table> = Partial<Record<keyof T['_']['columns'] & string, 'asc' | 'desc'>>;

/**
 * A connection's page: the default when the client names no size, and the largest. Root lists
 * cap a larger request (`pageInfo.hasNextPage` says there is more); a list nested in another
 * (a proposal's threads, a thread's comments) refuses it, since its pages multiply.
 */
export const pageSizes = { default: 20, max: 100 } as const;

/** The rows a root list's page holds for the `first` or `last` asked: the default when none is, capped at the largest. */
export const pageSizeFor = (asked: number | null | undefined): number => Math.min(Math.max(asked ?? pageSizes.default, 0), pageSizes.max);

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/**
 * Checks relay paging arguments before the connection plugin does, so a client's mistake comes
 * back as a coded VALIDATION error (pages above the maximum: see `pageSizes`). A cursor must be one this connection
 * could have issued: the drizzle plugin reads `DC:N:abc` as NaN and hands it to the database.
 */
export function checkPageArgs<T extends Table>(args: PageArgs, table: T, orderBy: OrderBy<T>, options: { nested?: boolean } = {}): void {
  if (args.first != null && args.last != null) {
    throw new ValidationError('first', '不能同时指定 first 和 last', 'Give either first or last, not both');
  }
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && value < 0) {
      throw new ValidationError(name, `${name} 不能为负数`, `${name} must not be negative`);
    }
    if (options.nested && value != null && value > pageSizes.max) {
      throw new ValidationError(name, `${name} 最大为 ${pageSizes.max}`, `${name} must be at most ${pageSizes.max}`);
    }
  }
  for (const name of ['after', 'before'] as const) {
    const cursor = args[name];
    if (cursor != null && !isCursorFor(cursor, cursorColumns(table, orderBy))) {
      throw new ValidationError(name, `${name} 不是此列表的有效游标`, `${name} is not a cursor of this list`);
    }
  }
}

/** The columns a cursor holds: the ordering, then the primary key the plugin adds as a tie-breaker. */
export function cursorColumns<T extends Table>(table: T, orderBy: OrderBy<T>): Column[] {
  const columns = getColumns(table) as Record<string, Column>;
  const ordered = Object.keys(orderBy).map((key) => columns[key]!);
  const primary = Object.values(columns).filter((column) => column.primary);
  if (primary.length === 0) throw new TypeError(`${getTableName(table)} has no single-column primary key`);
  return [...ordered, ...primary.filter((column) => !ordered.includes(column))];
}

const cursorPrefix = 'DC:';
const maxCursorLength = 1_000;
const integerPattern = /^(?:0|-?[1-9][0-9]{0,15})$/;
const int32 = 2_147_483_647;

/**
 * A cursor is base64 of `DC:` and one tagged chunk (`N:12`, `S:text`) or, for several ordering
 * columns, `T:` and a JSON array of chunks. Each chunk must suit its column, or the database
 * would be the one to refuse it.
 */
function isCursorFor(cursor: string, columns: readonly Column[]): boolean {
  return cursorChunks(cursor, columns) !== null;
}

/** The cursor's chunks, one per column it covers (a prefix of `columns`), or null if it is not one of theirs. */
function cursorChunks(cursor: string, columns: readonly Column[]): string[] | null {
  if (cursor.length > maxCursorLength || !/^[A-Za-z0-9+/]*={0,2}$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  if (!decoded.startsWith(cursorPrefix)) return null;
  const chunk = decoded.slice(cursorPrefix.length);
  if (columns.length === 1) return isChunkFor(chunk, columns[0]!) ? [chunk] : null;
  if (!chunk.startsWith('T:')) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(chunk.slice(2));
  } catch {
    return null;
  }
  return Array.isArray(parts) &&
    parts.length >= 1 &&
    parts.length <= columns.length &&
    parts.every((part, i) => typeof part === 'string' && isChunkFor(part, columns[i]!))
    ? (parts as string[])
    : null;
}

/**
 * The rows past `cursor` in `orderBy` as SQL over `table`, the condition the drizzle plugin adds
 * for `after`: the first ordering column that differs from the cursor's differs in the order's
 * direction. For planned execution (planned/plan.ts), which builds the page's statement itself.
 * Throws for a cursor checkPageArgs would refuse, and for a `Z:` (null) chunk, which planned
 * execution leaves to normal execution.
 */
export function keysetAfter<T extends Table>(table: T, orderBy: OrderBy<T>, cursor: string): SQL {
  const columns = orderedColumns(table, orderBy);
  const chunks = cursorChunks(cursor, columns.map(({ column }) => column));
  if (!chunks || chunks.some((chunk) => chunk.startsWith('Z:'))) throw new TypeError('not a cursor planned execution reads');
  const values = chunks.map((chunk) => (chunk.startsWith('N:') ? Number(chunk.slice(2)) : chunk.slice(2)));
  return or(
    ...chunks.map((_, index) =>
      and(
        ...columns.slice(0, index).map(({ column }, i) => eq(column, values[i])),
        (columns[index]!.ascending ? gt : lt)(columns[index]!.column, values[index]),
      ),
    ),
  )!;
}

/** The cursor's columns (`cursorColumns`) with their keys in the table and their directions in `orderBy`. */
export function orderedColumns<T extends Table>(table: T, orderBy: OrderBy<T>): { column: Column; key: string; ascending: boolean }[] {
  const keys = Object.entries(getColumns(table) as Record<string, Column>);
  return cursorColumns(table, orderBy).map((column) => {
    const key = keys.find(([, c]) => c === column)![0];
    return { column, key, ascending: ((orderBy as Record<string, 'asc' | 'desc'>)[key] ?? 'asc') === 'asc' };
  });
}

/**
 * A forward page's ids found first: the ids of the rows of `table` that `where` holds for, in
 * `orderBy` after `args.after`, as many as the drizzle plugin reads for the page (`first` + 1), by a
 * subquery of their own, as a condition for the page's query (over the table the plugin names).
 * The plugin's query then fetches those rows by id. Why: the page's query selects every column, so
 * PostgreSQL fetches each row it walks past before its filter can drop it; the subquery selects
 * only ids, so where an index holds every column `where` and the order read, it walks that index
 * alone. Undefined for a backward page and a cursor with a null chunk, which the plugin pages alone.
 */
export function pageIdsFirst<T extends PgTable & { id: PgColumn }>(
  table: T,
  where: (table: T) => SQL | undefined,
  orderBy: OrderBy<T>,
  args: PageArgs,
): ((pageTable: T) => SQL) | undefined {
  if (args.last != null || args.before != null) return undefined;
  const walkedName = 'page_ids';
  const walked = alias(table, walkedName) as unknown as T;
  let after: SQL | undefined;
  try {
    after = args.after != null ? keysetAfter(walked, orderBy, args.after) : undefined;
  } catch {
    return undefined;
  }
  const order = orderedColumns(walked, orderBy).map(({ column, ascending }) => (ascending ? asc : desc)(column));
  const limit = pageSizeFor(args.first) + 1;
  const ids = sql`select ${walked.id} from ${table} as ${sql.identifier(walkedName)} where ${and(where(walked), after) ?? sql`true`} order by ${sql.join(order, sql`, `)} limit ${limit}`;
  return (pageTable) => sql`${pageTable.id} = any(array(${ids}))`;
}

function isChunkFor(chunk: string, column: Column): boolean {
  const tag = chunk.slice(0, 2);
  const payload = chunk.slice(2);
  if (tag === 'Z:') return payload === '' && !column.notNull;
  const [kind, constraint] = column.dataType.split(' ');
  if (kind === 'number') {
    if (tag !== 'N:' || !integerPattern.test(payload)) return false;
    const value = Number(payload);
    return constraint === 'int32' ? Math.abs(value) <= int32 : Number.isSafeInteger(value);
  }
  if (kind === 'string') {
    if (tag !== 'S:' || payload.length > 500 || hasControlCharacters(payload)) return false;
    return constraint === 'timestamp' ? isTimestampText(payload) : true;
  }
  return false;
}
