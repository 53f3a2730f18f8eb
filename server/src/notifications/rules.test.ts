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
});

describe('notificationRecipients', () => {
  const text = (actions: Parameters<typeof notificationRecipients>[1]) => new PgDialect().sqlToQuery(notificationRecipients(sql`select * from activity`, actions)).sql;

  it('reads only the rules of the actions given', () => {
    const transitions = text(new Set(['proposal.transitioned']));
    expect(transitions).toContain("'proposal_returned'");
    expect(transitions).toContain("'proposal_contested'");
    expect(transitions).not.toContain("'mention'");
    expect(transitions).not.toContain('reminders r');
    const all = text(new Set(['comment.created', 'proposal.assigned', 'proposal.transitioned', 'consultation.opened', 'reminder.sent']));
    for (const kind of ['mention', 'reply', 'department_comment', 'assignment', 'proposal_returned', 'proposal_contested', 'consultation', 'reminder']) {
      expect(all).toContain(`'${kind}'`);
    }
  });

  it('refuses a list of actions no rule reads', () => {
    expect(() => notificationRecipients(sql`select * from activity`, new Set(['proposal.created']))).toThrow();
  });
});
