import { describe, expect, it } from 'vitest';
import { initialsQuery, nameInitials } from './initials.ts';

describe('pinyin initials of a power item', () => {
  it('are the first letters of the name, then of the sub-item name, lower case', () => {
    expect(nameInitials('行政许可', null)).toBe('xzxk');
    expect(nameInitials('特种设备使用登记', '电梯使用登记')).toBe('tzsbsydj dtsydj');
  });

  it('read a character by its context (多音字) and leave out what is not Chinese', () => {
    expect(nameInitials('银行业金融机构设立审批', null)).toBe('yhyjrjgslsp');
    expect(nameInitials('危险化学品经营许可（带储存设施）', null)).toBe('wxhxpjyxkdccss');
    expect(nameInitials('A级景区评定', null)).toBe('jjqpd');
  });

  it('answer only a query of 2 to 20 Latin letters, in lower case', () => {
    expect(initialsQuery('XZXK')).toBe('xzxk');
    expect(initialsQuery('x')).toBeNull();
    expect(initialsQuery('44010107')).toBeNull();
    expect(initialsQuery('许可')).toBeNull();
    expect(initialsQuery('a'.repeat(21))).toBeNull();
  });
});
