import { users } from '@devolve/db';
import { encodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { User } from '../accounts/users.ts';
import { builder } from '../builder.ts';
import { Proposal } from '../proposals/proposals.ts';
import { CommentThread } from '../comments/comments.ts';
import { threadsById } from '../comments/commands.ts';
import { canPostInThread, commentWriterRoles } from '../comments/rules.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { liveValue } from '../events/live-streams.ts';
import { readableProposal } from '../events/subscriptions.ts';
import { readableIdOf } from '../readable.ts';
import { type VisiblePresence, visiblePresence } from './roster.ts';

/**
 * Presence: who is looking at a proposal and who is typing in which of its threads. Ephemeral:
 * it lives in the servers' memory and on the bus's ephemeral channel, never in the activity log.
 */
const PresenceEntry = builder.objectRef<VisiblePresence>('PresenceEntry').implement({
  description: 'Someone looking at the proposal now (one entry per person, however many tabs they have open).',
  fields: (t) => ({
    user: t.field({
      type: User,
      // Loaded as nodes: every entry of a list shares one batched statement.
      resolve: async (entry, _args, ctx, info) => {
        const [user] = await (resolveNodes(builder, ctx, info, [{ id: String(entry.userId), typename: 'User' }]) as Promise<
          (typeof User.$inferType)[]
        >);
        return user!;
      },
    }),
    typingInThreadId: t.globalID({
      nullable: true,
      description: "The comment thread they are typing in, if any and if you may read it (never the team's internal threads for others).",
      resolve: (entry) => (entry.typingThreadId === null ? null : { type: 'CommentThread', id: entry.typingThreadId }),
    }),
  }),
});

builder.subscriptionField('presence', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [PresenceEntry],
    description:
      "Subscribing is looking at the proposal, for as long as the subscription is open. Sends the people looking at it now, then again whenever that changes (someone arrives, leaves, starts or stops typing); a closed tab leaves at once, a vanished server's viewers within about 15 seconds. Everyone who may read the proposal may subscribe and sees everyone looking; where someone types is shown only to those who may read that thread.",
    args: { proposalId: t.arg.globalID({ for: Proposal, required: true }) },
    subscribe: async (_root, args, ctx) => {
      const proposal = await readableProposal(ctx, args.proposalId.id);
      const viewer = ctx.viewer;
      const [me] = await ctx.db.select({ displayName: users.displayName }).from(users).where(eq(users.id, viewer.userId));
      const watching = ctx.presence.watch({ userId: viewer.userId, displayName: me!.displayName }, proposal.id, (people) =>
        visiblePresence(viewer, people, proposal.submittingUnitId),
      );
      return ctx.streams.follow(viewer, watching);
    },
    resolve: (entries) => liveValue(entries),
  }),
);

const SetTypingInput = builder.inputType('SetTypingInput', {
  fields: (t) => ({
    proposalId: t.globalID({ for: Proposal, required: true }),
    threadId: t.globalID({ for: CommentThread, required: true, description: 'A comment thread of that proposal you may write in.' }),
    typing: t.boolean({
      required: true,
      description: 'true: typing (send again every few seconds while it lasts; it goes out by itself after about 8 seconds). false: stopped.',
    }),
  }),
});

builder.mutationField('setTyping', (t) =>
  t.withAuth({ canWrite: commentWriterRoles }).field({
    type: 'Boolean',
    // A scalar cannot be a union member: the result carries it as TypingSent.sent.
    errors: {
      types: [NotFoundError],
      directResult: false,
      result: { name: 'TypingSent', description: 'The typing indicator went out to every server process.' },
      dataField: { name: 'sent' },
    },
    description:
      "Shows (or stops showing) you typing in a thread on your open `presence` subscriptions to the proposal. Ephemeral: writes nothing, not even activity (the documented exception to every mutation writing activity). Returns true once sent.",
    args: { input: t.arg({ type: SetTypingInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const proposalId = await readableIdOf(ctx.db, ctx.viewer, 'Proposal', input.proposalId.id);
      const threadId = await readableIdOf(ctx.db, ctx.viewer, 'CommentThread', input.threadId.id);
      const thread = (await threadsById(ctx.db, [threadId])).get(threadId);
      if (!thread) throw new NotFoundError({ zh: '讨论', en: 'comment thread' }, encodeGlobalID('CommentThread', threadId));
      if (!canPostInThread(ctx.viewer, thread)) {
        throw new ForbiddenError(
          '您不能在该讨论中输入：部门只能参与本单位精简意见的共享讨论',
          'You may not type in this thread: departments take part only in the shared threads of their own proposals',
        );
      }
      if (thread.proposalId !== proposalId) {
        throw new ValidationError('input.threadId', '该讨论不属于这条精简意见', 'The thread is not on this proposal');
      }
      const typing = { threadId, internal: thread.visibility === 'internal' };
      ctx.presence.setTyping(ctx.viewer.userId, proposalId, typing, input.typing);
      return true;
    },
  }),
);
