import { sql, type SQL } from 'drizzle-orm';
import { ValidationError } from './errors.ts';

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

/** A list's search text: at most 100 characters (a search, not a document). */
export function searchText(value: string | null | undefined, field: string): string | undefined {
  if (value && value.length > 100) {
    throw new ValidationError(field, '搜索词不能超过 100 个字符', 'The search text must be at most 100 characters');
  }
  return value ?? undefined;
}
