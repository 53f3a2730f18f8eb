import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { othersPresent, personLabel } from './presence-avatars.tsx';
import type { PresenceEntry } from './presence.ts';
import { presenceStrings } from './strings.ts';

afterEach(() => setLocale('zh-CN'));

const entry = (id: string, displayName: string, unit: string): PresenceEntry => ({
  user: { id, displayName, unit: { shortName: unit } },
  typingInThreadId: null,
});

describe('who else is looking', () => {
  const entries = [entry('u1', '杨家豪', '市委编办'), entry('me', '徐卓', '市委编办'), entry('u3', '骆志', '市司法局')];

  it('leaves the signed-in person out, keeping the order the server sent', () => {
    expect(othersPresent(entries, 'me').map((e) => e.user.id)).toEqual(['u1', 'u3']);
    expect(othersPresent(entries, undefined)).toHaveLength(3);
  });

  it('names each person with their unit, and all of them in one sentence, in both languages', () => {
    expect(personLabel(entries[0]!)).toBe('杨家豪（市委编办）');
    expect(presenceStrings().viewing(['杨家豪', '骆志'])).toBe('正在查看：杨家豪和骆志');
    setLocale('en');
    expect(personLabel(entries[0]!)).toBe('杨家豪 (市委编办)');
    expect(presenceStrings().viewing(['杨家豪', '骆志'])).toBe('Also viewing: 杨家豪 & 骆志');
  });
});
