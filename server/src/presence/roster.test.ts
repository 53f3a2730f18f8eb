import { describe, expect, it } from 'vitest';
import { viewerFor } from '../accounts/permissions.ts';
import { type Announcement, readPresenceMessage, Roster, type Typing, visiblePresence } from './roster.ts';

const proposal = 7;
let seq = 0;

/** An announcement from `processId` for `connectionId`, with a fresh sequence number unless given. */
function here(
  processId: string,
  connectionId: string,
  userId: number,
  options: { proposalId?: number; typing?: Typing | null; seq?: number } = {},
): Announcement {
  return {
    kind: 'presence.here',
    processId,
    connectionId,
    seq: options.seq ?? ++seq,
    userId,
    displayName: `用户${userId}`,
    proposalId: options.proposalId ?? proposal,
    typing: options.typing ?? null,
  };
}

const gone = (processId: string, connectionId: string | null, at = ++seq) =>
  ({ kind: 'presence.gone', processId, connectionId, seq: at }) as const;

const names = (roster: Roster, proposalId = proposal) => roster.view(proposalId).map((person) => person.userId);

describe('the presence roster', () => {
  it('lists each person once, whichever processes and tabs they look from', () => {
    const roster = new Roster();
    expect(roster.apply(here('a', 'tab1', 1), 0)).toEqual([proposal]);
    expect(roster.apply(here('a', 'tab2', 1), 0)).toEqual([proposal]);
    roster.apply(here('b', 'tab1', 2), 0);
    roster.apply(here('b', 'tab2', 3, { proposalId: 8 }), 0);
    expect(names(roster)).toEqual([1, 2]);
    expect(names(roster, 8)).toEqual([3]);
    // One tab closing leaves the person there while another is open.
    expect(roster.apply(gone('a', 'tab1'), 0)).toEqual([proposal]);
    expect(names(roster)).toEqual([1, 2]);
    roster.apply(gone('a', 'tab2'), 0);
    expect(names(roster)).toEqual([2]);
  });

  it('reports no change for a heartbeat that only says "still here"', () => {
    const roster = new Roster();
    roster.apply(here('a', 'tab', 1), 0);
    expect(roster.apply(here('a', 'tab', 1), 1_000)).toEqual([]);
    expect(roster.apply(here('a', 'tab', 1, { typing: { threadId: 5, internal: false } }), 2_000)).toEqual([proposal]);
  });

  it('expires the entries of a process that stopped announcing, and only those', () => {
    const roster = new Roster();
    roster.apply(here('dead', 'tab', 1), 0);
    roster.apply(here('alive', 'tab', 2), 0);
    roster.apply(here('alive', 'tab', 2), 10_000);
    expect(roster.expire(15_000, 15_000)).toEqual([]);
    expect(roster.expire(15_001, 15_000)).toEqual([proposal]);
    expect(names(roster)).toEqual([2]);
  });

  it('ignores an announcement that arrives after its departure or after a later one', () => {
    const roster = new Roster();
    const late = here('a', 'tab', 1);
    roster.apply(gone('a', 'tab'), 0);
    expect(roster.apply(late, 0)).toEqual([]);
    expect(names(roster)).toEqual([]);

    const typing = here('a', 'other', 2, { typing: { threadId: 5, internal: false } });
    const older = here('a', 'other', 2, { seq: typing.seq - 100 });
    roster.apply(typing, 0);
    expect(roster.apply(older, 0)).toEqual([]);
    expect(roster.view(proposal)[0]!.typing).toEqual({ threadId: 5, internal: false });
  });

  it('removes every entry of a process that shut down, and ignores its stragglers', () => {
    const roster = new Roster();
    const straggler = here('a', 'tab3', 3);
    roster.apply(here('a', 'tab1', 1), 0);
    roster.apply(here('a', 'tab2', 2, { proposalId: 8 }), 0);
    roster.apply(here('b', 'tab1', 4), 0);
    expect(roster.apply(gone('a', null), 0).sort()).toEqual([proposal, 8]);
    expect(roster.apply(straggler, 0)).toEqual([]);
    expect(names(roster)).toEqual([4]);
    expect(names(roster, 8)).toEqual([]);
  });

  it("shows where a person types from any of their tabs, the latest first", () => {
    const roster = new Roster();
    roster.apply(here('a', 'tab1', 1), 0);
    roster.apply(here('a', 'tab2', 1, { typing: { threadId: 5, internal: true } }), 1);
    expect(roster.view(proposal)).toEqual([{ userId: 1, displayName: '用户1', typing: { threadId: 5, internal: true } }]);
    roster.apply(here('a', 'tab2', 1), 2);
    expect(roster.view(proposal)[0]!.typing).toBeNull();
  });

  it('orders people by name', () => {
    const roster = new Roster();
    roster.apply({ ...here('a', 'x', 2), displayName: '王芳' }, 0);
    roster.apply({ ...here('a', 'y', 1), displayName: '李明' }, 0);
    expect(roster.view(proposal).map((person) => person.displayName)).toEqual(['李明', '王芳']);
  });
});

describe('presence messages from other processes', () => {
  it('reads well-formed messages and drops anything else', () => {
    const message = here('a', 'tab', 1, { typing: { threadId: 5, internal: false } });
    expect(readPresenceMessage(message)).toEqual(message);
    expect(readPresenceMessage(gone('a', null, 3))).toEqual({ kind: 'presence.gone', processId: 'a', connectionId: null, seq: 3 });
    const request = { kind: 'presence.typing', processId: 'a', userId: 1, proposalId: 2, typing: true, thread: { threadId: 3, internal: true } };
    expect(readPresenceMessage(request)).toEqual(request);
    expect(readPresenceMessage({ ...message, userId: '1' })).toBeNull();
    expect(readPresenceMessage({ ...message, typing: { threadId: 5 } })).toBeNull();
    expect(readPresenceMessage({ ...request, thread: null })).toBeNull();
    expect(readPresenceMessage({ kind: 'presence.gone', processId: 'a', connectionId: 5, seq: 1 })).toBeNull();
    expect(readPresenceMessage({ kind: 'cursor.moved', processId: 'a' })).toBeNull();
  });
});

describe('what each viewer sees', () => {
  const people = [
    { userId: 1, displayName: '审核员', typing: { threadId: 5, internal: true } },
    { userId: 2, displayName: '审核员二', typing: { threadId: 6, internal: false } },
    { userId: 3, displayName: '部门', typing: null },
  ];
  const ownUnit = 10;

  it('shows the team every thread being typed in', () => {
    expect(visiblePresence(viewerFor(['reviewer'], 1), people, ownUnit).map((p) => p.typingThreadId)).toEqual([5, 6, null]);
  });

  it("never shows a department typing in the team's internal threads, but lists everyone", () => {
    const seen = visiblePresence(viewerFor(['submitter'], ownUnit), people, ownUnit);
    expect(seen.map((p) => p.userId)).toEqual([1, 2, 3]);
    expect(seen.map((p) => p.typingThreadId)).toEqual([null, 6, null]);
  });

  it('shows a district or another unit no typing at all', () => {
    expect(visiblePresence(viewerFor(['district_liaison'], 440106), people, ownUnit).map((p) => p.typingThreadId)).toEqual([null, null, null]);
    expect(visiblePresence(viewerFor(['submitter'], 11), people, ownUnit).map((p) => p.typingThreadId)).toEqual([null, null, null]);
  });
});
