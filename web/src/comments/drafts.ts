import { createSignal, type Accessor } from 'solid-js';

/**
 * Comment drafts, kept in localStorage while they are typed so that nothing is lost to a reload, a
 * crash or a closed tab; cleared when the server has the comment, when the writer discards it, and
 * on signing out. Keyed by person (a shared computer must not hand one person's draft to the next)
 * and proposal.
 */
export type DraftTarget =
  | { kind: 'thread' }
  | { kind: 'reply'; threadId: string }
  | { kind: 'edit'; commentId: string };

/** Every draft has a body; some keep more (the new thread's anchor, an edit's base version). */
export interface Draft {
  body: string;
}

const prefix = 'devolve.draft';

/** devolve.draft:<user>:<proposal>:reply:<thread> */
export function draftKey(userId: string, proposalId: string, target: DraftTarget): string {
  const what =
    target.kind === 'thread'
      ? ['thread']
      : target.kind === 'reply'
        ? ['reply', target.threadId]
        : ['edit', target.commentId];
  return [prefix, userId, proposalId, ...what].map(encodeURIComponent).join(':');
}

/** The stored draft under `key`, if there is one and `read` accepts it (storage is untrusted input). */
export function loadDraft<Value extends Draft>(key: string, read: (stored: unknown) => Value | null): Value | null {
  try {
    const stored = globalThis.localStorage?.getItem(key);
    return stored == null ? null : read(JSON.parse(stored));
  } catch {
    // Unreadable (storage switched off, or not JSON): no draft.
    return null;
  }
}

/** Keeps a draft; an empty body (or null) removes it. */
export function saveDraft(key: string, draft: Draft | null): void {
  try {
    if (draft === null || draft.body === '') globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or switched off: the draft lives on in memory for as long as the page does.
  }
}

/** Removes every draft kept in this browser, whoever wrote it: signing out leaves nothing typed behind. */
export function clearAllDrafts(): void {
  try {
    const storage = globalThis.localStorage;
    if (!storage) return;
    // Keys first, then removal: removing while walking the indices would skip keys.
    const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index));
    for (const key of keys) if (key?.startsWith(`${prefix}:`)) storage.removeItem(key);
  } catch {
    // Storage switched off: no drafts were kept.
  }
}

/**
 * A draft as a signal, written through to storage on every change. `null` means none: nothing
 * typed, or sent, or discarded.
 */
export function createDraft<Value extends Draft>(
  key: string,
  read: (stored: unknown) => Value | null,
): [Accessor<Value | null>, (next: Value | null) => void] {
  const [draft, setDraft] = createSignal<Value | null>(loadDraft(key, read));
  const update = (next: Value | null) => {
    setDraft(() => next);
    saveDraft(key, next);
  };
  return [draft, update];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A stored object with a string body, or null. */
export function readBody(stored: unknown): (Record<string, unknown> & Draft) | null {
  return isRecord(stored) && typeof stored['body'] === 'string' ? (stored as Record<string, unknown> & Draft) : null;
}
