import { render } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { formatList, formatNumber, formatRelative, localized, locale, setLocale } from './locale.ts';

afterEach(() => setLocale('zh-CN'));

describe('interface language', () => {
  it('speaks Chinese by default and switches every localized string and format, remembering the choice', () => {
    const strings = localized({ hello: '你好' }, { hello: 'Hello' });
    const { container } = render(() => (
      <p>
        {strings().hello} {formatNumber(7580)} {formatList(['越秀', '海珠', '天河'])}
      </p>
    ));
    expect(locale()).toBe('zh-CN');
    expect(container.textContent).toBe('你好 7,580 越秀、海珠和天河');
    setLocale('en');
    expect(container.textContent).toBe('Hello 7,580 越秀, 海珠, & 天河');
    expect(localStorage.getItem('devolve.locale')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('says how long ago in words, and the date beyond a week', () => {
    const now = new Date('2026-11-26T10:00:00');
    expect(formatRelative('2026-11-26T09:57:00', now)).toBe('3分钟前');
    setLocale('en');
    expect(formatRelative('2026-11-26T09:57:00', now)).toBe('3 minutes ago');
    expect(formatRelative('2026-11-01', now)).toBe('Nov 1, 2026');
  });
});
