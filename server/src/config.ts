import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything Devolve reads from the environment, in one place (the README lists the same). */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; absent means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** PGlite data directory (only without databaseUrl). */
  dataDir: string | undefined;
  logLevel: string;
  /** GraphiQL at /graphql, on outside production. */
  graphiql: boolean;
  /** Adds extensions.queryStats (SQL statements, server time) to every GraphQL response. */
  queryStats: boolean;
  /** The built web app served at /. */
  webDist: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    port: readPort(env.PORT),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DEVOLVE_DATA_DIR || undefined,
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    graphiql: !production,
    queryStats: env.DEVOLVE_QUERY_STATS === '1',
    webDist: env.DEVOLVE_WEB_DIST ?? path.resolve(here, '../../web/dist'),
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

export class ConfigError extends Error {
  override name = 'ConfigError';
}
