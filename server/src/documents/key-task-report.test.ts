import { describe, expect, it } from 'vitest';
import { chineseDate, chineseNumeral } from './key-task-report.ts';

describe('the quarterly report’s Chinese numbering and dates', () => {
  it('numbers achievements 一 to 二十 as the reports do', () => {
    expect([1, 9, 10, 11, 15, 19, 20].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '十五', '十九', '二十']);
  });

  it('dates the report by its day in China, without leading zeros', () => {
    expect(chineseDate(new Date('2019-12-27T02:00:00Z'))).toBe('2019年12月27日');
    // 20:00 UTC on 31 December is already 1 January in Guangzhou.
    expect(chineseDate(new Date('2019-12-31T20:00:00Z'))).toBe('2020年1月1日');
  });
});
