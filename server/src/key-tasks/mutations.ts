import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { Campaign } from '../campaigns/campaigns.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../errors.ts';
import { databaseIdOf } from '../ids.ts';
import { createKeyTask, keyTaskLimits, publishKeyTaskProgress, saveKeyTaskProgress } from './commands.ts';
import { KeyTask, ProgressStatus } from './key-tasks.ts';

const KeyTaskGoalsInput = builder.inputType('KeyTaskGoalsInput', {
  fields: (t) => ({
    quarter: t.int({ required: true }),
    texts: t.stringList({ required: true, description: `Numbered goals, in order (up to ${keyTaskLimits.textsPerQuarter}).` }),
  }),
});

const CreateKeyTaskInput = builder.inputType('CreateKeyTaskInput', {
  fields: (t) => ({
    year: t.int({ required: true }),
    number: t.int({ required: true, description: "The task's number in the year's list (任务20)." }),
    title: t.string({ required: true }),
    campaignId: t.globalID({ for: Campaign, description: 'The campaign of the same year whose live figures its progress quotes.' }),
    goals: t.field({ type: [KeyTaskGoalsInput], description: '年度阶段性工作目标, per quarter.' }),
  }),
});

builder.mutationField('createKeyTask', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: KeyTask,
    errors: { types: [NotFoundError] },
    description: "The coordinator sets a year's key task (重点工作), led by the lead office, with its quarterly goals.",
    args: { input: t.arg({ type: CreateKeyTaskInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { keyTaskId } = await runCommand(ctx, ctx.viewer, createKeyTask, {
        ...input,
        campaignId: input.campaignId?.id ?? null,
      });
      return (await ctx.db.query.keyTasks.findFirst(query({ where: { id: keyTaskId } })))!;
    },
  }),
);

const SaveKeyTaskProgressInput = builder.inputType('SaveKeyTaskProgressInput', {
  fields: (t) => ({
    keyTaskId: t.globalID({ for: KeyTask, required: true }),
    quarter: t.int({ required: true }),
    status: t.field({ type: ProgressStatus, required: true }),
    items: t.stringList({
      required: true,
      description: `Numbered achievements (1 to ${keyTaskLimits.textsPerQuarter}); {figureName} quotes a live figure (KeyTask.availableFigures).`,
    }),
    expectedVersion: t.int({ description: "The draft's version when rewriting it; omitted for the quarter's first entry." }),
  }),
});

builder.mutationField('saveKeyTaskProgress', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: KeyTask,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: "The coordinator writes a quarter's progress entry as a draft (the quarter's draft in KeyTask.quarters); a published entry is not rewritten.",
    args: { input: t.arg({ type: SaveKeyTaskProgressInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const keyTaskId = input.keyTaskId.id;
      await runCommand(ctx, ctx.viewer, saveKeyTaskProgress, { ...input, keyTaskId });
      return (await ctx.db.query.keyTasks.findFirst(query({ where: { id: keyTaskId } })))!;
    },
  }),
);

const PublishKeyTaskProgressInput = builder.inputType('PublishKeyTaskProgressInput', {
  fields: (t) => ({
    progressId: t.id({ required: true, description: 'The draft (QuarterProgress.id).' }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('publishKeyTaskProgress', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: KeyTask,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description: "The coordinator publishes a quarter's draft: from then on everyone, the dashboard and keyTask read it.",
    args: { input: t.arg({ type: PublishKeyTaskProgressInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { keyTaskId } = await runCommand(ctx, ctx.viewer, publishKeyTaskProgress, {
        ...input,
        progressId: databaseIdOf(String(input.progressId), 'KeyTaskProgress', 'input.progressId'),
      });
      return (await ctx.db.query.keyTasks.findFirst(query({ where: { id: keyTaskId } })))!;
    },
  }),
);
