import { notificationDigest, notificationKinds, notifications, role } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { Me } from '../accounts/me.ts';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { enumValuesOf } from '../enums.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { liveValue } from '../events/live-streams.ts';
import { eventStream } from '../events/stream.ts';
import { rawWhere } from '../filters.ts';
import { checkPageArgs } from '../pagination.ts';
import { markNotificationsRead, settingsOf, updateNotificationSettings } from './commands.ts';
import { changesInbox } from './rules.ts';
import { visibleNotifications } from './visibility.ts';
import type { Context } from '../context.ts';
import type { Viewer } from '../accounts/permissions.ts';

export const NotificationKindEnum = builder.enumType('NotificationKind', {
  description: 'Why a notification was sent (see the README, "Notifications").',
  values: enumValuesOf(notificationKinds),
});

export const NotificationDigestEnum = builder.enumType('NotificationDigest', {
  description: 'How often unread notifications are e-mailed: never, daily or hourly.',
  values: enumValuesOf(notificationDigest.enumValues),
});

export const Notification = builder.drizzleNode('notifications', {
  name: 'Notification',
  description: 'One entry of the inbox (通知): an activity entry the rules tell this person about.',
  id: { column: (n) => n.id },
  select: { columns: { userId: true } },
  // node(id): only the owner; lists read visibleNotifications, which also checks the entry. This
  // runs for every row of every inbox page, so it decides from the row alone: the whole rule in
  // memory (canReadNotification) needs the entry, a statement per row.
  authScopes: (n, ctx) => ctx.viewer?.userId === n.userId,
  fields: (t) => ({
    kind: t.expose('kind', { type: NotificationKindEnum }),
    read: t.boolean({ select: { columns: { readAt: true } }, resolve: (n) => n.readAt !== null }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    activity: t.relation('activity', { description: 'The entry: who did what, with its before/after.' }),
    proposal: t.relation('proposal', { nullable: true, description: 'The proposal it leads to.' }),
    threadId: t.id({
      nullable: true,
      description: 'The comment thread it leads to (a CommentThread global id), for comments and mentions.',
      select: { columns: { threadId: true } },
      resolve: (n) => (n.threadId === null ? null : encodeGlobalID('CommentThread', n.threadId)),
    }),
  }),
});

/** The inbox's order, newest first, which its cursors follow. */
const newestFirst = { id: 'desc' } as const;

const unreadCount = (ctx: Context, viewer: Viewer) =>
  ctx.db.$count(notifications, and(visibleNotifications(notifications, viewer), isNull(notifications.readAt)));

const NotificationSettings = builder
  .objectRef<{ mutedKinds: (typeof notificationKinds)[number][]; digest: (typeof notificationDigest.enumValues)[number]; email: string | null }>(
    'NotificationSettings',
  )
  .implement({
    description: "A person's notification choices.",
    fields: (t) => ({
      mutedKinds: t.field({ type: [NotificationKindEnum], description: 'Kinds this person is not told about.', resolve: (s) => s.mutedKinds }),
      digest: t.field({ type: NotificationDigestEnum, resolve: (s) => s.digest }),
      email: t.exposeString('email', { nullable: true, description: "Where the digest goes; null: the account's e-mail." }),
    }),
  });

builder.objectFields(Me, (t) => ({
  notifications: t.drizzleConnection({
    type: 'notifications',
    description: 'My inbox, newest first: only notifications about what I may read.',
    args: {
      unreadOnly: t.arg.boolean({ defaultValue: false }),
      kinds: t.arg({ type: [NotificationKindEnum], description: 'Only these kinds.' }),
    },
    resolve: (query, _me, args, ctx) => {
      checkPageArgs(args, notifications, newestFirst);
      const viewer = ctx.viewer!; // Me exists only for a signed-in viewer
      return ctx.db.query.notifications.findMany(
        query({
          where: rawWhere((table: typeof notifications) =>
            and(
              visibleNotifications(table, viewer),
              args.unreadOnly ? isNull(table.readAt) : undefined,
              args.kinds?.length ? inArray(table.kind, args.kinds) : undefined,
            ),
          ),
          orderBy: newestFirst,
        }),
      );
    },
  }),
  unreadNotificationCount: t.int({
    description: 'How many of my notifications are unread.',
    resolve: (_me, _args, ctx) => unreadCount(ctx, ctx.viewer!),
  }),
  notificationSettings: t.field({
    type: NotificationSettings,
    resolve: (me, _args, ctx) => settingsOf(ctx.db, me.userId),
  }),
}));

const MarkNotificationsReadInput = builder.inputType('MarkNotificationsReadInput', {
  fields: (t) => ({
    ids: t.globalIDList({ for: Notification, description: 'These notifications (1 to 500), or give `all`.' }),
    all: t.boolean({ description: 'Every notification of mine.' }),
  }),
});

const MarkNotificationsReadResult = builder
  .objectRef<{ notifications: (typeof notifications.$inferSelect)[]; unreadNotificationCount: number }>('NotificationsMarkedRead')
  .implement({
    fields: (t) => ({
      notifications: t.field({ type: [Notification], description: 'Those marked read now.', resolve: (r) => r.notifications }),
      unreadNotificationCount: t.exposeInt('unreadNotificationCount'),
    }),
  });

builder.mutationField('markNotificationsRead', (t) =>
  t.withAuth({ canWrite: role.enumValues }).field({
    type: MarkNotificationsReadResult,
    errors: { types: [NotFoundError, ValidationError] },
    description: 'Marks my notifications read: the ids given, or all of them.',
    args: { input: t.arg({ type: MarkNotificationsReadInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if ((input.all === true) === (input.ids != null)) {
        throw new ValidationError('input.ids', '请指定要标记的通知，或选择全部', 'Give either ids or all');
      }
      const { ids } = await runCommand(ctx, ctx.viewer, markNotificationsRead, input.all ? { all: true } : { ids: input.ids!.map(({ id }) => id) });
      const rows = ids.length === 0 ? [] : await ctx.db.query.notifications.findMany({ where: { id: { in: ids } } });
      return { notifications: rows, unreadNotificationCount: await unreadCount(ctx, ctx.viewer) };
    },
  }),
);

const UpdateNotificationSettingsInput = builder.inputType('UpdateNotificationSettingsInput', {
  fields: (t) => ({
    mutedKinds: t.field({ type: [NotificationKindEnum], description: 'The kinds I do not want; none when omitted.' }),
    digest: t.field({ type: NotificationDigestEnum, required: true }),
    email: t.string({ description: "The digest's address; omit for the account's e-mail." }),
  }),
});

builder.mutationField('updateNotificationSettings', (t) =>
  t.withAuth({ canWrite: role.enumValues }).field({
    type: NotificationSettings,
    errors: { types: [ValidationError] },
    description: 'Which kinds I want, and the e-mail digest.',
    args: { input: t.arg({ type: UpdateNotificationSettingsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await runCommand(ctx, ctx.viewer, updateNotificationSettings, {
        mutedKinds: input.mutedKinds ?? [],
        digest: input.digest,
        email: input.email ?? null,
      });
      return settingsOf(ctx.db, ctx.viewer.userId);
    },
  }),
);

const NotificationsChange = builder
  .objectRef<{ sequence: number; notificationIds: string[]; unreadNotificationCount: number }>('NotificationsChange')
  .implement({
    description: 'My inbox changed: ids and the count, never the rows (query those you show).',
    fields: (t) => ({
      sequence: t.exposeInt('sequence', { description: 'The activity log position; resume with `since`.' }),
      notificationIds: t.exposeIDList('notificationIds', { description: 'Notifications this change added for me (global ids).' }),
      unreadNotificationCount: t.exposeInt('unreadNotificationCount'),
    }),
  });

builder.subscriptionField('notificationsChanged', (t) =>
  t.field({
    type: NotificationsChange,
    description: 'My inbox: a notification for me, or my marking read. Ends with the session.',
    authScopes: { signedIn: true },
    args: { since: t.arg.int() },
    subscribe: (_root, args, ctx) => eventStream(ctx, { since: args.since, where: (e) => changesInbox(ctx.viewer!, e) }),
    resolve: async (item, _args, ctx) => {
      const event = liveValue(item);
      const viewer = ctx.viewer!;
      const added = await ctx.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(visibleNotifications(notifications, viewer), eq(notifications.activityId, event.id)));
      return {
        sequence: event.id,
        notificationIds: added.map((n) => encodeGlobalID('Notification', n.id)),
        unreadNotificationCount: await unreadCount(ctx, viewer),
      };
    },
  }),
);
