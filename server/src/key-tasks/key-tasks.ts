import { progressStatus } from '@devolve/db';
import { builder } from '../builder.ts';
import { enumValuesOf } from '../enums.ts';
import { CampaignFiguresRef, campaignFigures } from '../campaigns/figures.ts';

export const ProgressStatus = builder.enumType('ProgressStatus', {
  description: '按计划推进中 on track, 已完成 done, 滞后 delayed.',
  values: enumValuesOf(progressStatus.enumValues),
});

interface QuarterShape {
  quarter: number;
  goals: string[];
  progress: { status: (typeof progressStatus.enumValues)[number]; items: string[]; reportedAt: string } | null;
}

const QuarterProgress = builder
  .objectRef<NonNullable<QuarterShape['progress']>>('QuarterProgress')
  .implement({
    description: '进展落实情况: the quarter\'s status and its numbered achievements.',
    fields: (t) => ({
      status: t.expose('status', { type: ProgressStatus }),
      items: t.exposeStringList('items'),
      reportedAt: t.expose('reportedAt', { type: 'DateTime' }),
    }),
  });

const KeyTaskQuarter = builder.objectRef<QuarterShape>('KeyTaskQuarter').implement({
  fields: (t) => ({
    quarter: t.exposeInt('quarter'),
    goals: t.exposeStringList('goals', { description: '年度阶段性工作目标 for this quarter, in order.' }),
    progress: t.field({ type: QuarterProgress, nullable: true, resolve: (q) => q.progress }),
  }),
});

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
        with: {
          goals: { orderBy: { quarter: 'asc', position: 'asc' } },
          progress: { orderBy: { quarter: 'asc' } },
        },
      },
      resolve: (task) =>
        [1, 2, 3, 4].map((quarter) => {
          const progress = task.progress.find((p) => p.quarter === quarter);
          return {
            quarter,
            goals: task.goals.filter((g) => g.quarter === quarter).map((g) => g.text),
            progress: progress ? { status: progress.status, items: progress.items, reportedAt: progress.reportedAt } : null,
          };
        }),
    }),
    figures: t.field({
      type: CampaignFiguresRef,
      nullable: true,
      description: 'Null when the task is not tied to a campaign.',
      select: { columns: { campaignId: true } },
      resolve: (task, _args, ctx) => (task.campaignId === null ? null : campaignFigures(ctx.db, ctx.viewer, task.campaignId)),
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
