import { apiTokens, type Database, sessions, users } from '@devolve/db';
import { and, eq, inArray } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Viewer } from '../accounts/permissions.ts';
import { sessionStands, tokenStands } from '../accounts/credentials.ts';
import { DevolveError, UnauthenticatedError } from '../errors.ts';
import { maskError } from '../http/errors.ts';
import type { Fanout } from './fanout.ts';

/**
 * The last item of a stream that ends with an error. Subscription resolvers turn it into the
 * error (`liveValue`), so the client gets a GraphQL error in the payload and then the end of the
 * stream, alike over SSE and WebSocket.
 */
export class StreamEnd {
  constructor(readonly error: GraphQLError) {}
}

/** In every subscription resolver: the item, or the error that ends the stream. */
export function liveValue<T>(item: T | StreamEnd): T {
  if (item instanceof StreamEnd) throw item.error;
  return item;
}

interface Registration {
  /** Ends the stream with this error (once). */
  end(error: GraphQLError): void;
}

interface CredentialStreams {
  streams: Set<Registration>;
  /** Ends them when the session expires. */
  expiry: ReturnType<typeof setTimeout> | null;
}

export interface LiveStreamOptions {
  /** Active subscriptions one session or API token may hold in this process, SSE and WebSocket together. */
  maxPerCredential: number;
  /** How often every credential with open streams is checked again (a safety net for missed events). */
  recheckMs?: number;
}

/** setTimeout's longest delay (about 24.8 days); a session lasts 12 hours. */
const maxTimerMs = 2 ** 31 - 1;

/** One session or API token, as caps count them (here and per WebSocket connection). */
export const credentialKey = (credential: Viewer['credential']) => `${credential.kind}:${credential.id}`;

/**
 * This process's live subscriptions, by the session or API token that opened them. A stream lives
 * only as long as its credential: logout, a password change (which ends the other sessions) and
 * revoking a token are logged and published to every process, and each process ends the streams
 * of that credential with UNAUTHENTICATED; a session's expiry ends them by a timer. A periodic
 * check of every credential with open streams catches anything else (a deactivated user). None
 * of this depends on who may see those events: the fan-out hands every event to this listener.
 */
export class LiveStreams {
  private readonly byCredential = new Map<string, CredentialStreams>();
  private readonly unsubscribe: () => void;
  private readonly recheck: ReturnType<typeof setInterval>;

  constructor(
    private readonly db: Database,
    fanout: Fanout,
    private readonly logger: Logger,
    private readonly options: LiveStreamOptions,
  ) {
    this.unsubscribe = fanout.subscribe((event) => {
      if (event.action === 'session.ended' && event.entityType === 'session') this.endCredential(`session:${event.entityId}`);
      if (event.action === 'api_token.revoked' && event.entityType === 'api_token') this.endCredential(`token:${event.entityId}`);
    });
    this.recheck = setInterval(() => void this.recheckCredentials(), options.recheckMs ?? 60_000);
    this.recheck.unref();
  }

  /** Open subscriptions of one credential in this process. */
  countOf(credential: Viewer['credential']): number {
    return this.byCredential.get(credentialKey(credential))?.streams.size ?? 0;
  }

  /**
   * Follows `source` for a signed-in viewer: counted against the per-credential cap (refused with
   * RATE_LIMITED over it, before anything starts), ended with UNAUTHENTICATED when the credential
   * ends. A failing source ends this stream only, with its (masked) error, logged.
   */
  follow<T>(viewer: Viewer, source: AsyncIterable<T>): AsyncIterable<T | StreamEnd> {
    const key = credentialKey(viewer.credential);
    const entry = this.byCredential.get(key) ?? { streams: new Set<Registration>(), expiry: null };
    if (entry.streams.size >= this.options.maxPerCredential) throw tooManySubscriptions(this.options.maxPerCredential);
    if (!this.byCredential.has(key)) {
      this.byCredential.set(key, entry);
      if (viewer.credential.kind === 'session') {
        const remaining = Date.parse(viewer.credential.expiresAt) - Date.now();
        entry.expiry = setTimeout(() => this.endCredential(key), Math.min(Math.max(remaining, 0), maxTimerMs));
        entry.expiry.unref();
      }
    }

    const iterator = source[Symbol.asyncIterator]();
    /** The last item, once the credential ended or the source failed: delivered, then the end. */
    let last: StreamEnd | null = null;
    let finished = false;
    /** Settles the `next` waiting for the source, when the stream ends before the source answers. */
    let interrupt: ((item: IteratorResult<T | StreamEnd>) => void) | null = null;
    /** The latest `next`, and how many wait behind one in flight: items go out in order. */
    let latest: Promise<IteratorResult<T | StreamEnd>> = Promise.resolve({ done: true, value: undefined });
    let queued = 0;

    const finish = (): IteratorResult<T | StreamEnd> => {
      if (!finished) {
        finished = true;
        entry.streams.delete(registration);
        if (entry.streams.size === 0 && this.byCredential.get(key) === entry) {
          if (entry.expiry) clearTimeout(entry.expiry);
          this.byCredential.delete(key);
        }
        // Returning the source settles a `next` of its own that waits for an event that may never come.
        void iterator.return?.();
      }
      return { done: true, value: undefined };
    };
    const takeLast = (): IteratorResult<T | StreamEnd> => {
      const value = last!;
      last = null;
      finish();
      return { done: false, value };
    };
    const endWith = (end: StreamEnd) => {
      if (finished || last) return;
      last = end;
      const settle = interrupt;
      interrupt = null;
      settle?.(takeLast());
    };
    const registration: Registration = { end: (error) => endWith(new StreamEnd(error)) };
    entry.streams.add(registration);

    /**
     * One item: the source's next, unless the stream ends first. Not a Repeater: every layer of a
     * subscription costs promises per event for each subscriber (see the fan-out benchmark).
     */
    const take = (): Promise<IteratorResult<T | StreamEnd>> => {
      if (last) return Promise.resolve(takeLast());
      if (finished) return Promise.resolve({ done: true, value: undefined });
      return new Promise((resolve) => {
        interrupt = resolve;
        iterator.next().then(
          (item) => {
            if (interrupt !== resolve) return; // the stream ended meanwhile, and said so
            interrupt = null;
            resolve(item.done ? finish() : item);
          },
          (error: unknown) => {
            if (interrupt !== resolve) return;
            interrupt = null;
            this.logger.error({ err: error }, 'A live subscription failed');
            last = new StreamEnd(maskError(error) as GraphQLError); // maskError always answers a GraphQLError
            resolve(takeLast());
          },
        );
      });
    };
    const stream: AsyncIterableIterator<T | StreamEnd> = {
      [Symbol.asyncIterator]: () => stream,
      // Consumers take one item at a time (graphql-js, envelop, graphql-ws, our WebSocket sender),
      // which costs nothing more; a `next` called while one is in flight waits its turn.
      next: () => {
        if (!interrupt && queued === 0) return (latest = take());
        queued += 1;
        return (latest = latest.then(() => {
          queued -= 1;
          return take();
        }));
      },
      return: () => {
        const settle = interrupt;
        interrupt = null;
        const done = finish();
        settle?.(done);
        return Promise.resolve(done);
      },
    };
    return stream;
  }

  /** Ends every stream of a credential: it no longer signs anyone in. */
  private endCredential(key: string): void {
    const entry = this.byCredential.get(key);
    if (!entry) return;
    for (const registration of [...entry.streams]) {
      registration.end(new UnauthenticatedError('登录已失效，请重新登录', 'Your session has ended; sign in again'));
    }
  }

  /** Ends the streams of every credential that no longer signs its user in. */
  private async recheckCredentials(): Promise<void> {
    const ids = { session: [] as number[], token: [] as number[] };
    for (const key of this.byCredential.keys()) {
      const [kind, id] = key.split(':');
      ids[kind as 'session' | 'token'].push(Number(id));
    }
    if (ids.session.length === 0 && ids.token.length === 0) return;
    try {
      const [liveSessions, liveTokens] = await Promise.all([
        ids.session.length === 0
          ? []
          : this.db
              .select({ id: sessions.id })
              .from(sessions)
              .innerJoin(users, eq(users.id, sessions.userId))
              .where(and(inArray(sessions.id, ids.session), sessionStands())),
        ids.token.length === 0
          ? []
          : this.db
              .select({ id: apiTokens.id })
              .from(apiTokens)
              .innerJoin(users, eq(users.id, apiTokens.userId))
              .where(and(inArray(apiTokens.id, ids.token), tokenStands())),
      ]);
      const live = new Set([...liveSessions.map((s) => `session:${s.id}`), ...liveTokens.map((t) => `token:${t.id}`)]);
      for (const id of ids.session) if (!live.has(`session:${id}`)) this.endCredential(`session:${id}`);
      for (const id of ids.token) if (!live.has(`token:${id}`)) this.endCredential(`token:${id}`);
    } catch (error) {
      this.logger.warn({ err: error }, 'Checking the credentials of live subscriptions failed; trying again later');
    }
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.recheck);
    for (const entry of this.byCredential.values()) if (entry.expiry) clearTimeout(entry.expiry);
  }
}

function tooManySubscriptions(limit: number): DevolveError {
  return new DevolveError(
    'RATE_LIMITED',
    `订阅过多：每个会话或令牌最多同时订阅 ${limit} 项，请关闭不再需要的页面或订阅`,
    `Too many subscriptions: at most ${limit} at once per session or API token; close a page or subscription you no longer need`,
    { limit },
  );
}
