import { encodeGlobalID } from '@pothos/plugin-relay';
import { teamRoles } from '../accounts/permissions.ts';
import { Me } from '../accounts/me.ts';
import { builder } from '../builder.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { enumValuesOf } from '../enums.ts';
import { type TodoEntry, todoOf } from './entries.ts';
import { type OverdueFigure, overdueFigures } from './overdue.ts';
import { todoKinds } from './work.ts';

export const TodoKindEnum = builder.enumType('TodoKind', {
  description:
    "A kind of work waiting for someone: a reviewer's assigned proposals (REVIEW), the legality review, approval, consultations to open or close and claims to settle (the lead office), returned proposals to revise, outcomes to confirm and the unit's pending claims (a department), consultations to answer and handovers to prepare (a district), and reminders not yet seen.",
  values: enumValuesOf(todoKinds),
});

const TodoEntryRef = builder.objectRef<TodoEntry>('TodoEntry').implement({
  description: 'One line of the to-do (我的待办): a kind of work in one campaign, how much waits, by when, and where to do it.',
  fields: (t) => ({
    kind: t.field({ type: TodoKindEnum, resolve: (entry) => entry.kind }),
    campaignId: t.id({ nullable: true, resolve: (entry) => (entry.campaignId === null ? null : encodeGlobalID('Campaign', entry.campaignId)) }),
    campaignYear: t.int({ nullable: true, resolve: (entry) => entry.campaignYear }),
    count: t.exposeInt('count'),
    overdueCount: t.exposeInt('overdueCount', { description: 'How many of them are past their deadline by the domain clock.' }),
    deadline: t.field({ type: 'DateTime', nullable: true, description: 'The earliest deadline among them (a day runs to 24:00 in Guangzhou).', resolve: (entry) => entry.deadline }),
    overdue: t.exposeBoolean('overdue', { description: 'The earliest deadline has passed by the domain clock.' }),
    href: t.exposeString('href', { description: "Where the work is done: the queue or the portal filtered to it, the console's tab, or the to-do's reminders." }),
  }),
});

builder.objectField(Me, 'todo', (t) =>
  t.field({
    type: [TodoEntryRef],
    description: 'What waits for the viewer (我的待办), overdue first, then by the earliest deadline: one statement per kind of work the viewer does.',
    resolve: (_me, _args, ctx) => (ctx.viewer ? todoOf(ctx.db, ctx.viewer, ctx.clock()) : []),
  }),
);

const OverdueWorkRef = builder.objectRef<OverdueFigure>('OverdueWork').implement({
  description: "One owner's overdue work of one kind in a campaign (督办): a department, a district or a reviewer.",
  fields: (t) => ({
    kind: t.field({ type: TodoKindEnum, resolve: (row) => row.kind }),
    recipientId: t.id({
      description: 'The Unit or User who owes the work: the id to send a reminder to.',
      resolve: (row) => (row.unitId !== null ? encodeGlobalID('Unit', row.unitId) : encodeGlobalID('User', row.userId!)),
    }),
    recipientName: t.exposeString('name'),
    recipientIsDistrict: t.boolean({ resolve: (row) => row.unitKind === 'district' }),
    recipientIsPerson: t.boolean({ resolve: (row) => row.userId !== null }),
    count: t.exposeInt('count'),
    deadline: t.field({ type: 'DateTime', description: 'The earliest deadline passed.', resolve: (row) => row.deadline }),
  }),
});

builder.queryField('overdueWork', (t) =>
  t.withAuth({ anyRole: teamRoles }).field({
    type: [OverdueWorkRef],
    description:
      "Overdue work per owner in a campaign, by the domain clock (the team): departments' returned proposals unrevised and outcomes unconfirmed, districts' consultations unanswered and handovers not ready, reviewers' assigned proposals past the review deadline. One statement.",
    args: { campaignId: t.arg.globalID({ for: Campaign, required: true }) },
    resolve: (_root, args, ctx) => overdueFigures(ctx.db, args.campaignId.id, ctx.clock()),
  }),
);
