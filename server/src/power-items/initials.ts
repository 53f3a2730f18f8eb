import { powerItems, type Database } from '@devolve/db';
import { isNull, sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import type { Job } from '../jobs/runner.ts';
import { joinedById, jsonRows } from '../json-rows.ts';

/**
 * 拼音首字母 search: people look items up by the first letters of their pinyin ("xzxk" for
 * 行政许可). pinyin-pro reads each character in its context (多音字 such as 行 in 行政 / 银行).
 */
const initialsOf = (text: string): string =>
  pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The stored initials of an item: its name's, then its sub-item name's, space-separated. */
export function nameInitials(name: string, subItemName: string | null): string {
  return [name, subItemName ?? ''].map(initialsOf).filter((part) => part.length > 0).join(' ');
}

/** A search text the initials can answer: Latin letters only, 2 to 20 of them. */
export const initialsQuery = (search: string): string | null => (/^[a-z]{2,20}$/i.test(search) ? search.toLowerCase() : null);

const batch = 1_000;

/**
 * Items written before the column existed (or by anything that left it empty) get their initials
 * here, a batch per run. A derived search column, not a change to the item: no activity, no version.
 */
export async function fillMissingInitials(db: Database): Promise<number> {
  const rows = await db
    .select({ id: powerItems.id, name: powerItems.name, subItemName: powerItems.subItemName })
    .from(powerItems)
    .where(isNull(powerItems.nameInitials))
    .orderBy(powerItems.id)
    .limit(batch);
  if (rows.length === 0) return 0;
  const values = rows.map((row) => ({ id: row.id, initials: nameInitials(row.name, row.subItemName) }));
  await db
    .update(powerItems)
    .set({ nameInitials: sql`filled.initials` })
    .from(jsonRows('filled', { id: 'integer', initials: 'text' }, values))
    .where(joinedById(powerItems.id, 'filled.id', values.map((value) => value.id)));
  return rows.length;
}

/** Fills missing initials every minute until none are left; then each run is one indexed lookup. */
export const fillInitialsJob: Job = {
  name: 'power-item-initials',
  everyMs: 60_000,
  async run(deps) {
    while ((await fillMissingInitials(deps.db)) === batch);
  },
};
