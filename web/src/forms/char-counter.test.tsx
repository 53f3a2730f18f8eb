import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { CharCounter } from './char-counter.tsx';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

describe('the character counter', () => {
  it('counts trimmed text against the server’s limit', () => {
    render(() => <CharCounter id="c" text="  不予通过的理由 " limit={2000} />);
    expect(screen.getByText('7 / 2,000 字').id).toBe('c');
  });

  it('marks text over the limit', () => {
    render(() => <CharCounter id="c" text="理由太长了" limit={3} />);
    expect(screen.getByText('5 / 3 字').classList.contains('over')).toBe(true);
  });

  it('shows nothing until the limit is known', () => {
    const { container } = render(() => <CharCounter id="c" text="理由" limit={undefined} />);
    expect(container.textContent).toBe('');
  });

  it('speaks English too', () => {
    setLocale('en');
    render(() => <CharCounter id="c" text="why" limit={2000} />);
    expect(screen.getByText('3 / 2,000 characters')).toBeTruthy();
  });
});
