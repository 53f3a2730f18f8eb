import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { consultationEmptyReason, ConsultationsEmpty, HandoversEmpty } from './empty-states.tsx';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

describe('an empty list of consultations says why', () => {
  it('nothing waits because all is answered, or nothing is open at all', () => {
    expect(consultationEmptyReason('waiting', { waiting: 0, answered: 3 })).toBe('allAnswered');
    expect(consultationEmptyReason('waiting', { waiting: 0, answered: 0 })).toBe('noneOpen');
    expect(consultationEmptyReason('waiting', { waiting: 0, answered: undefined })).toBe('noneOpen');
  });

  it('nothing answered while some wait, or nothing open', () => {
    expect(consultationEmptyReason('answered', { waiting: 2, answered: 0 })).toBe('noneAnswered');
    expect(consultationEmptyReason('answered', { waiting: 0, answered: 0 })).toBe('noneOpen');
    expect(consultationEmptyReason('closed', { waiting: 2, answered: 1 })).toBe('noneClosed');
  });

  it('says what to do next, in both languages', () => {
    render(() => <ConsultationsEmpty list="answered" waiting={2} answered={0} />);
    expect(screen.getByText('还没有答复征求中的意见：请答复上方待答复的事项。')).toBeTruthy();
    cleanup();
    setLocale('en');
    render(() => <ConsultationsEmpty list="waiting" waiting={0} answered={1} />);
    expect(screen.getByText(/^Every open consultation is answered/)).toBeTruthy();
  });
});

describe('an empty list of handovers says why', () => {
  it('a status filter that hides every handover offers 显示全部', () => {
    const showAll = vi.fn();
    render(() => <HandoversEmpty status="BLOCKED" onShowAll={showAll} />);
    expect(screen.getByText(/^没有“承接受阻”的承接事项。/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '显示全部' }));
    expect(showAll).toHaveBeenCalledOnce();
  });

  it('without a filter: none yet, and when one is opened', () => {
    render(() => <HandoversEmpty status={null} onShowAll={() => undefined} />);
    expect(screen.getByText(/^暂无承接事项：下放、委托本区的事项审定后/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
