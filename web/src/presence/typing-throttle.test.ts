import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { typingThrottle } from './typing-throttle.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function recorder() {
  const sent: string[] = [];
  const throttle = typingThrottle((threadId, typing) => sent.push(`${threadId}:${typing}`), { renewMs: 3_000, idleMs: 4_000 });
  return { sent, throttle };
}

describe('typing signals', () => {
  it('says "typing" once, renews it while input goes on, and "stopped" after a quiet spell', () => {
    const { sent, throttle } = recorder();
    throttle.input('t1');
    vi.advanceTimersByTime(1_000);
    throttle.input('t1');
    vi.advanceTimersByTime(1_000);
    throttle.input('t1');
    expect(sent).toEqual(['t1:true']);
    vi.advanceTimersByTime(1_500);
    throttle.input('t1');
    expect(sent).toEqual(['t1:true', 't1:true']);
    vi.advanceTimersByTime(3_999);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['t1:true', 't1:true', 't1:false']);
  });

  it('stops at once when asked, and only when typing', () => {
    const { sent, throttle } = recorder();
    throttle.stop();
    expect(sent).toEqual([]);
    throttle.input('t1');
    throttle.stop();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual(['t1:true', 't1:false']);
  });

  it('stops the previous thread when input moves to another', () => {
    const { sent, throttle } = recorder();
    throttle.input('t1');
    throttle.input('t2');
    expect(sent).toEqual(['t1:true', 't1:false', 't2:true']);
  });
});
