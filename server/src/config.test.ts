import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig', () => {
  it('defaults to the embedded database on 127.0.0.1:4000 with GraphiQL', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: undefined, graphiql: true, queryStats: false });
  });

  it('reads every variable the README lists', () => {
    const config = readConfig({
      PORT: '5000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://db/devolve',
      DEVOLVE_DATA_DIR: '/var/lib/devolve',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      DEVOLVE_QUERY_STATS: '1',
      DEVOLVE_WEB_DIST: '/srv/web',
    });
    expect(config).toEqual({
      port: 5000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://db/devolve',
      dataDir: '/var/lib/devolve',
      logLevel: 'debug',
      graphiql: false,
      queryStats: true,
      webDist: '/srv/web',
    });
  });

  it('refuses a port that is not a port', () => {
    for (const PORT of ['http', '70000', '-1', '80.5']) expect(() => readConfig({ PORT })).toThrow(ConfigError);
  });
});
