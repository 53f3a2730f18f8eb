import type { ExecutionResult } from 'graphql';
import { MessageType } from 'graphql-ws';

/**
 * Each result's `next` payload as JSON bytes, made once per result object. An event's result is
 * one object for every subscription with the same key (events/shared-execution.ts), so thousands
 * of subscribers cost one JSON.stringify and one UTF-8 encoding instead of one each. A result
 * with errors is a new object per subscriber (Yoga masks them into a copy), so it is serialized
 * for that subscriber alone. Results are never changed after they are made, so the bytes stay
 * true to the object.
 */
const payloads = new WeakMap<ExecutionResult, Buffer>();

/** The payload exactly as graphql-ws builds it: errors last, each as its `toJSON()`. */
function nextPayloadBytes(result: ExecutionResult): Buffer {
  let bytes = payloads.get(result);
  if (!bytes) {
    const { errors, ...withoutErrors } = result;
    bytes = Buffer.from(JSON.stringify(errors ? { ...withoutErrors, errors: errors.map((error) => error.toJSON()) } : withoutErrors));
    payloads.set(result, bytes);
  }
  return bytes;
}

const messageEnd = Buffer.from('}');

/** What this needs of a `ws` socket. */
export interface MessageSocket {
  readonly readyState: number;
  readonly OPEN: number;
  /** Bytes sent but not yet handed to the network. */
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }, callback?: (error?: Error) => void): void;
}

/**
 * A client this far behind (bytes not yet written to its socket) holds back its own stream: the
 * next message waits for its write. Below it messages are sent without waiting, which spares every
 * message a promise and a write callback (thousands per event in the fan-out benchmark).
 */
export const maxBufferedBytes = 256 * 1024;

/** As graphql-ws's own socket adapter: a text frame of the bytes (nothing once the socket is closing). */
const textFrame = { binary: false };

/** What every `next` message of operation `id` starts with, up to its payload. */
export const nextMessageStart = (id: string): Buffer => Buffer.from(`{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`);

/** The `next` message of a result, byte for byte what graphql-ws's `stringifyMessage` makes of it. */
export const nextMessage = (start: Buffer, result: ExecutionResult): Buffer => Buffer.concat([start, nextPayloadBytes(result), messageEnd]);

/**
 * A subscription's results sent to its socket here rather than by graphql-ws, which builds and
 * stringifies every message itself (about an eighth of the server's CPU with 2,000 subscribers of
 * shared results). Returns what graphql-ws follows instead: it yields nothing, ends when the
 * results end (graphql-ws then sends `complete`) and throws what they throw (graphql-ws then
 * sends `error`). Its `return` (the client's `complete`, the socket's close) returns the results,
 * which settles the wait for the next one. A client that falls `maxBufferedBytes` behind holds
 * back its own stream only: its messages then wait for their writes, as graphql-ws's always do.
 * A write that fails closes the socket (ws), which returns the results.
 */
export function sendResults(socket: MessageSocket, id: string, results: AsyncIterable<ExecutionResult>): AsyncIterableIterator<never> {
  const iterator = results[Symbol.asyncIterator]();
  const start = nextMessageStart(id);
  const sendAll = async (): Promise<IteratorResult<never>> => {
    for (;;) {
      const item = await iterator.next();
      if (item.done) return { done: true, value: undefined };
      if (socket.readyState !== socket.OPEN) continue;
      const message = nextMessage(start, item.value);
      if (socket.bufferedAmount < maxBufferedBytes) socket.send(message, textFrame);
      else await sendAndWait(socket, message);
    }
  };
  let sending: Promise<IteratorResult<never>> | null = null;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => (sending ??= sendAll()),
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
  };
}

/** Sends and resolves once written (rejects if the write fails). */
function sendAndWait(socket: MessageSocket, message: Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.send(message, textFrame, (error) => (error ? reject(error) : resolve())));
}
