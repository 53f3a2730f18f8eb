import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgEnum, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { campaigns } from './campaigns.ts';
import { createdAt, id, timestamptz, updatedAt, version } from './common.ts';
import { units } from './units.ts';

/** 重点工作: a numbered key task of the year's government work, with a goal and a progress entry per quarter. */
export const keyTasks = pgTable(
  'key_tasks',
  {
    id: id(),
    year: integer('year').notNull(),
    /** The task's number in the year's list (任务20). */
    number: integer('number').notNull(),
    title: text('title').notNull(),
    leadUnitId: integer('lead_unit_id')
      .notNull()
      .references(() => units.id),
    /** The campaign whose live figures the task reports, if any. */
    campaignId: integer('campaign_id').references(() => campaigns.id),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [uniqueIndex('key_tasks_year_number_key').on(t.year, t.number)],
);

/** 年度阶段性工作目标: a numbered goal within a quarter. */
export const keyTaskGoals = pgTable(
  'key_task_goals',
  {
    id: id(),
    keyTaskId: integer('key_task_id')
      .notNull()
      .references(() => keyTasks.id, { onDelete: 'cascade' }),
    quarter: smallint('quarter').notNull(),
    position: smallint('position').notNull(),
    text: text('text').notNull(),
  },
  (t) => [
    uniqueIndex('key_task_goals_task_quarter_position_key').on(t.keyTaskId, t.quarter, t.position),
    check('key_task_goals_quarter_valid', sql`${t.quarter} between 1 and 4`),
  ],
);

/** 按计划推进中 / 已完成 / 滞后. */
export const progressStatus = pgEnum('progress_status', ['on_track', 'done', 'delayed']);

/** 进展落实情况: the quarter's progress report; its items are numbered achievements. */
export const keyTaskProgress = pgTable(
  'key_task_progress',
  {
    id: id(),
    keyTaskId: integer('key_task_id')
      .notNull()
      .references(() => keyTasks.id, { onDelete: 'cascade' }),
    quarter: smallint('quarter').notNull(),
    status: progressStatus('status').notNull(),
    /** Numbered achievements, in order, as written (placeholders unfilled). */
    items: text('items').array().notNull().default(sql`'{}'::text[]`),
    reportedById: integer('reported_by_id').references(() => users.id),
    reportedAt: timestamptz('reported_at').notNull().defaultNow(),
    /**
     * When the entry was published; null while it is the coordinator's draft. Only published
     * entries are shown to anyone else (server/src/key-tasks/visibility.ts). Its items may hold
     * figure placeholders such as {proposalsSubmitted}, filled when read (server/src/key-tasks/template.ts).
     */
    publishedAt: timestamptz('published_at'),
    /**
     * The campaign's figures when the entry was published (name → value): a published report
     * states its numbers as of its publication, as the page did, and reads the same to everyone.
     * Null for an entry without a campaign, or published before figures were quoted.
     */
    publishedFigures: jsonb('published_figures').$type<Record<string, number>>(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('key_task_progress_task_quarter_key').on(t.keyTaskId, t.quarter),
    check('key_task_progress_quarter_valid', sql`${t.quarter} between 1 and 4`),
  ],
);
