import type { OpenedDatabase } from '@devolve/db';
import type { Logger } from 'pino';
import type { EphemeralMessage, EventBus } from './bus.ts';
import { decodeEvent } from './change-event.ts';
import { catchUpFromLog, openFanout } from './log.ts';

export const notifyChannel = 'devolve_activity';
export const ephemeralChannel = 'devolve_ephemeral';

/**
 * LISTEN/NOTIFY: several server processes on one PostgreSQL share events with nothing else to
 * run. The mutation's activity insert sends the NOTIFY (notifyChannel), inside its transaction, so
 * a rolled-back change publishes nothing. postgres.js re-listens by itself after a dropped connection; every (re)listen reads
 * the activity log from the last event this process delivered, so a gap is never a loss.
 */
export async function createPostgresBus(opened: OpenedDatabase, logger: Logger): Promise<EventBus> {
  const client = opened.postgresClient;
  if (!client) throw new Error('The PostgreSQL event bus needs a PostgreSQL database');
  const fanout = await openFanout(opened.db, logger);

  const subscription = await client.listen(
    notifyChannel,
    (payload) => {
      const event = decodeEvent(payload);
      if (event) fanout.deliver(event);
      else logger.warn({ payload: payload.slice(0, 200) }, 'dropped a malformed event');
    },
    () => {
      catchUpFromLog(opened.db, fanout).catch((error: unknown) => logger.error({ err: error }, 'catching up from the activity log failed'));
    },
  );

  const ephemeral = new Set<(message: EphemeralMessage) => void>();
  const ephemeralSubscription = await client.listen(ephemeralChannel, (payload) => {
    try {
      const message = JSON.parse(payload) as EphemeralMessage;
      ephemeral.forEach((listener) => listener(message));
    } catch {
      logger.warn({ payload: payload.slice(0, 200) }, 'dropped a malformed ephemeral message');
    }
  });

  return {
    kind: 'postgres',
    fanout,
    notifyChannel,
    // Our own NOTIFYs come back through LISTEN like everyone else's.
    publishAfterCommit: () => {},
    publishEphemeral: (message) => {
      client.notify(ephemeralChannel, JSON.stringify(message)).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not publish an ephemeral message');
      });
    },
    onEphemeral: (listener) => {
      ephemeral.add(listener);
      return () => ephemeral.delete(listener);
    },
    close: async () => {
      await subscription.unlisten();
      await ephemeralSubscription.unlisten();
    },
  };
}
