import { progressStatus } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { enumValuesOf } from '../enums.ts';
import { type CampaignFigures, CampaignFiguresRef, campaignFigures } from '../campaigns/figures.ts';
import { type ProgressShape, type QuarterShape, readableQuarters } from './quarters.ts';
import { figureCatalogue } from './template.ts';

export const ProgressStatus = builder.enumType('ProgressStatus', {
  description: '按计划推进中 on track, 已完成 done, 滞后 delayed.',
  values: enumValuesOf(progressStatus.enumValues),
});

const QuarterProgress = builder.objectRef<ProgressShape>('QuarterProgress').implement({
  description: "进展落实情况: the quarter's status and its numbered achievements, published or the coordinator's draft.",
  fields: (t) => ({
    id: t.id({ description: 'Names the entry to publishKeyTaskProgress.', resolve: (p) => encodeGlobalID('KeyTaskProgress', p.id) }),
    status: t.expose('status', { type: ProgressStatus }),
    items: t.exposeStringList('items', {
      description: "Numbered achievements with their figures filled: a draft's from the campaign's data now, a published entry's as they stood when it was published.",
    }),
    template: t.exposeStringList('template', { description: 'The achievements as written, with placeholders such as {proposalsSubmitted}.' }),
    reportedAt: t.expose('reportedAt', { type: 'DateTime', description: 'When the entry was last written.' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true, description: 'Null while it is a draft.' }),
    version: t.exposeInt('version'),
  }),
});

const KeyTaskQuarter = builder.objectRef<QuarterShape>('KeyTaskQuarter').implement({
  fields: (t) => ({
    quarter: t.exposeInt('quarter'),
    goals: t.exposeStringList('goals', { description: '年度阶段性工作目标 for this quarter, in order.' }),
    progress: t.field({ type: QuarterProgress, nullable: true, description: 'The published entry.', resolve: (q) => q.progress }),
    draft: t.field({
      type: QuarterProgress,
      nullable: true,
      description: "The entry being written and not yet published: the coordinator's only.",
      resolve: (q) => q.draft,
    }),
  }),
});

interface FigureShape {
  name: string;
  zh: string;
  en: string;
  value: number | null;
}

const KeyTaskFigure = builder.objectRef<FigureShape>('KeyTaskFigure').implement({
  description: 'A live figure a progress entry may quote by its placeholder.',
  fields: (t) => ({
    name: t.exposeString('name'),
    placeholder: t.string({ description: 'What to write in an achievement, e.g. {proposalsSubmitted}.', resolve: (f) => `{${f.name}}` }),
    labelZh: t.exposeString('zh'),
    labelEn: t.exposeString('en'),
    value: t.exposeInt('value', { nullable: true, description: 'Its value now; null when the task is tied to no campaign.' }),
  }),
});

/** The figures a task's entries quote: its campaign's, counted over what the viewer may read. */
const figuresOf = (task: { campaignId: number | null }, ctx: Context): Promise<CampaignFigures | null> =>
  task.campaignId === null ? Promise.resolve(null) : campaignFigures(ctx.db, ctx.viewer, task.campaignId);

export const KeyTask = builder.drizzleNode('keyTasks', {
  name: 'KeyTask',
  description: '重点工作: a numbered key task with a goal and a progress entry per quarter.',
  id: { column: (task) => task.id },
  fields: (t) => ({
    year: t.exposeInt('year'),
    number: t.exposeInt('number'),
    title: t.exposeString('title'),
    leadUnit: t.relation('leadUnit'),
    campaign: t.relation('campaign', { nullable: true }),
    quarters: t.field({
      type: [KeyTaskQuarter],
      description: 'Always four entries, Q1 to Q4.',
      extensions: { maxItems: 4 },
      select: {
        columns: { campaignId: true },
        with: {
          goals: { orderBy: { quarter: 'asc', position: 'asc' } },
          progress: { orderBy: { quarter: 'asc' } },
        },
      },
      resolve: (task, _args, ctx) => readableQuarters(task, ctx.viewer, () => figuresOf(task, ctx)),
    }),
    availableFigures: t.field({
      type: [KeyTaskFigure],
      description: "The figures a progress entry may quote, with their values now (the UI's list of placeholders).",
      extensions: { maxItems: figureCatalogue.length },
      select: { columns: { campaignId: true } },
      resolve: async (task, _args, ctx) => {
        const figures = await figuresOf(task, ctx);
        return figureCatalogue.map((figure) => ({ ...figure, value: figures ? figures[figure.name] : null }));
      },
    }),
    figures: t.field({
      type: CampaignFiguresRef,
      nullable: true,
      description: 'Null when the task is not tied to a campaign.',
      select: { columns: { campaignId: true } },
      resolve: (task, _args, ctx) => figuresOf(task, ctx),
    }),
  }),
});

builder.queryFields((t) => ({
  keyTasks: t.drizzleField({
    type: [KeyTask],
    description: 'Key tasks of a year, by number.',
    args: { year: t.arg.int({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.keyTasks.findMany(query({ where: { year: args.year }, orderBy: { number: 'asc' } })),
  }),
  keyTask: t.drizzleField({
    type: KeyTask,
    nullable: true,
    args: { year: t.arg.int({ required: true }), number: t.arg.int({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.keyTasks.findFirst(query({ where: { year: args.year, number: args.number } })),
  }),
}));
