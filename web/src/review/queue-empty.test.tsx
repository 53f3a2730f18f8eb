import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { emptyReason, QueueEmpty } from './queue-empty.tsx';
import { sortsBySubmission } from './queue-url.ts';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

describe('an empty queue says why it is empty', () => {
  it('an empty campaign is not a filter that matches nothing', () => {
    expect(emptyReason(0, false)).toBe('campaign');
    expect(emptyReason(0, true)).toBe('campaign');
    expect(emptyReason(12, false)).toBe('campaign');
    expect(emptyReason(12, true)).toBe('filter');
  });

  it('a campaign without readable proposals says so and offers no filter to clear', () => {
    render(() => <QueueEmpty campaignProposalCount={0} filtered={true} onClearFilters={() => undefined} />);
    expect(screen.getByText('本次评估还没有您可查看的精简意见。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '清除筛选' })).toBeNull();
  });

  it('filters that exclude every proposal offer 清除筛选', () => {
    const clear = vi.fn();
    render(() => <QueueEmpty campaignProposalCount={3} filtered={true} onClearFilters={clear} />);
    expect(screen.getByText(/没有符合当前筛选条件的/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '清除筛选' }));
    expect(clear).toHaveBeenCalledOnce();
  });

  it('speaks English too', () => {
    setLocale('en');
    render(() => <QueueEmpty campaignProposalCount={3} filtered={true} onClearFilters={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Clear filters' })).toBeTruthy();
  });
});

describe('the queue date column', () => {
  it('shows the submission date when the order follows submission', () => {
    expect(sortsBySubmission('OLDEST')).toBe(true);
    expect(sortsBySubmission('NEWEST')).toBe(true);
    expect(sortsBySubmission('RECENTLY_UPDATED')).toBe(false);
  });
});
