import { activityActions } from '@devolve/db';
import type { Viewer } from '../accounts/permissions.ts';
import { systemViewer } from '../accounts/credentials.ts';
import type { Command, Mutation } from '../activity/mutate.ts';
import type { ActivityLog } from './activity.ts';
import type { Tx } from './insert.ts';

/** What the seed's command calls share: its one transaction and its activity log. */
export interface StoryWriter {
  tx: Tx;
  log: ActivityLog;
}

/**
 * The mutation a command is given when the seed plays a moment of the story: the seed's
 * transaction, `viewer` acting, the story's time `at` as its `now`, and its entries into the seed's
 * log with everything the command recorded (written last with the rest of the log, in time order,
 * as mutate() would have written them at that moment).
 */
export function storyMutation(s: StoryWriter, viewer: Viewer, at: number): Mutation<Viewer> {
  return {
    tx: s.tx,
    viewer,
    now: new Date(at),
    record: (entry) =>
      s.log.add({
        at,
        actorId: entry.actorId === undefined ? viewer.userId : entry.actorId,
        action: entry.action,
        entity: [activityActions[entry.action], entry.entityId],
        campaignId: entry.campaignId ?? null,
        proposalId: entry.proposalId ?? null,
        districtId: entry.districtId ?? null,
        internal: entry.internal ?? false,
        // The commands record plain objects.
        before: (entry.before ?? null) as Record<string, unknown> | null,
        after: (entry.after ?? null) as Record<string, unknown> | null,
      }),
  };
}

/** Runs `command` as `viewer` at the story's time `at`, as a GraphQL caller would: every check applies. */
export function runAt<Input, Result>(s: StoryWriter, viewer: Viewer, at: number, command: Command<Input, Result>, input: Input): Promise<Result> {
  return command(storyMutation(s, viewer, at), input);
}

/** A seeded account as the commands see it. */
export async function viewerOf(tx: Tx, username: string): Promise<Viewer> {
  const viewer = await systemViewer(tx, username);
  if (!viewer) throw new Error(`seed: no user ${username}`);
  return viewer;
}
