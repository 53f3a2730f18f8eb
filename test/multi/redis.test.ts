import { activity } from '@devolve/db';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { logPosition, subscribe } from '../support/sse.ts';

/**
 * The Redis event bus (REDIS_URL) when its subscriber connection drops: what was published while
 * it was away is read back from the activity log once it reconnects, in order, once each.
 */
const redisUrl = process.env.REDIS_URL!;
let server: TestServer;
let coordinator: SignedInClient;
let redis: Redis;
/** The bus names its channels after the database. */
let activityChannel: string;

beforeAll(async () => {
  server = await startTestServer({ seed: true, engine: 'postgres', redisUrl });
  coordinator = await server.signIn('coordinator');
  redis = new Redis(redisUrl);
  activityChannel = `devolve:${new URL(server.database.url!).pathname.slice(1)}:activity`;
});
afterAll(async () => {
  await redis?.quit();
  await server?.close();
});

/** A change another process committed: its activity row, and the event it publishes. */
async function loggedElsewhere(n: number) {
  const [row] = await server.database.opened.db
    .insert(activity)
    .values({ action: 'comment.created', entityType: 'comment', entityId: 900_000 + n, internal: false })
    .returning();
  return { id: row!.id, payload: JSON.stringify(row) };
}

describe('the Redis event bus', () => {
  it('catches up from the activity log after its subscriber connection is killed', async () => {
    const stream = subscribe<{ activityStream: { sequence: number; entityId: number } }>(
      server.url,
      'subscription($since: Int) { activityStream(since: $since) { sequence entityId } }',
      { since: await logPosition(server.database.opened.db) },
      coordinator.cookie,
    );
    // Live once the first change arrives (read from the log if the subscription started late).
    const ready = await loggedElsewhere(0);
    await redis.publish(activityChannel, ready.payload);
    expect((await stream.next()).activityStream.sequence).toBe(ready.id);
    // This process's own subscriber connection (named after its pid: the test runs it in-process).
    const listed = String(await redis.client('LIST', 'TYPE', 'PUBSUB'));
    const connectionId = new RegExp(`id=(\\d+) .*name=devolve-${process.pid}-subscribe`).exec(listed)?.[1];
    expect(connectionId).toBeDefined();

    // Redis runs these in order: the connection is gone before the three events are published,
    // so they can only arrive by the catch-up read after ioredis reconnects.
    const missed = [await loggedElsewhere(1), await loggedElsewhere(2), await loggedElsewhere(3)];
    const pipeline = redis.pipeline().client('KILL', 'ID', connectionId!);
    for (const event of missed) pipeline.publish(activityChannel, event.payload);
    const [[, killed]] = (await pipeline.exec()) as [[Error | null, number]];
    expect(killed).toBe(1);

    const received = [];
    for (let i = 0; i < missed.length; i += 1) received.push((await stream.next(10_000)).activityStream);
    expect(received).toEqual(missed.map((event, i) => ({ sequence: event.id, entityId: 900_001 + i })));

    // Subscribed again: an event published now arrives live, and nothing twice.
    const live = await loggedElsewhere(4);
    await redis.publish(activityChannel, live.payload);
    expect((await stream.next()).activityStream.sequence).toBe(live.id);
    // Nothing twice: the next one is a later marker.
    const marker = await loggedElsewhere(5);
    await redis.publish(activityChannel, marker.payload);
    expect((await stream.next()).activityStream.sequence).toBe(marker.id);
    stream.close();
  });
});
