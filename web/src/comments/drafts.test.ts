import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearAllDrafts, createDraft, draftKey, loadDraft, readBody, saveDraft } from './drafts.ts';

afterEach(() => {
  localStorage.clear();
  vi.restoreAllMocks();
});

/** Two people's drafts of every kind, on two proposals. */
const keys = [
  draftKey('U1', 'P1', { kind: 'thread' }),
  draftKey('U1', 'P1', { kind: 'reply', threadId: 'T1' }),
  draftKey('U1', 'P1', { kind: 'reply', threadId: 'T2' }),
  draftKey('U1', 'P1', { kind: 'edit', commentId: 'T1' }),
  draftKey('U1', 'P2', { kind: 'thread' }),
  draftKey('U2', 'P1', { kind: 'thread' }),
];

describe('draft keys', () => {
  it('keep each person’s new thread, replies and edits on each proposal apart', () => {
    expect(new Set(keys).size).toBe(keys.length);
    expect(draftKey('U1', 'P1', { kind: 'reply', threadId: 'T1' })).toBe(keys[1]);
  });

  it('cannot be confused by ids containing the separator', () => {
    expect(draftKey('a:b', 'c', { kind: 'thread' })).not.toBe(draftKey('a', 'b:c', { kind: 'thread' }));
  });
});

describe('stored drafts', () => {
  const key = draftKey('U1', 'P1', { kind: 'reply', threadId: 'T1' });

  it('survive in storage until removed, and an empty body removes them', () => {
    saveDraft(key, { body: '请核对设定依据' });
    expect(loadDraft(key, readBody)).toEqual({ body: '请核对设定依据' });
    saveDraft(key, { body: '' });
    expect(localStorage.getItem(key)).toBeNull();
    saveDraft(key, { body: 'x' });
    saveDraft(key, null);
    expect(loadDraft(key, readBody)).toBeNull();
  });

  it('are not trusted: garbage or a wrong shape reads as no draft', () => {
    localStorage.setItem(key, '{not json');
    expect(loadDraft(key, readBody)).toBeNull();
    localStorage.setItem(key, JSON.stringify({ body: 42 }));
    expect(loadDraft(key, readBody)).toBeNull();
  });

  it('live on in memory when storage refuses them', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    createRoot((dispose) => {
      const [draft, setDraft] = createDraft(key, readBody);
      setDraft({ body: '还在' });
      expect(draft()).toEqual({ body: '还在' });
      dispose();
    });
  });

  it('as a signal: restored from storage and written through on every change', () => {
    saveDraft(key, { body: '刷新前写的' });
    createRoot((dispose) => {
      const [draft, setDraft] = createDraft(key, readBody);
      expect(draft()).toEqual({ body: '刷新前写的' });
      setDraft({ body: '刷新前写的，补充' });
      expect(JSON.parse(localStorage.getItem(key)!)).toEqual({ body: '刷新前写的，补充' });
      setDraft(null);
      expect(draft()).toBeNull();
      expect(localStorage.getItem(key)).toBeNull();
      dispose();
    });
  });
});

describe('signing out', () => {
  it('clears every draft in the browser, of every person, and nothing else', () => {
    for (const key of keys) saveDraft(key, { body: '未发送的意见' });
    localStorage.setItem('devolve.locale', 'en');
    localStorage.setItem('devolve.drafty', 'kept');

    clearAllDrafts();

    for (const key of keys) expect(localStorage.getItem(key)).toBeNull();
    expect(localStorage.getItem('devolve.locale')).toBe('en');
    expect(localStorage.getItem('devolve.drafty')).toBe('kept');
    expect(localStorage.length).toBe(2);
  });

  it('does not fail when storage is switched off', () => {
    vi.spyOn(Storage.prototype, 'key').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    saveDraft(draftKey('U1', 'P1', { kind: 'thread' }), { body: 'x' });
    expect(() => clearAllDrafts()).not.toThrow();
  });
});
