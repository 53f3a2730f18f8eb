import { isIP } from 'node:net';
import path from 'node:path';
import { projectRoot } from '@devolve/db/project-root';

/** Everything Devolve reads from the environment, in one place (the README lists the same). */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; absent means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Redis URL: when set, the event bus runs on Redis pub/sub instead of LISTEN/NOTIFY. */
  redisUrl: string | undefined;
  /** PGlite data directory (only without databaseUrl). */
  dataDir: string | undefined;
  logLevel: string;
  /** GraphiQL at /graphql, on outside production. */
  graphiql: boolean;
  /** Adds extensions.queryStats (SQL statements, server time) to every GraphQL response. */
  queryStats: boolean;
  /**
   * Experimental (issue 16): a JSON file of persisted operations' documents that are answered by
   * planned execution (server/src/planned/) instead of field by field. Unset: none.
   */
  plannedOperations: string | undefined;
  /** The built web app served at /. */
  webDist: string;
  /** Other sites' origins whose pages may use the API with the user's cookie (CORS, WebSocket); the server's own origin always may. */
  allowedOrigins: string[];
  /**
   * Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, as CIDR ranges
   * ("10.0.0.0/8", "127.0.0.1/32"). Empty: the peer's address is the client's, and no header is.
   */
  trustedProxies: string[];
  /** Active subscriptions one WebSocket connection may hold. */
  maxSubscriptionsPerConnection: number;
  /** WebSocket connections one session or API token may hold open at once (per process). */
  maxConnectionsPerSession: number;
  /** Active subscriptions one session or API token may hold at once (per process), over SSE and WebSocket together. */
  maxSubscriptionsPerSession: number;
  /** Largest multipart request (a spreadsheet import's upload); JSON requests keep their 1 MiB. */
  maxUploadBytes: number;
  /** Runs the scheduled jobs (server/src/jobs): one process of those sharing a database runs them. */
  jobs: boolean;
  /**
   * How often the scheduled sweeps run, in real milliseconds (60 s). Not read from the
   * environment: tests set it to let a passed deadline close within a second.
   */
  jobSweepMs: number;
  /** The e-mail digest's SMTP server (SMTP_URL, nodemailer's URL form); unset: no digests are sent. */
  smtpUrl: string | undefined;
  /** The digest's sender (SMTP_FROM). */
  smtpFrom: string;
  /** The web app's address as people reach it, for links in e-mails (DEVOLVE_PUBLIC_URL). */
  publicUrl: string;
  /** The public consultation's comment form: its proof of work and rate limits (server/src/public-comments/). */
  publicComments: PublicCommentSettings;
}

export interface PublicCommentSettings {
  /** Leading zero bits SHA-256(challenge + nonce) must have: 17 takes about half a second in a phone's browser. */
  proofBits: number;
  /** Comments one address may submit per `perAddressWindowMs` (10 minutes). */
  perAddress: number;
  perAddressWindowMs: number;
  /** Comments everyone together may submit per `globalWindowMs` (one minute). */
  global: number;
  globalWindowMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    port: readPort(env.PORT),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: readRedisUrl(env.REDIS_URL),
    dataDir: env.DEVOLVE_DATA_DIR || undefined,
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    graphiql: !production,
    queryStats: env.DEVOLVE_QUERY_STATS === '1',
    plannedOperations: env.DEVOLVE_PLANNED_OPERATIONS || undefined,
    webDist: env.DEVOLVE_WEB_DIST ?? path.join(projectRoot, 'web', 'dist'),
    allowedOrigins: readOrigins(env.DEVOLVE_ALLOWED_ORIGINS),
    trustedProxies: readTrustedProxies(env.DEVOLVE_TRUSTED_PROXIES),
    maxSubscriptionsPerConnection: readLimit('DEVOLVE_MAX_SUBSCRIPTIONS_PER_CONNECTION', env.DEVOLVE_MAX_SUBSCRIPTIONS_PER_CONNECTION, 20),
    maxConnectionsPerSession: readLimit('DEVOLVE_MAX_CONNECTIONS_PER_SESSION', env.DEVOLVE_MAX_CONNECTIONS_PER_SESSION, 10),
    maxSubscriptionsPerSession: readLimit('DEVOLVE_MAX_SUBSCRIPTIONS_PER_SESSION', env.DEVOLVE_MAX_SUBSCRIPTIONS_PER_SESSION, 50),
    maxUploadBytes: readLimit('DEVOLVE_MAX_UPLOAD_BYTES', env.DEVOLVE_MAX_UPLOAD_BYTES, 30 * 1024 * 1024),
    jobs: readSwitch('DEVOLVE_JOBS', env.DEVOLVE_JOBS, true),
    jobSweepMs: 60_000,
    smtpUrl: readSmtpUrl(env.SMTP_URL),
    smtpFrom: env.SMTP_FROM || 'Devolve <devolve@localhost>',
    publicUrl: (env.DEVOLVE_PUBLIC_URL || `http://${env.HOST ?? '127.0.0.1'}:${env.PORT || 4000}`).replace(/\/+$/, ''),
    publicComments: {
      proofBits: readBounded('DEVOLVE_PUBLIC_COMMENT_PROOF_BITS', env.DEVOLVE_PUBLIC_COMMENT_PROOF_BITS, 17, 32),
      perAddress: readLimit('DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS', env.DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS, 5),
      perAddressWindowMs: 10 * 60_000,
      global: readLimit('DEVOLVE_PUBLIC_COMMENTS_PER_MINUTE', env.DEVOLVE_PUBLIC_COMMENTS_PER_MINUTE, 300),
      globalWindowMs: 60_000,
    },
  };
}

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return 4000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${value}".`);
  }
  return port;
}

function readSmtpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!URL.canParse(value) || !['smtp:', 'smtps:'].includes(new URL(value).protocol)) {
    throw new ConfigError(`SMTP_URL must be a URL starting with smtp:// or smtps://, not "${value}".`);
  }
  return value;
}

function readRedisUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!URL.canParse(value) || !['redis:', 'rediss:'].includes(new URL(value).protocol)) {
    throw new ConfigError(`REDIS_URL must be a URL starting with redis:// or rediss://, not "${value}".`);
  }
  return value;
}

/** `https://a.example, http://b.example:8080` → their canonical origins (scheme, host, port). */
function readOrigins(value: string | undefined): string[] {
  const listed = (value ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  return listed.map((origin) => {
    const url = URL.canParse(origin) ? new URL(origin) : null;
    // An origin is scheme, host and port: a path, query or user name means a mistyped value.
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
      throw new ConfigError(`DEVOLVE_ALLOWED_ORIGINS must list origins such as https://review.example.gov.cn, not "${origin}".`);
    }
    return url.origin;
  });
}

/**
 * `10.0.0.5, 172.16.0.0/12, ::1` → CIDR ranges. A list of addresses rather than a hop count:
 * a client that reaches the port directly, past the proxy, is then not believed, and a hop
 * count would be wrong as soon as the chain of proxies changes.
 */
export function readTrustedProxies(value: string | undefined): string[] {
  const listed = (value ?? '').split(',').map((range) => range.trim()).filter(Boolean);
  return listed.map((range) => {
    const [address = '', prefix, ...rest] = range.split('/');
    const version = isIP(address);
    const bits = version === 6 ? 128 : 32;
    const length = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
    if (version === 0 || rest.length > 0 || !(length >= 0 && length <= bits)) {
      throw new ConfigError(`DEVOLVE_TRUSTED_PROXIES must list IP addresses or CIDR ranges such as 10.0.0.0/8, not "${range}".`);
    }
    return `${address}/${length}`;
  });
}

function readLimit(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new ConfigError(`${name} must be a whole number of at least 1, not "${value}".`);
  return limit;
}

function readBounded(name: string, value: string | undefined, fallback: number, max: number): number {
  const limit = readLimit(name, value, fallback);
  if (limit > max) throw new ConfigError(`${name} must be at most ${max}, not "${value}".`);
  return limit;
}

function readSwitch(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'on' || value === 'off') return value === 'on';
  throw new ConfigError(`${name} must be "on" or "off", not "${value}".`);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
