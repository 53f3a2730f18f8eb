import type { EnumValue } from '../graphql.ts';
import type { Locale } from '../i18n/locale.ts';

/**
 * Shaping the API's group counts for the charts and their tables. `CampaignProgress` keys its
 * groups by database values (stage `initial_review`, action `delegate`, status `approved`), by
 * type code (`01`–`10`) and by the unit's global id; the page shows labels in the interface
 * language, in a fixed order.
 */

export interface GroupCount {
  key: string;
  count: number;
}

/** One bar of a chart and one row of its data table. */
export interface ChartRow {
  key: string;
  label: string;
  count: number;
  /** The bar that stands for several small groups ("其他"). */
  combined?: boolean;
}

type PowerType = EnumValue<'PowerType'>;

/** 事项类型 codes as `power_items.type_code` carries them (GB/T 39046-2020). */
const powerTypeCodes: Record<PowerType, string> = {
  LICENSING: '01',
  PENALTY: '02',
  COMPULSORY: '03',
  LEVY: '04',
  BENEFIT: '05',
  INSPECTION: '06',
  CONFIRMATION: '07',
  REWARD: '08',
  ADJUDICATION: '09',
  OTHER: '10',
};

/** `initial_review` → `INITIAL_REVIEW`: how the API turns its database enums into GraphQL ones. */
export function enumKeyOf(databaseValue: string): string {
  return databaseValue.toUpperCase();
}

/** `01` → `LICENSING`; undefined for a code the schema does not know. */
export function powerTypeOfCode(code: string): PowerType | undefined {
  return (Object.keys(powerTypeCodes) as PowerType[]).find((type) => powerTypeCodes[type] === code);
}

/**
 * Rows for a schema enum, in the order of its label table (lifecycle order for stages), with a
 * zero row for every value without proposals, so a chart's bars never move around. A key the
 * label table does not know (a value newer than this page) is kept at the end under its own key.
 */
export function enumRows<Key extends string>(
  groups: readonly GroupCount[],
  labels: Record<Key, string>,
  toEnumKey: (key: string) => string | undefined = enumKeyOf,
): ChartRow[] {
  const counts = new Map<string, number>();
  const unknown: ChartRow[] = [];
  for (const group of groups) {
    const key = toEnumKey(group.key);
    if (key !== undefined && key in labels) counts.set(key, (counts.get(key) ?? 0) + group.count);
    else unknown.push({ key: group.key, label: group.key, count: group.count });
  }
  const known = (Object.keys(labels) as Key[]).map((key) => ({ key, label: labels[key], count: counts.get(key) ?? 0 }));
  return [...known, ...unknown];
}

/** Rows for groups keyed by unit id, named by the units list, most proposals first. */
export function unitRows(groups: readonly GroupCount[], nameOf: (unitId: string) => string | undefined): ChartRow[] {
  return byCountDescending(groups.map((group) => ({ key: group.key, label: nameOf(group.key) ?? group.key, count: group.count })));
}

/** Most first; equal counts by label, so the order is stable between refetches. */
export function byCountDescending(rows: readonly ChartRow[]): ChartRow[] {
  return [...rows].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/**
 * The `limit` largest rows and one combined row for the rest, labelled by `otherLabel(how many)`.
 * When only one row would be left over it is shown as itself: "其他（1 个单位）" says less.
 */
export function topWithOther(rows: readonly ChartRow[], limit: number, otherLabel: (rest: number) => string): ChartRow[] {
  const sorted = byCountDescending(rows);
  if (sorted.length <= limit + 1) return sorted;
  const rest = sorted.slice(limit);
  return [
    ...sorted.slice(0, limit),
    {
      key: 'other',
      label: otherLabel(rest.length),
      count: rest.reduce((sum, row) => sum + row.count, 0),
      combined: true,
    },
  ];
}

/** part / whole, or 0 when there is no whole yet. */
export function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/**
 * Runs `run` at most once per `intervalMs`: the first call at once, calls during the interval
 * folded into one run at its end. A burst of live events then costs two refetches, not one each,
 * and the last change is always fetched.
 */
export function throttle(run: () => void, intervalMs: number): { call: () => void; cancel: () => void } {
  let lastRun = Number.NEGATIVE_INFINITY;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    pending = undefined;
    lastRun = Date.now();
    run();
  };
  return {
    call() {
      if (pending !== undefined) return;
      const wait = lastRun + intervalMs - Date.now();
      if (wait <= 0) fire();
      else pending = setTimeout(fire, wait);
    },
    cancel() {
      clearTimeout(pending);
      pending = undefined;
    },
  };
}

/** A unit as the page names it: 市司法局 in Chinese, its English name (if it has one) in English. */
export function unitLabel(unit: { shortName: string; nameEn: string | null }, language: Locale): string {
  return language === 'en' ? (unit.nameEn ?? unit.shortName) : unit.shortName;
}
