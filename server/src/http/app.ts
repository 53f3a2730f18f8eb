import { loadDomainClock } from '../clock.ts';
import { existsSync } from 'node:fs';
import nodePath from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { OpenedDatabase } from '@devolve/db';
import { sql } from 'drizzle-orm';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useCookies } from '@whatwg-node/server-plugin-cookies';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import sirv from 'sirv';
import type { Config } from '../config.ts';
import { resolveViewer } from '../accounts/credentials.ts';
import type { Context } from '../context.ts';
import { EventAudience } from '../events/audience.ts';
import { createEventBus } from '../events/create.ts';
import { LiveStreams } from '../events/live-streams.ts';
import { useSharedEventExecution } from '../events/shared-execution.ts';
import { type PresenceOptions, PresenceService } from '../presence/service.ts';
import { schema } from '../schema.ts';
import { clientConnectionReader } from './client-connection.ts';
import { useBodyLimits } from './body-limits.ts';
import { maskError } from './errors.ts';
import { graphiqlAssets, graphiqlAssetsPath, renderLocalGraphiQL } from './graphiql.ts';
import { maxRequestBytes, useOperationLimits } from './operation-limits.ts';
import { corsPolicy, useOriginPolicy } from './origins.ts';
import { useQueryStats, withRequestStats } from './query-stats.ts';
import { useInputGuard } from './input-guard.ts';
import { isPublicPath, publicPages } from './public-pages.ts';
import { documentRoutes, isDocumentPath } from '../documents/http.ts';
import { proposalFactsLoader } from '../proposals/facts.ts';
import { attachWebSockets } from './websocket.ts';
import { loadPlans, usePlannedOperations } from '../planned/plugin.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { exportsHandler } from '../exports/http.ts';
import { JobRunner, leadershipFor } from '../jobs/runner.ts';
import { scheduledJobs } from '../jobs/scheduled.ts';

export interface DevolveServer {
  server: Server;
  /** Resolves once the port is bound; gives the actual port (useful with port 0). */
  listen(): Promise<number>;
  /**
   * Stops accepting connections, ends subscriptions, lets requests in flight (mutations) finish
   * for up to `graceMs`, then cuts what is left and closes the event bus.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** One process, one port: GraphQL at /graphql (HTTP, SSE and WebSocket), downloads at /exports/, health at /healthz, the web app at /. */
export async function createDevolveServer(
  opened: OpenedDatabase,
  config: Config,
  logger: Logger,
  /** Presence timings and how often live streams' credentials are checked again (tests shorten them). */
  options: { presence?: Partial<PresenceOptions>; credentialRecheckMs?: number } = {},
): Promise<DevolveServer> {
  const events = await createEventBus(opened, logger, config.redisUrl);
  // Read once: the demo's story clock (seeded) or the real time. A database seeded after start
  // (`devolve seed` while serving) takes effect at the next start.
  const clock = await loadDomainClock(opened.db);
  const presence = new PresenceService(events, options.presence);
  const audience = new EventAudience(opened.db);
  const allowedOrigins = new Set(config.allowedOrigins);
  const clientConnection = clientConnectionReader(config.trustedProxies);
  const streams = new LiveStreams(opened.db, events.fanout, logger, {
    maxPerCredential: config.maxSubscriptionsPerSession,
    recheckMs: options.credentialRecheckMs,
  });
  // Read once per request: planned execution reads it first, and a request it leaves to normal execution reuses it.
  const viewers = new WeakMap<Request, Promise<Viewer | null>>();
  const viewerOf = (request: Request) => {
    let viewer = viewers.get(request);
    if (!viewer) viewers.set(request, (viewer = resolveViewer(opened.db, request)));
    return viewer;
  };
  /** What resolvers get, for /graphql and the downloads under /exports alike. */
  const contextFor = async (request: Request, req?: IncomingMessage): Promise<Context> => {
    // Node's request is always there: Yoga is only reached through this server (HTTP and WebSocket).
    const client = req ? clientConnection(req) : { address: 'unknown', https: false };
    return {
      db: opened.db,
      viewer: await viewerOf(request),
      request,
      clientAddress: client.address,
      clientHttps: client.https,
      clock,
      events,
      audience,
      streams,
      presence,
      proposalFacts: proposalFactsLoader(opened.db, clock),
      publicComments: config.publicComments,
    };
  };
  const yoga = createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? { title: 'Devolve GraphQL' } : false,
    renderGraphiQL: renderLocalGraphiQL,
    landingPage: false,
    logging: logger,
    maskedErrors: { maskError },
    cors: corsPolicy(allowedOrigins),
    // Our own limits instead (body-limits.ts): 1 MiB for JSON, DEVOLVE_MAX_UPLOAD_BYTES for uploads.
    maxRequestBodySize: false,
    plugins: [
      useOriginPolicy(allowedOrigins),
      // Cookie sessions must never be usable from a plain HTML form post: Yoga refuses requests
      // a browser could send cross-site without a preflight unless they carry this header.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
      useCookies(),
      // Counted while reading, so a chunked body without a Content-Length is bounded too (413).
      useBodyLimits({ json: maxRequestBytes, upload: config.maxUploadBytes }),
      ...useOperationLimits(),
      useInputGuard(),
      // Live events: one execution per event for each distinct viewer, document and variables.
      useSharedEventExecution(),
      ...(config.queryStats ? [useQueryStats()] : []),
      ...(config.plannedOperations
        ? [usePlannedOperations({ schema, db: opened.db, plans: loadPlans(schema, config.plannedOperations), viewerOf, logPosition: () => events.fanout.highestId, logger })]
        : []),
    ],
    context: ({ request, req }: { request: Request; req?: IncomingMessage }) => contextFor(request, req),
  });
  const serveExport = exportsHandler(allowedOrigins, contextFor);

  const serveWeb = existsSync(config.webDist)
    ? sirv(config.webDist, { single: true, etag: true, gzip: false })
    : (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The web app is not built: run `pnpm --filter @devolve/web build`. GraphQL is at /graphql.\n');
      };

  // The public site (权责清单, 公开结果, 工作进度, 公众意见征集) is its own entry, public.html.
  const servePublic = existsSync(nodePath.join(config.webDist, 'public.html')) ? publicPages(opened.db, config.webDist) : null;

  // Documents (the key task's quarterly report as .docx) by GET with the session cookie.
  const serveDocument = documentRoutes(opened.db, clock);
  const serveGraphiql = config.graphiql ? graphiqlAssets() : null;

  // Requests that end by themselves (everything but SSE subscriptions): shutdown waits for them.
  const inFlight = new Set<ServerResponse>();
  let drained: (() => void) | null = null;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (!req.headers.accept?.includes('text/event-stream')) {
      inFlight.add(res);
      res.once('close', () => {
        inFlight.delete(res);
        if (inFlight.size === 0) drained?.();
      });
    }
    if (path === '/graphql' || path?.startsWith('/graphql/')) {
      // AsyncLocalStorage costs every promise of the process a hook: only when stats are asked for.
      void (config.queryStats ? withRequestStats(() => yoga.handle(req, res)) : yoga.handle(req, res));
    } else if (path?.startsWith('/exports/')) {
      serveExport(req, res).catch((error: unknown) => logger.error({ err: error, path }, 'export failed'));
    } else if (serveGraphiql && path?.startsWith(graphiqlAssetsPath)) {
      serveGraphiql(req, res, () => {
        res.writeHead(404).end();
      });
    } else if (path === '/healthz') {
      void health(opened, res);
    } else if (path !== undefined && isDocumentPath(path)) {
      const search = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
      serveDocument(req, res, path, search).catch((error: unknown) => {
        logger.error({ err: error, path }, 'document failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end();
      });
    } else if (servePublic && (req.method === 'GET' || req.method === 'HEAD') && isPublicPath(path ?? '/')) {
      servePublic(req, res, path!).catch((error: unknown) => {
        logger.error({ err: error, path }, 'public page failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end();
      });
    } else {
      serveWeb(req, res, () => {
        res.writeHead(404).end();
      });
    }
  });

  // Idle keep-alive sockets are closed by the client first: Node's 5 s default races fetch's 4 s
  // (undici), and under load the server's close crossed a reused socket's next request (ECONNRESET).
  // Proxies hold connections open about a minute, so the server waits longer than they do.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  // GraphQL over WebSocket (graphql-ws) on the same port and path, through the same Yoga.
  const websockets = attachWebSockets({ server, yoga, db: opened.db, config, logger });

  // The runner wakes at least as often as the jobs are due (every 5 s, or each sweep when shorter).
  const jobs = config.jobs
    ? new JobRunner(scheduledJobs(config.jobSweepMs, config.smtpUrl ? { smtpUrl: config.smtpUrl, from: config.smtpFrom, publicUrl: config.publicUrl } : undefined), { db: opened.db, events, clock }, leadershipFor(opened), logger, { tickMs: Math.min(5_000, config.jobSweepMs) })
    : null;
  jobs?.start();

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : config.port);
        });
      }),
    close: async ({ graceMs = 0 } = {}) => {
      // First, so a job's mutation finishes while the database and the event bus are still there.
      await jobs?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Upgraded sockets are no longer HTTP connections: server.close would wait for them.
      await websockets.close();
      if (inFlight.size > 0 && graceMs > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      // SSE subscriptions, keep-alive sockets, and whatever outlived the grace period.
      server.closeAllConnections();
      await closed;
      presence.close();
      streams.close();
      await events.close();
    },
  };
}

async function health(opened: OpenedDatabase, res: ServerResponse): Promise<void> {
  try {
    await opened.db.execute(sql`select 1`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', engine: opened.engine }));
  } catch {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'unavailable', engine: opened.engine }));
  }
}
