/** How the typing indicator is kept alive: see SetTypingInput.typing in the schema. */
export interface TypingTimings {
  /** Renew "typing" at most this often while input goes on (the server forgets it after about 8 s). */
  renewMs: number;
  /** Say "stopped" after this long without input. */
  idleMs: number;
}

export const typingTimings: TypingTimings = { renewMs: 3_000, idleMs: 4_000 };

export interface TypingThrottle {
  /** Someone typed in `threadId`. */
  input(threadId: string): void;
  /** Typing stopped (sent, discarded, left): says so at once if it was on. */
  stop(): void;
}

/**
 * Turns keystrokes into few typing signals: "typing" on the first keystroke and then at most once
 * per `renewMs` while input goes on, "stopped" after `idleMs` of quiet, on `stop()`, and for the
 * previous thread when input moves to another.
 */
export function typingThrottle(
  send: (threadId: string, typing: boolean) => void,
  timings: TypingTimings = typingTimings,
): TypingThrottle {
  let threadId: string | null = null;
  let sentAt = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    clearTimeout(idle);
    idle = undefined;
    if (threadId !== null) send(threadId, false);
    threadId = null;
  };

  return {
    input(next) {
      if (threadId !== null && threadId !== next) stop();
      const now = Date.now();
      if (threadId === null || now - sentAt >= timings.renewMs) {
        send(next, true);
        sentAt = now;
      }
      threadId = next;
      clearTimeout(idle);
      idle = setTimeout(stop, timings.idleMs);
    },
    stop,
  };
}
