import { describe, expect, it } from 'vitest';
import { initials } from './initials.ts';

describe('avatar initials', () => {
  it('shows the given name of a Chinese name, as colleagues call each other', () => {
    expect(initials('陈志伟')).toBe('志伟');
    expect(initials('张三')).toBe('张三');
    expect(initials('欧阳晓燕')).toBe('晓燕');
    expect(initials('区敏')).toBe('区敏');
    expect(initials('李')).toBe('李');
    expect(initials('欧阳·晓燕')).toBe('晓燕');
  });

  it('shows the initials of the first and last word of other names', () => {
    expect(initials('Chen Zhiwei')).toBe('CZ');
    expect(initials('  ada lovelace king ')).toBe('AK');
    expect(initials('Ada')).toBe('A');
    expect(initials('Li 华')).toBe('L华');
  });

  it('never shows an empty avatar', () => {
    expect(initials('   ')).toBe('?');
  });
});
