import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  enumKeyOf,
  enumRows,
  powerTypeOfCode,
  throttle,
  topWithOther,
  unitLabel,
  unitRows,
  type ChartRow,
} from './dashboard-data.ts';

const stageLabels = {
  DRAFT: '草稿',
  SUBMITTED: '已报送',
  INITIAL_REVIEW: '初审',
  DECIDED: '已办结',
};

describe('group keys to labels', () => {
  it('maps database enum values to the schema enum and keeps the label table’s order, with zeros', () => {
    expect(enumKeyOf('initial_review')).toBe('INITIAL_REVIEW');
    const rows = enumRows(
      [
        { key: 'decided', count: 35 },
        { key: 'initial_review', count: 1200 },
        { key: 'draft', count: 4 },
      ],
      stageLabels,
    );
    expect(rows).toEqual([
      { key: 'DRAFT', label: '草稿', count: 4 },
      { key: 'SUBMITTED', label: '已报送', count: 0 },
      { key: 'INITIAL_REVIEW', label: '初审', count: 1200 },
      { key: 'DECIDED', label: '已办结', count: 35 },
    ]);
  });

  it('keeps a key it does not know at the end, under the key itself', () => {
    const rows = enumRows([{ key: 'archived', count: 2 }, { key: 'submitted', count: 9 }], stageLabels);
    expect(rows.at(-1)).toEqual({ key: 'archived', label: 'archived', count: 2 });
    expect(rows.find((row) => row.key === 'SUBMITTED')?.count).toBe(9);
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(11);
  });

  it('maps power type codes 01–10 to the schema’s power types', () => {
    expect(powerTypeOfCode('01')).toBe('LICENSING');
    expect(powerTypeOfCode('06')).toBe('INSPECTION');
    expect(powerTypeOfCode('10')).toBe('OTHER');
    expect(powerTypeOfCode('20')).toBeUndefined();
    const rows = enumRows(
      [{ key: '02', count: 7 }, { key: '01', count: 3 }],
      { LICENSING: '行政许可', PENALTY: '行政处罚' },
      powerTypeOfCode,
    );
    expect(rows).toEqual([
      { key: 'LICENSING', label: '行政许可', count: 3 },
      { key: 'PENALTY', label: '行政处罚', count: 7 },
    ]);
  });

  it('names units by id, most proposals first, and falls back to the id for an unknown unit', () => {
    const names = new Map([
      ['VW5pdDox', '市公安局'],
      ['VW5pdDoy', '市教育局'],
    ]);
    const rows = unitRows(
      [
        { key: 'VW5pdDox', count: 10 },
        { key: 'VW5pdDoy', count: 250 },
        { key: 'VW5pdDo5', count: 1 },
      ],
      (id) => names.get(id),
    );
    expect(rows.map((row) => [row.label, row.count])).toEqual([
      ['市教育局', 250],
      ['市公安局', 10],
      ['VW5pdDo5', 1],
    ]);
  });

  it('names a unit in the interface language, falling back to its Chinese short name', () => {
    const unit = { shortName: '市司法局', nameEn: 'Guangzhou Municipal Bureau of Justice' };
    expect(unitLabel(unit, 'zh-CN')).toBe('市司法局');
    expect(unitLabel(unit, 'en')).toBe('Guangzhou Municipal Bureau of Justice');
    expect(unitLabel({ shortName: '市残联', nameEn: null }, 'en')).toBe('市残联');
  });
});

describe('top N and the rest', () => {
  const units = (counts: number[]): ChartRow[] => counts.map((count, i) => ({ key: `u${i}`, label: `单位${i}`, count }));

  it('keeps the largest and combines the rest into one row that says how many it holds', () => {
    const rows = topWithOther(units([5, 50, 1, 20, 3, 8]), 3, (n) => `其他（${n}个单位）`);
    expect(rows.map((row) => row.count)).toEqual([50, 20, 8, 9]);
    expect(rows.at(-1)).toEqual({ key: 'other', label: '其他（3个单位）', count: 9, combined: true });
    expect(rows.slice(0, 3).every((row) => !row.combined)).toBe(true);
  });

  it('shows every row when at most one would be left over', () => {
    expect(topWithOther(units([1, 2, 3, 4]), 3, () => '其他')).toHaveLength(4);
    expect(topWithOther(units([1, 2]), 3, () => '其他').map((row) => row.count)).toEqual([2, 1]);
    expect(topWithOther([], 15, () => '其他')).toEqual([]);
  });

  it('orders equal counts by label, so the bars do not shuffle between refetches', () => {
    const rows = topWithOther(
      [
        { key: 'b', label: 'B', count: 4 },
        { key: 'a', label: 'A', count: 4 },
        { key: 'c', label: 'C', count: 9 },
      ],
      5,
      () => '其他',
    );
    expect(rows.map((row) => row.key)).toEqual(['c', 'a', 'b']);
  });
});

describe('throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, then folds a burst into one run at the end of the interval', () => {
    const run = vi.fn();
    const throttled = throttle(run, 2000);
    throttled.call();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) throttled.call();
    vi.advanceTimersByTime(1999);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(2);
    // Quiet for a while: the next call runs at once again.
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(2);
    throttled.call();
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('never runs twice within the interval, even for a call right after the trailing run', () => {
    const run = vi.fn();
    const throttled = throttle(run, 2000);
    throttled.call();
    throttled.call();
    vi.advanceTimersByTime(2000);
    expect(run).toHaveBeenCalledTimes(2);
    throttled.call();
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(2000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('drops the pending run when cancelled (the page was left)', () => {
    const run = vi.fn();
    const throttled = throttle(run, 2000);
    throttled.call();
    throttled.call();
    throttled.cancel();
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
