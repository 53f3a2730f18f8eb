import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig', () => {
  it('defaults to the embedded database on 127.0.0.1:4000 with GraphiQL', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: undefined, redisUrl: undefined, graphiql: true, queryStats: false });
  });

  it('reads every variable the README lists', () => {
    const config = readConfig({
      PORT: '5000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://db/devolve',
      REDIS_URL: 'redis://cache:6379/0',
      DEVOLVE_DATA_DIR: '/var/lib/devolve',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      DEVOLVE_QUERY_STATS: '1',
      DEVOLVE_WEB_DIST: '/srv/web',
      DEVOLVE_ALLOWED_ORIGINS: 'https://review.example.gov.cn, http://localhost:5173/',
      DEVOLVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: '5',
      DEVOLVE_MAX_CONNECTIONS_PER_SESSION: '3',
      DEVOLVE_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1, ::1',
      DEVOLVE_MAX_SUBSCRIPTIONS_PER_SESSION: '7',
      DEVOLVE_JOBS: 'off',
      DEVOLVE_PUBLIC_COMMENT_PROOF_BITS: '8',
      DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS: '3',
      DEVOLVE_PUBLIC_COMMENTS_PER_MINUTE: '40',
      SMTP_URL: 'smtp://mailer:secret@mail.example.gov.cn:587',
      SMTP_FROM: '精简事项审查 <devolve@example.gov.cn>',
      DEVOLVE_PUBLIC_URL: 'https://review.example.gov.cn/',
      DEVOLVE_MAX_UPLOAD_BYTES: '1048576',
    });
    expect(config).toEqual({
      port: 5000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://db/devolve',
      redisUrl: 'redis://cache:6379/0',
      dataDir: '/var/lib/devolve',
      logLevel: 'debug',
      graphiql: false,
      queryStats: true,
      webDist: '/srv/web',
      allowedOrigins: ['https://review.example.gov.cn', 'http://localhost:5173'],
      maxSubscriptionsPerConnection: 5,
      maxConnectionsPerSession: 3,
      trustedProxies: ['10.0.0.0/8', '127.0.0.1/32', '::1/128'],
      maxSubscriptionsPerSession: 7,
      jobs: false,
      // Not an environment variable: the sweeps' period is set in code (tests shorten it).
      jobSweepMs: 60_000,
      smtpUrl: 'smtp://mailer:secret@mail.example.gov.cn:587',
      smtpFrom: '精简事项审查 <devolve@example.gov.cn>',
      publicUrl: 'https://review.example.gov.cn',
      maxUploadBytes: 1_048_576,
      // The windows are set in code; the counts and the proof's difficulty are read.
      publicComments: { proofBits: 8, perAddress: 3, perAddressWindowMs: 600_000, global: 40, globalWindowMs: 60_000 },
    });
  });

  it('sends no e-mail without SMTP_URL, refuses one that is not smtp(s)://, and links e-mails to this server by default', () => {
    expect(readConfig({})).toMatchObject({ smtpUrl: undefined, publicUrl: 'http://127.0.0.1:4000' });
    expect(() => readConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
  });

  it('asks 17 bits of proof, 5 comments per address in 10 minutes and 300 per minute by default; refuses more than 32 bits', () => {
    expect(readConfig({}).publicComments).toMatchObject({ proofBits: 17, perAddress: 5, global: 300 });
    expect(() => readConfig({ DEVOLVE_PUBLIC_COMMENT_PROOF_BITS: '33' })).toThrow(/at most 32/);
    expect(() => readConfig({ DEVOLVE_PUBLIC_COMMENTS_PER_ADDRESS: '0' })).toThrow(ConfigError);
  });

  it('refuses a port that is not a port', () => {
    for (const PORT of ['http', '70000', '-1', '80.5']) expect(() => readConfig({ PORT })).toThrow(ConfigError);
  });

  it('refuses a REDIS_URL that is not a Redis URL', () => {
    for (const REDIS_URL of ['localhost:6379', 'http://cache:6379']) expect(() => readConfig({ REDIS_URL })).toThrow(/REDIS_URL must be a URL starting with redis:\/\//);
    expect(readConfig({ REDIS_URL: 'rediss://:secret@cache:6380' }).redisUrl).toBe('rediss://:secret@cache:6380');
  });

  it('limits by default to the own origin, 20 subscriptions a connection, 10 connections and 50 subscriptions a session', () => {
    expect(readConfig({})).toMatchObject({
      allowedOrigins: [],
      maxSubscriptionsPerConnection: 20,
      maxConnectionsPerSession: 10,
      maxSubscriptionsPerSession: 50,
    });
  });

  it('refuses allowed origins that are not origins and limits that are not positive whole numbers', () => {
    for (const DEVOLVE_ALLOWED_ORIGINS of ['review.example.gov.cn', 'https://review.example.gov.cn/app', 'ftp://files.example', '*']) {
      expect(() => readConfig({ DEVOLVE_ALLOWED_ORIGINS })).toThrow(/DEVOLVE_ALLOWED_ORIGINS must list origins/);
    }
    for (const limit of ['0', '-3', '2.5', 'many']) {
      expect(() => readConfig({ DEVOLVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: limit })).toThrow(ConfigError);
      expect(() => readConfig({ DEVOLVE_MAX_CONNECTIONS_PER_SESSION: limit })).toThrow(ConfigError);
      expect(() => readConfig({ DEVOLVE_MAX_SUBSCRIPTIONS_PER_SESSION: limit })).toThrow(ConfigError);
    }
  });

  it('trusts no proxy by default and refuses trusted proxies that are not addresses or CIDR ranges', () => {
    expect(readConfig({}).trustedProxies).toEqual([]);
    for (const DEVOLVE_TRUSTED_PROXIES of ['proxy.internal', '10.0.0.0/33', '::1/129', '10.0.0.1/8/1', '10.0.0.0/', '1', 'loopback']) {
      expect(() => readConfig({ DEVOLVE_TRUSTED_PROXIES })).toThrow(/DEVOLVE_TRUSTED_PROXIES must list IP addresses or CIDR ranges/);
    }
  });

  it('runs the scheduled jobs unless DEVOLVE_JOBS is off, and refuses anything but on or off', () => {
    expect(readConfig({}).jobs).toBe(true);
    expect(readConfig({ DEVOLVE_JOBS: 'on' }).jobs).toBe(true);
    for (const DEVOLVE_JOBS of ['0', 'false', 'OFF', 'no']) expect(() => readConfig({ DEVOLVE_JOBS })).toThrow(/DEVOLVE_JOBS must be "on" or "off"/);
  });
});
