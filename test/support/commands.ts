import { activity, type Database } from '@devolve/db';
import { desc, gt } from 'drizzle-orm';
import type { Viewer } from '../../server/src/accounts/permissions.ts';
import { systemViewer } from '../../server/src/accounts/credentials.ts';
import { type Command, runCommand } from '../../server/src/activity/mutate.ts';
import type { Clock } from '../../server/src/clock.ts';
import { createInProcessBus } from '../../server/src/events/in-process.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

/** A row of the activity log as a command's unit test reads it back. */
export type LoggedActivity = typeof activity.$inferSelect;

/**
 * A command's unit tests run it directly, without HTTP or GraphQL: against a copy of the seeded
 * demo database (the same template the API tests clone), as a demo user acting with no session.
 */
export interface CommandTestDatabase {
  db: Database;
  /** The demo user with this username, as a job or the command line would act for them. */
  viewer(username: string): Promise<Viewer>;
  /** Runs one command in its own transaction, as a resolver does. */
  run<Input, Result>(viewer: Viewer, command: Command<Input, Result>, input: Input, clock?: Clock): Promise<Result>;
  /** The activity log's newest id: take it before a command, then read what it recorded with `activitySince`. */
  lastActivityId(): Promise<number>;
  activitySince(id: number): Promise<LoggedActivity[]>;
  dispose(): Promise<void>;
}

export async function commandTestDatabase(): Promise<CommandTestDatabase> {
  const database: TestDatabase = await createTestDatabase({ seed: true });
  const db = database.opened.db;
  const events = createInProcessBus();
  return {
    db,
    async viewer(username) {
      const viewer = await systemViewer(db, username);
      if (!viewer) throw new Error(`no active demo user ${username}`);
      return viewer;
    },
    run: (viewer, command, input, clock) => runCommand({ db, viewer, events, clock }, viewer, command, input),
    async lastActivityId() {
      const [row] = await db.select({ id: activity.id }).from(activity).orderBy(desc(activity.id)).limit(1);
      return row?.id ?? 0;
    },
    activitySince: (id) => db.select().from(activity).where(gt(activity.id, id)).orderBy(activity.id),
    dispose: () => database.dispose(),
  };
}
