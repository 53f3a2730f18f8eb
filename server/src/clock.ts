import { type Database, domainClock } from '@devolve/db';

/**
 * The domain clock: the time a mutation stamps on what it writes (activity, updates, decisions)
 * and against which deadlines are overdue. Security decisions (session expiry, login limits) use
 * the real time, never this.
 */
export type Clock = () => Date;

export const realClock: Clock = () => new Date();

/** A clock that reads `storyAt` at the real moment `realAt` and runs on with real time. */
export function storyClock(storyAt: Date, realAt: Date): Clock {
  const offset = storyAt.getTime() - realAt.getTime();
  return () => new Date(Date.now() + offset);
}

/**
 * The database's domain clock, read once at server start: the story's clock when the demo seed
 * anchored one (the `domain_clock` row), so deadlines and "overdue" agree with the story;
 * the real time otherwise.
 */
export async function loadDomainClock(db: Database): Promise<Clock> {
  const [anchor] = await db.select().from(domainClock).limit(1);
  return anchor ? storyClock(new Date(anchor.storyAt), new Date(anchor.realAt)) : realClock;
}
