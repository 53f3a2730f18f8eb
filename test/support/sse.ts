import { activity, type Database } from '@devolve/db';
import { max } from 'drizzle-orm';

/**
 * A GraphQL-over-SSE subscriber as any client would run it: POST /graphql with
 * `Accept: text/event-stream`, reading `next` events from the streamed body.
 */
export interface Subscription<T> {
  /** Resolves with the next payload's data (or rejects after `timeoutMs`). */
  next(timeoutMs?: number): Promise<T>;
  /** Everything received so far that `next` has not returned yet. */
  pending(): T[];
  /** Resolves once the server answered: the subscription is set up (or refused). */
  ready: Promise<void>;
  /** Resolves when the server ends the stream, with the errors it sent (empty if none). */
  ended: Promise<GraphQLErrorData[]>;
  close(): void;
}

export interface GraphQLErrorData {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** `credentials`: a session cookie, or the request headers to send (an API token's Authorization). */
export function subscribe<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  credentials?: string | Record<string, string>,
): Subscription<T> {
  const controller = new AbortController();
  const headers = typeof credentials === 'string' ? { cookie: credentials } : (credentials ?? {});
  const errors: GraphQLErrorData[] = [];
  let answered!: () => void;
  let streamEnded!: (errors: GraphQLErrorData[]) => void;
  const ready = new Promise<void>((resolve) => (answered = resolve));
  const ended = new Promise<GraphQLErrorData[]>((resolve) => (streamEnded = resolve));
  const queue: T[] = [];
  const waiters: ((value: T) => void)[] = [];
  let failure: unknown = null;
  const deliver = (value: T) => {
    const waiter = waiters.shift();
    if (waiter) waiter(value);
    else queue.push(value);
  };
  void (async () => {
    try {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify({ query, variables }),
        signal: controller.signal,
      });
      answered();
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return streamEnded(errors);
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (!data) continue;
          const message = JSON.parse(data) as { data?: T; errors?: GraphQLErrorData[] };
          if (message.errors) {
            failure = message.errors;
            errors.push(...message.errors);
          }
          if (message.data) deliver(message.data);
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) failure = error;
    }
  })();
  return {
    next(timeoutMs = 5000) {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms${failure ? `: ${JSON.stringify(failure)}` : ''}`)), timeoutMs);
        waiters.push((value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
    pending: () => queue.splice(0),
    ready,
    ended,
    close: () => controller.abort(),
  };
}

/**
 * The activity log's last position. Subscribe with it as `since` and no later change can be missed,
 * however long the subscription takes to start: what happened meanwhile is replayed from the log.
 */
export async function logPosition(db: Database): Promise<number> {
  const [row] = await db.select({ last: max(activity.id) }).from(activity);
  return Number(row?.last ?? 0);
}
