import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Database } from '@devolve/db';
import { type DocumentNode, type ExecutionArgs, type ExecutionResult, getOperationAST, GraphQLError, OperationTypeNode } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { isAsyncIterable, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { resolveViewer } from '../accounts/credentials.ts';
import type { Config } from '../config.ts';
import type { Context } from '../context.ts';
import { DevolveError } from '../errors.ts';
import { credentialKey } from '../events/live-streams.ts';
import { maskError } from './errors.ts';
import { type MessageSocket, sendResults } from './next-messages.ts';
import { originAllowed } from './origins.ts';

/**
 * graphql-ws closes a connection over `maxConnectionsPerSession` with this code. It is the
 * protocol's "too many" code (TooManyInitialisationRequests), which graphql-ws clients treat as
 * fatal: they do not retry in a loop against the cap.
 */
const tooManyConnectionsCloseCode = CloseCode.TooManyInitialisationRequests;

/** One GraphQL operation's message is small: big inputs are for HTTP (and fit in this too). */
const maxMessageBytes = 1024 * 1024;
/** How long closing the server waits for clients to answer the close handshake. */
const closeGraceMs = 1000;

/** What a connection keeps from its `connection_init` until it closes. */
interface ConnectionState {
  /**
   * Stands in for the HTTP request of each operation, so the context is built by the very same
   * factory as over HTTP: the upgrade request's headers (the session cookie), plus
   * `connectionParams.authorization` as the Authorization header (browsers cannot set headers on a
   * WebSocket). POST, because Yoga refuses mutations in GET requests.
   */
  request: Request;
  /** The session or token this connection counts against, if signed in. */
  credentialKey: string | null;
  /** Ids of the subscription operations started on this connection (pruned when they end). */
  subscriptionIds: Set<string>;
}

type Yoga = YogaServerInstance<{ request: Request; req?: IncomingMessage }, Context>;

interface WebSocketOptions {
  server: Server;
  yoga: Yoga;
  /** For the credentials of each connection, counted against maxConnectionsPerSession. */
  db: Database;
  config: Config;
  logger: Logger;
}

export interface WebSockets {
  /** Closes every connection (1001 Going Away) and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * GraphQL over WebSocket (the graphql-transport-ws protocol of graphql-ws) at /graphql on the HTTP
 * server's port. Each operation runs through Yoga's envelop (Yoga's documented integration), so
 * masking, operation limits and the context factory are those of HTTP. The upgrade is refused with
 * 403 for a browser page of another origin (cross-site WebSocket hijacking would otherwise ride on
 * the session cookie).
 */
export function attachWebSockets({ server, yoga, db, config, logger }: WebSocketOptions): WebSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const allowedOrigins = new Set(config.allowedOrigins);
  const connectionsPerCredential = new Map<string, number>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.debug({ err: error }, 'WebSocket upgrade socket error'));
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/graphql') return refuseUpgrade(socket, 404, 'Not Found');
    if (!originAllowed(request.headers.origin, request.headers.host, allowedOrigins)) {
      logger.info({ origin: request.headers.origin }, 'WebSocket upgrade refused: origin not allowed');
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  /** Each operation's enveloped functions, socket and id, found again by its execution arguments. */
  const operationOf = new WeakMap<ExecutionArgs, { enveloped: ReturnType<Yoga['getEnveloped']>; socket: MessageSocket; id: string }>();

  useServer<Record<string, unknown> | undefined, { connection: ConnectionState }>(
    {
      execute: (args) => operationOf.get(args)!.enveloped.execute(args),
      // A subscription's results go out through next-messages.ts: one serialization per shared result.
      subscribe: async (args) => {
        const { enveloped, socket, id } = operationOf.get(args)!;
        const result = await enveloped.subscribe(args);
        return isAsyncIterable<ExecutionResult>(result) ? sendResults(socket, id, result) : result;
      },

      onConnect: async (ctx) => {
        let request: Request;
        try {
          request = operationRequest(ctx.extra.request, ctx.connectionParams);
        } catch {
          return false; // an authorization that is no valid header value: 4403 Forbidden
        }
        const viewer = await resolveViewer(db, request);
        // Gone while the credentials were looked up: onClose has run already, so do not count it.
        if (ctx.extra.socket.readyState === ctx.extra.socket.CLOSED) return false;
        const credential = viewer ? credentialKey(viewer.credential) : null;
        if (credential) {
          const open = connectionsPerCredential.get(credential) ?? 0;
          if (open >= config.maxConnectionsPerSession) {
            ctx.extra.socket.close(
              tooManyConnectionsCloseCode,
              `Too many connections: at most ${config.maxConnectionsPerSession} per session or token`,
            );
            return false;
          }
          connectionsPerCredential.set(credential, open + 1);
        }
        ctx.extra.connection = { request, credentialKey: credential, subscriptionIds: new Set() };
        return true;
      },

      onClose: (ctx) => {
        const key = ctx.extra.connection?.credentialKey;
        if (!key) return;
        const open = (connectionsPerCredential.get(key) ?? 1) - 1;
        if (open > 0) connectionsPerCredential.set(key, open);
        else connectionsPerCredential.delete(key);
      },

      onSubscribe: async (ctx, id, params) => {
        const connection = ctx.extra.connection!; // graphql-ws closes a socket that subscribes before connection_init
        const enveloped = yoga.getEnveloped({ req: ctx.extra.request, socket: ctx.extra.socket, params, request: connection.request });
        let document: DocumentNode;
        try {
          document = enveloped.parse(params.query);
        } catch (error) {
          // A syntax error (or too many tokens) belongs to this operation; thrown, it would close the socket.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;

        if (getOperationAST(document, params.operationName)?.operation === OperationTypeNode.SUBSCRIPTION) {
          const active = [...connection.subscriptionIds].filter((other) => other in ctx.subscriptions);
          connection.subscriptionIds = new Set(active);
          if (active.length >= config.maxSubscriptionsPerConnection) {
            return [tooManySubscriptions(config.maxSubscriptionsPerConnection)];
          }
          connection.subscriptionIds.add(id);
        }

        let contextValue: Context;
        try {
          contextValue = await enveloped.contextFactory();
        } catch (error) {
          // The database is unreachable, say: this operation fails, masked as over HTTP; the socket stays.
          logger.error({ err: error }, 'Building the context of a WebSocket operation failed');
          return [maskError(error) as GraphQLError]; // maskError's replacement for an unknown error is a GraphQLError
        }
        const args: ExecutionArgs = {
          schema: enveloped.schema,
          document,
          operationName: params.operationName,
          variableValues: params.variables,
          contextValue,
        };
        operationOf.set(args, { enveloped, socket: ctx.extra.socket, id });
        return args;
      },

      // Yoga marks request errors with an `http` extension (status 400) that means nothing here.
      onError: (_ctx, _id, _params, errors) =>
        errors.map((error) => {
          const { http: _http, ...extensions } = error.extensions;
          return { ...error.toJSON(), extensions };
        }),
    },
    wss,
  );

  // Registered after useServer's own listener, so it runs second. A socket error is a client's
  // broken frame (invalid UTF-8, oversized message: ws has already closed it with 1007 or 1009)
  // or a dropped network connection. graphql-ws would print it to stderr as an internal error and
  // keep no listener after the first; this logs it and keeps listening, so none can crash the process.
  wss.on('connection', (ws) => {
    ws.removeAllListeners('error');
    ws.on('error', (error) => logger.debug({ err: error }, 'WebSocket closed after a socket error'));
  });

  return {
    async close() {
      const closing = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            ws.close(1001, 'Server shutting down');
          }),
      );
      const grace = new Promise<void>((resolve) => setTimeout(resolve, closeGraceMs).unref());
      await Promise.race([Promise.all(closing), grace]);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function refuseUpgrade(socket: Duplex, status: 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function operationRequest(upgrade: IncomingMessage, connectionParams: Readonly<Record<string, unknown>> | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(upgrade.headersDistinct)) {
    for (const item of value ?? []) headers.append(name, item);
  }
  const authorization = connectionParams?.authorization;
  if (typeof authorization === 'string') headers.set('authorization', authorization);
  return new Request(`http://${upgrade.headers.host ?? 'localhost'}/graphql`, { method: 'POST', headers });
}

function tooManySubscriptions(limit: number): DevolveError {
  return new DevolveError(
    'RATE_LIMITED',
    `订阅过多：每个连接最多同时订阅 ${limit} 项，请先取消不再需要的订阅`,
    `Too many subscriptions: at most ${limit} at once on one connection; complete one you no longer need first`,
    { limit },
  );
}
