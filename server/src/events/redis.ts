import { DatabaseStartupError, type OpenedDatabase } from '@devolve/db';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { sql } from 'drizzle-orm';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { EphemeralMessage, EventBus } from './bus.ts';
import { decodeEvent, encodeEvent } from './change-event.ts';
import { catchUpFromLog, openFanout } from './log.ts';

/** Payloads travel as the JSON text each side encodes and checks itself (as with NOTIFY). */
type BusMessage = CustomEvent<string>;
const asText = { stringify: (payload: unknown) => String(payload), parse: (payload: string) => payload };

/**
 * Redis pub/sub, for when REDIS_URL is set: several processes share events through Redis instead
 * of LISTEN/NOTIFY. Redis forgets what it could not deliver, so events are published after commit
 * and a subscriber connection that comes back reads the activity log from the last event this
 * process delivered. A process's own events reach its subscribers at once, not via the round trip.
 */
export async function createRedisBus(opened: OpenedDatabase, redisUrl: string, logger: Logger): Promise<EventBus> {
  // Publishes wait in ioredis's offline queue while Redis is away instead of failing: the event
  // target does not handle a rejected publish, and a late event is dropped as a duplicate anyway.
  const publishClient = await connectRedis(redisUrl, 'publish', logger, { maxRetriesPerRequest: null });
  const subscribeClient = await connectRedis(redisUrl, 'subscribe', logger).catch(async (error: unknown) => {
    publishClient.disconnect();
    throw error;
  });
  // Redis channels are global (not per Redis database), so they are named after the PostgreSQL
  // database: processes on one database share them, other deployments on this Redis do not.
  const [database] = await opened.db.select({ name: sql<string>`current_database()` }).from(sql`(values (1)) as one(x)`);
  const activityChannel = `devolve:${database!.name}:activity`;
  const ephemeralChannel = `devolve:${database!.name}:ephemeral`;
  const target = createRedisEventTarget<BusMessage>({ publishClient, subscribeClient, serializer: asText });
  const fanout = await openFanout(opened.db, logger);

  target.addEventListener(activityChannel, ({ detail: payload }) => {
    const event = decodeEvent(payload);
    if (event) fanout.deliver(event);
    else logger.warn({ payload: payload.slice(0, 200) }, 'dropped a malformed event');
  });
  const ephemeral = new Set<(message: EphemeralMessage) => void>();
  target.addEventListener(ephemeralChannel, ({ detail: payload }) => {
    try {
      const message = JSON.parse(payload) as EphemeralMessage;
      ephemeral.forEach((listener) => listener(message));
    } catch {
      logger.warn({ payload: payload.slice(0, 200) }, 'dropped a malformed ephemeral message');
    }
  });
  // Subscribed for sure (Redis confirmed), then the log read: a change committed since
  // latestEventId arrives one way or the other, and the fanout drops it if it comes both ways.
  await subscribeClient.subscribe(activityChannel, ephemeralChannel);
  await catchUpFromLog(opened.db, fanout);

  // Every later `ready` is a reconnect: ioredis has re-sent SUBSCRIBE; once Redis confirms it (the
  // reply to ours comes after), nothing more can be missed, so the log read covers the gap.
  subscribeClient.on('ready', () => {
    subscribeClient
      .subscribe(activityChannel, ephemeralChannel)
      .then(() => catchUpFromLog(opened.db, fanout))
      .catch((error: unknown) => logger.error({ err: error }, 'catching up from the activity log failed'));
  });

  return {
    kind: 'redis',
    fanout,
    publishAfterCommit(events) {
      for (const event of events) {
        fanout.deliver(event);
        target.dispatchEvent(new CustomEvent(activityChannel, { detail: encodeEvent(event) }));
      }
    },
    // Our own messages come back through the subscription like everyone else's.
    publishEphemeral: (message) => {
      target.dispatchEvent(new CustomEvent(ephemeralChannel, { detail: JSON.stringify(message) }));
    },
    onEphemeral: (listener) => {
      ephemeral.add(listener);
      return () => ephemeral.delete(listener);
    },
    close: async () => {
      subscribeClient.disconnect();
      await publishClient.quit();
    },
  };
}

/** Connects at start-up, so an unreachable Redis stops the server with one line, not later. */
async function connectRedis(url: string, role: string, logger: Logger, options: RedisOptions = {}): Promise<Redis> {
  // Named so CLIENT LIST tells the processes and their two connections apart.
  const client = new Redis(url, { lazyConnect: true, connectionName: `devolve-${process.pid}-${role}`, ...options });
  let lastError: unknown = null;
  client.on('error', (error: unknown) => {
    lastError = error;
    // Once connected, ioredis reconnects by itself; say so rather than fail.
    if (client.status !== 'wait' && client.status !== 'connecting') logger.warn({ err: error, role }, 'Redis connection error; reconnecting');
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.disconnect();
    throw describeRedisFailure(lastError ?? error, url);
  }
}

/** Turns an ioredis connection failure into a sentence saying what is wrong and what to do. */
function describeRedisFailure(error: unknown, url: string): DatabaseStartupError {
  const parsed = new URL(url);
  const where = `${parsed.hostname}:${parsed.port || '6379'}`;
  const err = error as { code?: string; message?: string };
  switch (err.code) {
    case 'ECONNREFUSED':
      return new DatabaseStartupError(`Cannot reach Redis at ${where}: connection refused.`, 'Start Redis or correct the host and port in REDIS_URL (or unset it).');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DatabaseStartupError(`Cannot reach Redis at ${where}: unknown host.`, 'Correct the host name in REDIS_URL.');
    case 'ETIMEDOUT':
      return new DatabaseStartupError(`Cannot reach Redis at ${where}: timed out.`, 'Check that Redis is running and reachable from this machine.');
    default:
      return /WRONGPASS|NOAUTH|invalid password|invalid username/i.test(err.message ?? '')
        ? new DatabaseStartupError(`Redis at ${where} refused the login (${err.message}).`, 'Correct the user and password in REDIS_URL.')
        : new DatabaseStartupError(`Cannot use Redis at ${where}: ${err.message ?? String(error)}.`, 'Check REDIS_URL and the Redis log.');
  }
}
