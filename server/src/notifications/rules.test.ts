import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { mayNotify, notificationRecipients } from './rules.ts';

describe('mayNotify', () => {
  it('lets through the entries some rule reads, and a transition only when it returns, decides or is contested', () => {
    expect(mayNotify({ action: 'comment.created' })).toBe(true);
    expect(mayNotify({ action: 'proposal.assigned' })).toBe(true);
    expect(mayNotify({ action: 'consultation.opened' })).toBe(true);
    expect(mayNotify({ action: 'reminder.sent' })).toBe(true);
    for (const transition of ['return', 'reject', 'pass_recheck', 'approve', 'contest']) {
      expect(mayNotify({ action: 'proposal.transitioned', after: { transition } })).toBe(true);
    }
    for (const transition of ['submit', 'withdraw', 'close_consultation']) {
      expect(mayNotify({ action: 'proposal.transitioned', after: { transition } })).toBe(false);
    }
    expect(mayNotify({ action: 'proposal.transitioned', after: null })).toBe(false);
    expect(mayNotify({ action: 'proposal.created' })).toBe(false);
    expect(mayNotify({ action: 'classification.voted' })).toBe(false);
  });

  it("rules out a comment's rules by what it says: no mention, an internal thread, a thread started here by its author", () => {
    const started = { action: 'comment_thread.started' as const, entityId: 7, actorId: 1, internal: true };
    const first = { action: 'comment.created' as const, entityId: 70, actorId: 1, internal: true, after: { threadId: 7, mentionedUserIds: [] } };
    expect(mayNotify(first, [started, first])).toBe(false);
    // A mention, a shared thread, someone else writing in the new thread, an older thread, no known actor: someone may be told.
    const mentioning = { ...first, after: { threadId: 7, mentionedUserIds: [2] } };
    expect(mayNotify(mentioning, [started, mentioning])).toBe(true);
    expect(mayNotify({ ...first, internal: false }, [{ ...started, internal: false }, { ...first, internal: false }])).toBe(true);
    const reply = { ...first, entityId: 71, actorId: 2 };
    expect(mayNotify(first, [started, first, reply])).toBe(true);
    expect(mayNotify(first, [first])).toBe(true);
    expect(mayNotify({ ...first, actorId: null }, [{ ...started, actorId: null }, { ...first, actorId: null }])).toBe(true);
  });
});

describe('notificationRecipients', () => {
  const text = (entries: Parameters<typeof notificationRecipients>[1]) =>
    new PgDialect().sqlToQuery(notificationRecipients(sql`select * from activity`, entries)).sql;

  it('reads only the rules that may give some entry someone', () => {
    const transitions = text([
      { action: 'proposal.transitioned', after: { transition: 'return' } },
      { action: 'proposal.transitioned', after: { transition: 'contest' } },
    ]);
    expect(transitions).toContain("'proposal_returned'");
    expect(transitions).toContain("'proposal_contested'");
    expect(transitions).not.toContain("'mention'");
    expect(transitions).not.toContain('reminders r');
    expect(text([{ action: 'proposal.transitioned', after: { transition: 'contest' } }])).not.toContain("'proposal_returned'");
    const all = text([
      { action: 'comment.created', internal: false, after: { threadId: 1, mentionedUserIds: [2] } },
      { action: 'proposal.assigned' },
      { action: 'proposal.transitioned', after: { transition: 'approve' } },
      { action: 'proposal.transitioned', after: { transition: 'contest' } },
      { action: 'consultation.opened' },
      { action: 'reminder.sent' },
    ]);
    for (const kind of ['mention', 'reply', 'department_comment', 'assignment', 'proposal_returned', 'proposal_contested', 'consultation', 'reminder']) {
      expect(all).toContain(`'${kind}'`);
    }
  });

  it('refuses entries no rule may notify of', () => {
    expect(() => notificationRecipients(sql`select * from activity`, [{ action: 'proposal.created' }])).toThrow();
  });
});
