import type { Viewer } from '../accounts/permissions.ts';
import { canReadThread } from '../comments/visibility.ts';

/**
 * Who is looking at which proposal, as every server process knows it: pure data and functions,
 * no GraphQL, no SQL, no timers (service.ts drives it). Presence is ephemeral: it travels on the
 * bus's ephemeral channel and is never written to the activity log. The messages are type aliases,
 * not interfaces, so they are the bus's EphemeralMessage objects as they are.
 */

/** The thread someone is typing in; `internal` says whether only the review team may know. */
export interface Typing {
  threadId: number;
  internal: boolean;
}

/** "This connection is looking at this proposal": sent on join, on every heartbeat and on typing changes. */
export type Announcement = {
  kind: 'presence.here';
  processId: string;
  connectionId: string;
  /** Per process, increasing: a message overtaken by a later one about the same connection is stale. */
  seq: number;
  userId: number;
  displayName: string;
  proposalId: number;
  typing: Typing | null;
};

/** A connection closed, or (connectionId null) a whole process shut down. */
export type Departure = {
  kind: 'presence.gone';
  processId: string;
  connectionId: string | null;
  seq: number;
};

/**
 * setTyping reached one process; the processes holding that person's connections to the
 * proposal apply it to them and announce the change.
 */
export type TypingRequest = {
  kind: 'presence.typing';
  processId: string;
  userId: number;
  proposalId: number;
  typing: boolean;
  thread: Typing;
};

export type RosterMessage = Announcement | Departure;
export type PresenceMessage = RosterMessage | TypingRequest;

/** One person looking at a proposal, however many tabs they have open on it. */
export interface PresentPerson {
  userId: number;
  displayName: string;
  typing: Typing | null;
}

interface Entry {
  userId: number;
  displayName: string;
  proposalId: number;
  typing: Typing | null;
  seq: number;
  lastSeen: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isTyping = (value: unknown): value is Typing =>
  isObject(value) && isId(value.threadId) && typeof value.internal === 'boolean';

/** A message from another process, or null when it is not a well-formed presence message. */
export function readPresenceMessage(message: Record<string, unknown>): PresenceMessage | null {
  const { kind, processId } = message;
  if (typeof processId !== 'string') return null;
  if (kind === 'presence.here') {
    const { connectionId, seq, userId, displayName, proposalId, typing } = message;
    if (typeof connectionId !== 'string' || typeof seq !== 'number' || !isId(userId) || !isId(proposalId)) return null;
    if (typeof displayName !== 'string' || (typing !== null && !isTyping(typing))) return null;
    return { kind, processId, connectionId, seq, userId, displayName, proposalId, typing };
  }
  if (kind === 'presence.gone') {
    const { connectionId, seq } = message;
    if ((connectionId !== null && typeof connectionId !== 'string') || typeof seq !== 'number') return null;
    return { kind, processId, connectionId, seq };
  }
  if (kind === 'presence.typing') {
    const { userId, proposalId, typing, thread } = message;
    if (!isId(userId) || !isId(proposalId) || typeof typing !== 'boolean' || !isTyping(thread)) return null;
    return { kind, processId, userId, proposalId, typing, thread };
  }
  return null;
}

const keyOf = (processId: string, connectionId: string | null) => `${processId} ${connectionId ?? '*'}`;

const sameTyping = (a: Typing | null, b: Typing | null) =>
  a === b || (a !== null && b !== null && a.threadId === b.threadId && a.internal === b.internal);

/**
 * Presence entries keyed by (process, connection). Every change returns the proposals whose list
 * of people may have changed; a heartbeat that only refreshes an entry returns none.
 */
export class Roster {
  private readonly entries = new Map<string, Entry>();
  private readonly byProposal = new Map<number, Set<string>>();
  /** Departed connections and processes, so an announcement that arrives after its departure is ignored. */
  private readonly departed = new Map<string, { seq: number; at: number }>();

  apply(message: RosterMessage, now: number): number[] {
    return message.kind === 'presence.here' ? this.announce(message, now) : this.depart(message, now);
  }

  /** Drops entries not heard of for `ttlMs` (their process died) and forgets old departures. */
  expire(now: number, ttlMs: number): number[] {
    const changed = new Set<number>();
    for (const [key, entry] of this.entries) {
      if (now - entry.lastSeen > ttlMs) {
        this.remove(key, entry);
        changed.add(entry.proposalId);
      }
    }
    // A message older than the TTL would expire at once anyway: its departure need not be kept.
    for (const [key, departure] of this.departed) if (now - departure.at > ttlMs) this.departed.delete(key);
    return [...changed];
  }

  /** The distinct people looking at a proposal, by name; each typing where their latest connection says. */
  view(proposalId: number): PresentPerson[] {
    const people = new Map<number, PresentPerson & { lastSeen: number }>();
    for (const key of this.byProposal.get(proposalId) ?? []) {
      const entry = this.entries.get(key)!;
      const known = people.get(entry.userId);
      if (!known) {
        people.set(entry.userId, { userId: entry.userId, displayName: entry.displayName, typing: entry.typing, lastSeen: entry.lastSeen });
      } else if (entry.typing && (!known.typing || entry.lastSeen > known.lastSeen)) {
        known.typing = entry.typing;
        known.lastSeen = entry.lastSeen;
      }
    }
    return [...people.values()]
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh') || a.userId - b.userId)
      .map(({ userId, displayName, typing }) => ({ userId, displayName, typing }));
  }

  private announce(message: Announcement, now: number): number[] {
    const key = keyOf(message.processId, message.connectionId);
    const gone = this.departed.get(key) ?? this.departed.get(keyOf(message.processId, null));
    const entry = this.entries.get(key);
    if ((gone && gone.seq >= message.seq) || (entry && entry.seq >= message.seq)) return [];
    const { userId, displayName, proposalId, typing, seq } = message;
    this.entries.set(key, { userId, displayName, proposalId, typing, seq, lastSeen: now });
    if (entry && entry.proposalId === proposalId) {
      const unchanged = entry.userId === userId && entry.displayName === displayName && sameTyping(entry.typing, typing);
      return unchanged ? [] : [proposalId];
    }
    if (entry) this.byProposal.get(entry.proposalId)?.delete(key);
    this.index(proposalId).add(key);
    return entry ? [entry.proposalId, proposalId] : [proposalId];
  }

  private depart(message: Departure, now: number): number[] {
    this.departed.set(keyOf(message.processId, message.connectionId), { seq: message.seq, at: now });
    const prefix = `${message.processId} `;
    const keys =
      message.connectionId === null
        ? [...this.entries.keys()].filter((key) => key.startsWith(prefix))
        : [keyOf(message.processId, message.connectionId)];
    const changed = new Set<number>();
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry && entry.seq < message.seq) {
        this.remove(key, entry);
        changed.add(entry.proposalId);
      }
    }
    return [...changed];
  }

  private index(proposalId: number): Set<string> {
    let keys = this.byProposal.get(proposalId);
    if (!keys) this.byProposal.set(proposalId, (keys = new Set()));
    return keys;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    const keys = this.byProposal.get(entry.proposalId);
    keys?.delete(key);
    if (keys?.size === 0) this.byProposal.delete(entry.proposalId);
  }
}

/** What one person in the list shows to a particular viewer. */
export interface VisiblePresence {
  userId: number;
  displayName: string;
  typingThreadId: number | null;
}

/**
 * The list as `viewer` may see it. Everyone looking is listed (people are visible to every
 * signed-in user, and the department already sees who comments on its proposal); where someone
 * is typing is shown only to those who may read that thread, so a department never learns of
 * typing in the team's internal threads, and a district of typing anywhere.
 */
export function visiblePresence(viewer: Viewer, people: readonly PresentPerson[], submittingUnitId: number): VisiblePresence[] {
  return people.map(({ userId, displayName, typing }) => ({
    userId,
    displayName,
    typingThreadId:
      // Never a draft for the team: only those who may read the proposal are present, and a
      // proposal the team may read is submitted and stays so.
      typing && canReadThread(viewer, { visibility: typing.internal ? 'internal' : 'shared', submittingUnitId, proposalIsDraft: false })
        ? typing.threadId
        : null,
  }));
}
