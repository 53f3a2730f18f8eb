import type { OpenedDatabase } from '@devolve/db';
import type { Logger } from 'pino';
import type { EventBus } from './bus.ts';
import { createInProcessBus } from './in-process.ts';
import { createPostgresBus } from './postgres.ts';
import { openFanout } from './log.ts';
import { createRedisBus } from './redis.ts';

/** REDIS_URL set: Redis. Otherwise PostgreSQL: LISTEN/NOTIFY (several processes share it); PGlite: in-process. */
export async function createEventBus(opened: OpenedDatabase, logger: Logger, redisUrl?: string): Promise<EventBus> {
  if (redisUrl) return createRedisBus(opened, redisUrl, logger);
  return opened.engine === 'postgres' ? createPostgresBus(opened, logger) : createInProcessBus(await openFanout(opened.db, logger));
}
