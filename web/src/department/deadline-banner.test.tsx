import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { DeadlineBanner, submissionDeadlineWarning } from './deadline-banner.tsx';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

describe('the submission deadline warning (报送截止)', () => {
  it('warns within three days, the day itself included, and once the deadline has passed', () => {
    expect(submissionDeadlineWarning('2019-11-30', '2019-11-26')).toBeNull();
    expect(submissionDeadlineWarning('2019-11-30', '2019-11-27')).toEqual({ kind: 'soon', daysLeft: 3 });
    expect(submissionDeadlineWarning('2019-11-30', '2019-11-30')).toEqual({ kind: 'soon', daysLeft: 0 });
    expect(submissionDeadlineWarning('2019-11-30', '2019-12-01')).toEqual({ kind: 'past' });
    expect(submissionDeadlineWarning(null, '2019-12-01')).toBeNull();
  });

  it('says how many days are left, in Chinese and in English', () => {
    render(() => <DeadlineBanner deadline="2019-11-30" today="2019-11-28" />);
    expect(screen.getByRole('note').textContent).toMatch(/^报送截止：.*2019.*还剩 2 天/);
    setLocale('en');
    expect(screen.getByRole('note').textContent).toMatch(/Submission deadline: .*2 days left/);
  });

  it('says the deadline has passed, and shows nothing while it is far off', () => {
    const { unmount } = render(() => <DeadlineBanner deadline="2019-11-30" today="2019-12-02" />);
    expect(screen.getByRole('note').textContent).toMatch(/^已过报送截止日期/);
    unmount();
    render(() => <DeadlineBanner deadline="2019-11-30" today="2019-11-01" />);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
