import type { OpenedDatabase } from '@devolve/db';
import type { Logger } from 'pino';
import type { EventBus } from './bus.ts';
import { createInProcessBus } from './in-process.ts';
import { createPostgresBus } from './postgres.ts';

/** PGlite: in-process. PostgreSQL: LISTEN/NOTIFY (several processes share it). */
export async function createEventBus(opened: OpenedDatabase, logger: Logger): Promise<EventBus> {
  return opened.engine === 'postgres' ? createPostgresBus(opened, logger) : createInProcessBus();
}
