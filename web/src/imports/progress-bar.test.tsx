import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { ProgressBar } from './progress-bar.tsx';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

describe('the import progress bar', () => {
  it('says how far it has got, in percent, to assistive technology', () => {
    render(() => <ProgressBar label="正在上传" done={512} total={2048} detail="1 KB / 2 KB" />);
    const bar = screen.getByRole('progressbar', { name: '正在上传' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(bar.getAttribute('aria-valuetext')).toBe('25% · 1 KB / 2 KB');
  });

  it('has no value while the total is unknown (indeterminate)', () => {
    render(() => <ProgressBar label="正在写入" done={0} total={null} />);
    const bar = screen.getByRole('progressbar', { name: '正在写入' });
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
  });
});
