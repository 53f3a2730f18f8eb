import { sql, type SQL } from 'drizzle-orm';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern matching `text` anywhere, with its own % and _ taken literally. */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;

/** A LIKE pattern matching values that start with `text`. */
export const prefixPattern = (text: string) => `${escapeLike(text)}%`;

/**
 * A relational-query `where` from a condition builder. The builder takes the table because the
 * relational query aliases it while counts use the plain table, so one builder serves both.
 */
export function rawWhere<T>(build: (table: T) => SQL | undefined): { RAW: (table: T) => SQL } {
  return { RAW: (table) => build(table) ?? sql`true` };
}
