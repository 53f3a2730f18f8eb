import { Route, Router } from '@solidjs/router';
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import type { JSX } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { GroupEmpty, groupEmptyReason, ItemsEmpty } from './empty-states.tsx';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const routed = (view: () => JSX.Element) =>
  render(() => (
    <Router>
      <Route path="/" component={view} />
    </Router>
  ));

describe('an empty group of proposals says why', () => {
  it('tells a unit with no proposals at all apart from a group with nothing at that step', () => {
    expect(groupEmptyReason('returned', { canPropose: true, unitTotal: 0 })).toBe('nothingProposed');
    expect(groupEmptyReason('drafts', { canPropose: false, unitTotal: 0 })).toBe('nothingProposedClosed');
    expect(groupEmptyReason('returned', { canPropose: true, unitTotal: 5 })).toBe('returned');
    expect(groupEmptyReason('confirm', { canPropose: false, unitTotal: 5 })).toBe('confirm');
    // Until the groups are counted, the group's own reason.
    expect(groupEmptyReason('inReview', { canPropose: true, unitTotal: undefined })).toBe('inReview');
  });

  it('no drafts in a campaign that no longer takes proposals is not an invitation to write one', () => {
    expect(groupEmptyReason('drafts', { canPropose: false, unitTotal: 3 })).toBe('draftsClosed');
    expect(groupEmptyReason('drafts', { canPropose: true, unitTotal: 3 })).toBe('drafts');
  });

  it('points to the power list where the next step is a proposal', async () => {
    routed(() => <GroupEmpty group="drafts" canPropose={true} unitTotal={4} />);
    expect((await screen.findByText(/^没有未报送的草稿/)).textContent).toContain('在“权责清单”中选择事项提出精简意见');
    expect(screen.getByRole('link', { name: '前往权责清单' }).getAttribute('href')).toBe('/?tab=items');
  });

  it('says who acts next, with no link where the unit has nothing to do', async () => {
    routed(() => <GroupEmpty group="confirm" canPropose={true} unitTotal={4} />);
    expect(await screen.findByText(/^没有待确认的审查结果。专班审查完成后/)).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('says the campaign is closed, in English too', async () => {
    setLocale('en');
    routed(() => <GroupEmpty group="drafts" canPropose={false} unitTotal={0} />);
    expect(await screen.findByText('Your unit made no proposals in this campaign, which no longer takes new ones.')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });
});

describe('an empty list of power items says why', () => {
  it('a search that matches nothing offers 清除搜索', () => {
    const clear = vi.fn();
    render(() => <ItemsEmpty scope="unit" search="许可" onClearSearch={clear} />);
    expect(screen.getByText(/^没有名称或编码包含“许可”的事项。/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '清除搜索' }));
    expect(clear).toHaveBeenCalledOnce();
  });

  it('without a search: the unit has no items (claim the missing ones), or nothing is left to claim', () => {
    render(() => <ItemsEmpty scope="unit" search="" onClearSearch={() => undefined} />);
    expect(screen.getByText(/可在“事项认领”中认领/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    cleanup();
    setLocale('en');
    render(() => <ItemsEmpty scope="unclaimed" search="" onClearSearch={() => undefined} />);
    expect(screen.getByText('No items to claim: every item has a unit that carries it out.')).toBeTruthy();
  });
});
