import { Repeater } from '@repeaterjs/repeater';
import { buildSchema, type ExecutionResult, GraphQLError } from 'graphql';
import { GRAPHQL_TRANSPORT_WS_PROTOCOL, makeServer, MessageType } from 'graphql-ws';
import { describe, expect, it, vi } from 'vitest';
import { maxBufferedBytes, type MessageSocket, nextMessage, nextMessageStart, sendResults } from './next-messages.ts';

const data = { proposalChanged: { sequence: 41, proposal: { id: 'UHJvcG9zYWw6MQ==', title: '取消“食品经营许可”的现场核查 \u2028 "quoted" \\ tab\t', votes: [1, null, 2.5] } } };
const withErrors: ExecutionResult = {
  errors: [new GraphQLError('您没有权限 / Forbidden', { path: ['proposalChanged', 'proposal'], extensions: { code: 'FORBIDDEN' } })],
  data: { proposalChanged: { sequence: 42, proposal: null } },
};
const withExtensions: ExecutionResult = { data, extensions: { cost: 7 } };
const results: ExecutionResult[] = [{ data }, withErrors, withExtensions, { data: null, errors: [new GraphQLError('INTERNAL')] }];

/** A socket that records what is written to it, as text frames. */
function recordingSocket(): MessageSocket & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    readyState: 1,
    OPEN: 1,
    bufferedAmount: 0,
    send(message, options, callback) {
      expect(options.binary).toBe(false);
      sent.push(message.toString('utf8'));
      callback?.();
    },
  };
}

/** What graphql-ws itself sends for each result of a subscription with operation id `id`. */
async function sentByGraphqlWs(id: string, each: ExecutionResult[]): Promise<string[]> {
  const sent: string[] = [];
  let onMessage: (data: string) => Promise<void> = async () => {};
  const server = makeServer({
    schema: buildSchema('type Query { sequence: Int } type Subscription { sequence: Int }'),
    subscribe: async function* () {
      yield* each;
    },
  });
  server.opened(
    {
      protocol: GRAPHQL_TRANSPORT_WS_PROTOCOL,
      send: (message) => void sent.push(message),
      close: () => {},
      onMessage: (callback) => (onMessage = callback),
    },
    {},
  );
  await onMessage(JSON.stringify({ type: MessageType.ConnectionInit }));
  await onMessage(JSON.stringify({ id, type: MessageType.Subscribe, payload: { query: 'subscription { sequence }' } }));
  return sent.filter((message) => (JSON.parse(message) as { type: MessageType }).type === MessageType.Next);
}

describe('next messages', () => {
  it('are byte for byte what graphql-ws would send, errors and extensions included', async () => {
    for (const id of ['1', 'f3b7c2d0-9a4e-4c1b-8f7e-1d2c3b4a5e6f', 'quote"and\\slash']) {
      const expected = await sentByGraphqlWs(id, results);
      expect(expected).toHaveLength(results.length);
      expect(results.map((result) => nextMessage(nextMessageStart(id), result).toString('utf8'))).toEqual(expected);
    }
  });

  it('give each subscriber its own id around one serialization of a shared result', async () => {
    const shared: ExecutionResult = { data };
    const stringify = vi.spyOn(JSON, 'stringify');
    const sockets = ['1', '2', 'tab-b:7'].map((id) => ({ id, socket: recordingSocket() }));
    await Promise.all(sockets.map(({ id, socket }) => sendResults(socket, id, toStream([shared])).next()));
    const serializations = stringify.mock.calls.filter(([value]) => (value as ExecutionResult | undefined)?.data === data).length;
    stringify.mockRestore();
    expect(serializations).toBe(1);
    for (const { id, socket } of sockets) {
      expect(socket.sent).toHaveLength(1);
      expect(JSON.parse(socket.sent[0]!)).toEqual({ id, type: MessageType.Next, payload: { data } });
    }
  });

  it('end when the results end, and throw what the results throw after sending what came before', async () => {
    const socket = recordingSocket();
    await expect(sendResults(socket, '1', toStream([{ data }])).next()).resolves.toEqual({ done: true, value: undefined });
    expect(socket.sent).toHaveLength(1);

    const failing = recordingSocket();
    const failure = new Error('the log could not be read');
    const stream = new Repeater<ExecutionResult>(async (push, stop) => {
      await push({ data });
      stop(failure);
    });
    await expect(sendResults(failing, '1', stream).next()).rejects.toBe(failure);
    expect(failing.sent.map((message) => JSON.parse(message) as unknown)).toEqual([{ id: '1', type: MessageType.Next, payload: { data } }]);
  });

  it("end a subscription waiting for its next result when returned (the client's complete, the socket's close)", async () => {
    const socket = recordingSocket();
    let returned = false;
    const waiting = new Repeater<ExecutionResult>(async (_push, stop) => {
      await stop;
      returned = true;
    });
    const sending = sendResults(socket, '1', waiting);
    const pending = sending.next();
    await sending.return!();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(returned).toBe(true);
    expect(socket.sent).toEqual([]);
  });

  it('wait for their writes once the client is far behind, and only then take the next result', async () => {
    const written: (() => void)[] = [];
    const socket = {
      ...recordingSocket(),
      bufferedAmount: maxBufferedBytes,
      send(message: Buffer, _options: { binary: boolean }, callback?: (error?: Error) => void) {
        socket.sent.push(message.toString('utf8'));
        written.push(() => callback?.());
      },
    };
    let taken = 0;
    const counted = new Repeater<ExecutionResult>(async (push, stop) => {
      for (const sequence of [1, 2]) {
        taken += 1;
        await push({ data: { proposalChanged: { sequence } } });
      }
      stop();
    });
    const done = sendResults(socket, '1', counted).next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.sent).toHaveLength(1);
    expect(taken).toBe(1);
    written.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.sent).toHaveLength(2);
    written.shift()!();
    await expect(done).resolves.toEqual({ done: true, value: undefined });
  });

  it('send nothing to a socket that is closing', async () => {
    const socket = { ...recordingSocket(), readyState: 2 };
    await expect(sendResults(socket, '1', toStream([{ data }])).next()).resolves.toEqual({ done: true, value: undefined });
    expect(socket.sent).toEqual([]);
  });
});

function toStream(each: ExecutionResult[]): AsyncIterable<ExecutionResult> {
  return new Repeater<ExecutionResult>(async (push, stop) => {
    for (const result of each) await push(result);
    stop();
  });
}
