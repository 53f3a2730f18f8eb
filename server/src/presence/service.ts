import { randomUUID } from 'node:crypto';
import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import type { EventBus } from '../events/bus.ts';
import {
  type Announcement,
  type Departure,
  type PresenceMessage,
  type PresentPerson,
  readPresenceMessage,
  Roster,
  type Typing,
  type TypingRequest,
} from './roster.ts';

export interface PresenceOptions {
  /** An entry not heard of for this long is gone (its process died). */
  ttlMs: number;
  /** How often this process re-announces its viewers. Well below ttlMs, so one lost message is harmless. */
  heartbeatMs: number;
  /** A typing indicator not renewed for this long goes out by itself. */
  typingTtlMs: number;
}

export const defaultPresenceOptions: PresenceOptions = { ttlMs: 15_000, heartbeatMs: 5_000, typingTtlMs: 8_000 };

/** Someone who opened a presence subscription. */
export interface Watcher {
  userId: number;
  displayName: string;
}

interface LocalConnection extends Watcher {
  proposalId: number;
  typing: Typing | null;
  typingUntil: number;
}

/**
 * This process's share of presence. Its own viewers (one per open `presence` subscription) are
 * announced on the bus's ephemeral channel on join, on every heartbeat, on typing changes and on
 * leave; other processes' announcements update the same roster, and entries of a process that
 * stopped announcing expire. One per server, created next to the bus.
 */
export class PresenceService {
  private readonly processId = randomUUID();
  private readonly options: PresenceOptions;
  private seq = 0;
  private closed = false;
  private lastHeartbeat: number;
  private readonly roster = new Roster();
  private readonly local = new Map<string, LocalConnection>();
  private readonly listeners = new Map<number, Set<() => void>>();
  private readonly timer: NodeJS.Timeout;
  private readonly stopListening: () => void;

  constructor(
    private readonly bus: EventBus,
    options: Partial<PresenceOptions> = {},
  ) {
    this.options = { ...defaultPresenceOptions, ...options };
    this.lastHeartbeat = Date.now();
    this.stopListening = bus.onEphemeral((raw) => {
      const message = readPresenceMessage(raw);
      // This process's own messages were applied when they were sent.
      if (!message || message.processId === this.processId) return;
      if (message.kind === 'presence.typing') this.applyTyping(message);
      else this.notify(this.roster.apply(message, Date.now()));
    });
    const { heartbeatMs, typingTtlMs } = this.options;
    this.timer = setInterval(() => this.tick(), Math.min(1_000, heartbeatMs, typingTtlMs / 4));
    this.timer.unref();
  }

  /**
   * The people looking at a proposal, now and after every change, for as long as the caller
   * iterates: iterating is being present, and ending the iteration (a closed stream calls
   * `return`) leaves at once. `project` turns the list into what this watcher may see; equal
   * successive projections are sent once, and a slow reader gets only the latest.
   */
  watch<T>(watcher: Watcher, proposalId: number, project: (people: PresentPerson[]) => T): AsyncGenerator<T> {
    return new Repeater<T>(async (push, stop) => {
      let sent: string | undefined;
      const emit = () => {
        const value = project(this.roster.view(proposalId));
        const serialized = JSON.stringify(value);
        if (serialized === sent) return;
        sent = serialized;
        void push(value);
      };
      const stopEmitting = this.onChange(proposalId, emit);
      const connectionId = randomUUID();
      this.local.set(connectionId, { ...watcher, proposalId, typing: null, typingUntil: 0 });
      this.announce(connectionId);
      emit();
      try {
        await stop;
      } finally {
        stopEmitting();
        this.leave(connectionId);
      }
    }, new SlidingBuffer(1));
  }

  /**
   * Shows (or stops showing) a person typing in a thread of a proposal on every connection they
   * have open to it, on whichever process holds it.
   */
  setTyping(userId: number, proposalId: number, thread: Typing, typing: boolean): void {
    const request: TypingRequest = { kind: 'presence.typing', processId: this.processId, userId, proposalId, typing, thread };
    this.applyTyping(request);
    this.publish(request);
  }

  /** The people looking at a proposal, as this process knows it. */
  view(proposalId: number): PresentPerson[] {
    return this.roster.view(proposalId);
  }

  /** Stops the timer and tells the other processes that all of this process's viewers left. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.stopListening();
    const message: Departure = { kind: 'presence.gone', processId: this.processId, connectionId: null, seq: ++this.seq };
    this.bus.publishEphemeral(message);
  }

  private onChange(proposalId: number, listener: () => void): () => void {
    let listeners = this.listeners.get(proposalId);
    if (!listeners) this.listeners.set(proposalId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.listeners.delete(proposalId);
    };
  }

  private notify(proposalIds: readonly number[]): void {
    for (const proposalId of proposalIds) this.listeners.get(proposalId)?.forEach((listener) => listener());
  }

  private publish(message: PresenceMessage): void {
    if (!this.closed) this.bus.publishEphemeral(message);
  }

  private announce(connectionId: string): void {
    const connection = this.local.get(connectionId)!;
    const { userId, displayName, proposalId, typing } = connection;
    const message: Announcement = {
      kind: 'presence.here',
      processId: this.processId,
      connectionId,
      seq: ++this.seq,
      userId,
      displayName,
      proposalId,
      typing,
    };
    this.notify(this.roster.apply(message, Date.now()));
    this.publish(message);
  }

  private leave(connectionId: string): void {
    this.local.delete(connectionId);
    const message: Departure = { kind: 'presence.gone', processId: this.processId, connectionId, seq: ++this.seq };
    this.notify(this.roster.apply(message, Date.now()));
    this.publish(message);
  }

  /** A typing request applies to this process's connections of that person to that proposal. */
  private applyTyping(request: TypingRequest): void {
    for (const [connectionId, connection] of this.local) {
      if (connection.userId !== request.userId || connection.proposalId !== request.proposalId) continue;
      if (request.typing) {
        const changed = connection.typing?.threadId !== request.thread.threadId;
        connection.typing = request.thread;
        connection.typingUntil = Date.now() + this.options.typingTtlMs;
        if (changed) this.announce(connectionId);
      } else if (connection.typing?.threadId === request.thread.threadId) {
        // Stopping applies to the thread named: a late "stopped" for the previous thread keeps the current one.
        connection.typing = null;
        this.announce(connectionId);
      }
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const [connectionId, connection] of this.local) {
      if (connection.typing && connection.typingUntil <= now) {
        connection.typing = null;
        this.announce(connectionId);
      }
    }
    if (now - this.lastHeartbeat >= this.options.heartbeatMs) {
      this.lastHeartbeat = now;
      for (const connectionId of this.local.keys()) this.announce(connectionId);
    }
    this.notify(this.roster.expire(now, this.options.ttlMs));
  }
}
