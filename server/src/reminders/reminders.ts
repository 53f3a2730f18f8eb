import { reminderChannel, reminders, reminderSubject } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, isNull, isNotNull, sql, type SQL } from 'drizzle-orm';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { Unit } from '../units/units.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { enumValuesOf } from '../enums.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { parseGlobalId } from '../ids.ts';
import { checkPageArgs } from '../pagination.ts';
import { acknowledgeReminders, type ReminderSubject, type ReminderTarget, sendReminders } from './commands.ts';
import { canReadReminder, sentToViewer, visibleReminders } from './visibility.ts';
import type { Viewer } from '../accounts/permissions.ts';

export const ReminderSubjectEnum = builder.enumType('ReminderSubject', {
  description: 'What a reminder chases: the campaign as a whole, or one proposal, consultation, claim, handover, evaluation or unclaimed power item.',
  values: enumValuesOf(reminderSubject.enumValues),
});

export const ReminderChannelEnum = builder.enumType('ReminderChannel', {
  description: '文件督办 a notice in Devolve, 电话沟通 a phone call, 会议协调 a meeting (recorded), or sent automatically for a deadline.',
  values: enumValuesOf(reminderChannel.enumValues),
});

/** The GraphQL type of each subject's rows: a subject id is a global id of that type. */
const subjectTypenames: Record<Exclude<ReminderSubject, 'campaign'>, string> = {
  proposal: 'Proposal',
  consultation: 'Consultation',
  claim: 'PowerItemClaim',
  handover: 'Handover',
  evaluation: 'Evaluation',
  power_item: 'PowerItem',
};
const subjectOfTypename = new Map(Object.entries(subjectTypenames).map(([subject, typename]) => [typename, subject as ReminderSubject]));

export const Reminder = builder.drizzleNode('reminders', {
  name: 'Reminder',
  description: '催办: the lead office chasing a unit or a person about overdue work.',
  id: { column: (reminder) => reminder.id },
  select: { columns: { recipientUnitId: true, recipientUserId: true } },
  authScopes: (reminder, ctx) => canReadReminder(ctx.viewer, reminder),
  fields: (t) => ({
    campaign: t.relation('campaign'),
    recipientUnit: t.relation('recipientUnit', { nullable: true, description: 'The department or district chased, or null when a person is.' }),
    recipientUser: t.relation('recipientUser', { nullable: true, description: 'The person chased, or null when a unit is.' }),
    subject: t.expose('subject', { type: ReminderSubjectEnum }),
    subjectId: t.id({
      nullable: true,
      description: 'The global id of the row chased (a Proposal, Consultation, …); null when the subject is the campaign.',
      select: { columns: { subject: true, subjectId: true } },
      resolve: (reminder) => (reminder.subject === 'campaign' || reminder.subjectId === null ? null : encodeGlobalID(subjectTypenames[reminder.subject], reminder.subjectId)),
    }),
    channel: t.expose('channel', { type: ReminderChannelEnum }),
    message: t.exposeString('message', { nullable: true }),
    dueOn: t.expose('dueOn', { type: 'Date', nullable: true, description: 'The deadline the work was or is due by.' }),
    sentBy: t.relation('sentBy', { nullable: true, description: 'Who sent it; null for the reminders the scheduled job sends (AUTOMATIC).' }),
    sentAt: t.expose('sentAt', { type: 'DateTime' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true, description: 'When the recipient marked it seen (已阅).' }),
    acknowledgedBy: t.relation('acknowledgedBy', { nullable: true }),
  }),
});

const ReminderFilter = builder.inputType('ReminderFilter', {
  fields: (t) => ({
    campaignId: t.globalID({ for: Campaign }),
    recipientUnitId: t.globalID({ for: Unit }),
    subject: t.field({ type: ReminderSubjectEnum }),
    acknowledged: t.boolean({ description: 'true: only those marked seen; false: only those not yet seen.' }),
    toViewer: t.boolean({ description: 'true: only those sent to you or your unit (the team reads all the others too).' }),
  }),
});

function reminderConditions(table: typeof reminders, input: typeof ReminderFilter.$inferInput | null | undefined, viewer: Viewer | null): SQL | undefined {
  if (!input) return undefined;
  return and(
    input.toViewer === true ? (viewer ? sentToViewer(table, viewer) : sql`false`) : undefined,
    input.campaignId ? eq(table.campaignId, input.campaignId.id) : undefined,
    input.recipientUnitId ? eq(table.recipientUnitId, input.recipientUnitId.id) : undefined,
    input.subject ? eq(table.subject, input.subject) : undefined,
    input.acknowledged === true ? isNotNull(table.acknowledgedAt) : input.acknowledged === false ? isNull(table.acknowledgedAt) : undefined,
  );
}

/** The connection's order, which its cursors follow. */
const newestRemindersFirst = { id: 'desc' } as const;

builder.queryField('reminders', (t) =>
  t.drizzleConnection({
    type: 'reminders',
    description: 'Reminders (催办), newest first: the team sees all; a unit those sent to it; a person those sent to them.',
    authScopes: { signedIn: true },
    args: { filter: t.arg({ type: ReminderFilter }) },
    totalCount: (_root, args, ctx) => ctx.db.$count(reminders, and(visibleReminders(reminders, ctx.viewer), reminderConditions(reminders, args.filter, ctx.viewer))),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, reminders, newestRemindersFirst);
      return ctx.db.query.reminders.findMany(
        query({
          where: rawWhere((table: typeof reminders) => and(visibleReminders(table, ctx.viewer), reminderConditions(table, args.filter, ctx.viewer))),
          orderBy: newestRemindersFirst,
        }),
      );
    },
  }),
);

const ReminderTargetInput = builder.inputType('ReminderTargetInput', {
  description: 'Whom to chase and about what.',
  fields: (t) => ({
    recipientId: t.id({ required: true, description: 'A Unit (department or district) or a User.' }),
    subjectId: t.id({ description: 'The row chased (a Proposal, Consultation, PowerItemClaim, Handover, Evaluation or PowerItem); absent for the campaign as a whole.' }),
  }),
});

const SendRemindersInput = builder.inputType('SendRemindersInput', {
  fields: (t) => ({
    campaignId: t.globalID({ for: Campaign, required: true }),
    channel: t.field({ type: ReminderChannelEnum, required: true }),
    message: t.string(),
    dueOn: t.field({ type: 'Date' }),
    reminders: t.field({ type: [ReminderTargetInput], required: true, description: 'One reminder each, 1 to 1,000.' }),
  }),
});

/** A target as the command takes it: the recipient's and the subject's kinds read from their global ids. */
function reminderTarget(target: typeof ReminderTargetInput.$inferInput, i: number): ReminderTarget {
  const field = `input.reminders.${i}`;
  const recipient = parseGlobalId(target.recipientId, `${field}.recipientId`);
  if (recipient.typename !== 'Unit' && recipient.typename !== 'User') {
    throw new ValidationError(`${field}.recipientId`, '催办对象须是单位或人员', 'A reminder goes to a Unit or a User');
  }
  if (target.subjectId == null) return { ...recipientOf(recipient), subject: 'campaign' };
  const subject = parseGlobalId(target.subjectId, `${field}.subjectId`);
  const kind = subjectOfTypename.get(subject.typename);
  if (!kind) throw new ValidationError(`${field}.subjectId`, '无法对该对象催办', `A reminder cannot be about a ${subject.typename}`);
  return { ...recipientOf(recipient), subject: kind, subjectId: subject.id };
}

const recipientOf = (recipient: { typename: string; id: number }) =>
  recipient.typename === 'Unit' ? { recipientUnitId: recipient.id } : { recipientUserId: recipient.id };

const RemindersResult = builder.objectRef<{ reminderIds: number[] }>('RemindersResult').implement({
  description: 'The reminders a call sent or marked seen, in the order given.',
  fields: (t) => ({
    reminders: t.field({
      type: [Reminder],
      resolve: async (result, _args, ctx) => {
        const rows = await ctx.db.query.reminders.findMany({ where: { id: { in: result.reminderIds } } });
        const byId = new Map(rows.map((row) => [row.id, row]));
        return result.reminderIds.flatMap((id) => byId.get(id) ?? []);
      },
    }),
  }),
});

builder.mutationField('sendReminders', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).field({
    type: RemindersResult,
    errors: { types: [NotFoundError] },
    description: '催办 (coordinator): chases units, districts or people, each about one row or the campaign; all are sent or none.',
    args: { input: t.arg({ type: SendRemindersInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      runCommand(ctx, ctx.viewer, sendReminders, {
        campaignId: input.campaignId.id,
        channel: input.channel,
        message: input.message,
        dueOn: input.dueOn,
        reminders: input.reminders.map(reminderTarget),
      }),
  }),
);

const AcknowledgeRemindersInput = builder.inputType('AcknowledgeRemindersInput', {
  fields: (t) => ({ reminderIds: t.globalIDList({ for: Reminder, required: true, description: '1 to 1,000 reminders sent to you or your unit.' }) }),
});

builder.mutationField('acknowledgeReminders', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RemindersResult,
    errors: { types: [NotFoundError] },
    description: 'The unit or person chased marks reminders seen (已阅); all of them or none.',
    args: { input: t.arg({ type: AcknowledgeRemindersInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      runCommand(ctx, ctx.viewer, acknowledgeReminders, {
        reminderIds: input.reminderIds.map(({ id }) => id),
      }),
  }),
);
