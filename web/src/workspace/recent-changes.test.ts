import { createRoot, createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecentChanges, highlightMs } from './recent-changes.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function follow(initial: ReadonlyMap<string, string> | undefined) {
  return createRoot((dispose) => {
    const [signatures, setSignatures] = createSignal(initial);
    const [mine, setMine] = createSignal(false);
    const changed = createRecentChanges(signatures, mine);
    return { changed, set: setSignatures, setMine, dispose };
  });
}

describe('createRecentChanges', () => {
  it('lights up nothing on load, even when the values arrive late', () => {
    const live = follow(undefined);
    live.set(new Map([['stage', 'INITIAL_REVIEW']]));
    expect(live.changed('stage')).toBe(false);
    live.dispose();
  });

  it('lights up exactly what changed or appeared, for a while', () => {
    const live = follow(new Map([['stage', 'INITIAL_REVIEW'], ['status', 'ACTIVE']]));
    live.set(new Map([['stage', 'LEGALITY_REVIEW'], ['status', 'ACTIVE'], ['vote-7', '1']]));
    expect(live.changed('stage')).toBe(true);
    expect(live.changed('vote-7')).toBe(true);
    expect(live.changed('status')).toBe(false);
    vi.advanceTimersByTime(highlightMs);
    expect(live.changed('stage')).toBe(false);
    expect(live.changed('vote-7')).toBe(false);
    live.dispose();
  });

  it('keeps a key lit for the whole while after its latest change', () => {
    const live = follow(new Map([['stage', 'a']]));
    live.set(new Map([['stage', 'b']]));
    vi.advanceTimersByTime(highlightMs - 1_000);
    live.set(new Map([['stage', 'c']]));
    vi.advanceTimersByTime(2_000);
    expect(live.changed('stage')).toBe(true);
    vi.advanceTimersByTime(highlightMs);
    expect(live.changed('stage')).toBe(false);
    live.dispose();
  });

  it('never lights up the person’s own change, and still lights up the next change by someone else', () => {
    const live = follow(new Map([['stage', 'INITIAL_REVIEW'], ['status', 'ACTIVE']]));
    // The tab's own transition is being sent: its result lands.
    live.setMine(true);
    live.set(new Map([['stage', 'LEGALITY_REVIEW'], ['status', 'ACTIVE']]));
    live.setMine(false);
    expect(live.changed('stage')).toBe(false);
    // Someone else's change afterwards, measured from the person's own result.
    live.set(new Map([['stage', 'LEGALITY_REVIEW'], ['status', 'SUSPENDED']]));
    expect(live.changed('status')).toBe(true);
    expect(live.changed('stage')).toBe(false);
    live.dispose();
  });
});
