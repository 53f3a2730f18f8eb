import { campaigns, keyTaskGoals, keyTaskProgress, keyTasks, type progressStatus } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq } from 'drizzle-orm';
import { type Command, updateVersioned } from '../activity/mutate.ts';
import { canWriteAs, type Viewer } from '../accounts/permissions.ts';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { requiredText, textLimits } from '../text-input.ts';
import { campaignWhat, checkYear } from '../campaigns/commands.ts';
import { campaignFigures } from '../campaigns/figures.ts';
import { requireReadable } from '../readable.ts';
import { templateFault } from './template.ts';

/**
 * The key task's commands: the lead office (the coordinator) sets a year's key task with its
 * quarterly goals, writes each quarter's progress entry as a draft (its texts may quote live
 * figures, see template.ts), and publishes it. GraphQL and the seed call these.
 */

export const keyTaskWhat = { zh: '重点工作', en: 'key task' };
export const progressWhat = { zh: '进展情况', en: 'progress entry' };

export type ProgressStatus = (typeof progressStatus.enumValues)[number];

/** Numbered texts per quarter (goals) and per entry (achievements): at most this many each. */
export const keyTaskLimits = { textsPerQuarter: 20 } as const;

const quarters = [1, 2, 3, 4] as const;

function refuseAllButCoordinator(viewer: Viewer): void {
  if (!canWriteAs(viewer, 'coordinator')) {
    throw new ForbiddenError('只有统筹人员可以填报重点工作', 'Only the coordinator writes key tasks');
  }
}

function checkQuarter(quarter: number, field: string): void {
  if (!(quarters as readonly number[]).includes(quarter)) {
    throw new ValidationError(field, '季度应为 1 至 4', 'The quarter must be 1 to 4');
  }
}

/** Numbered texts: trimmed, none blank, 1 to keyTaskLimits.textsPerQuarter. */
function numberedTexts(texts: readonly string[], field: string): string[] {
  if (texts.length === 0) throw new ValidationError(field, '至少填写一条', 'Write at least one item');
  if (texts.length > keyTaskLimits.textsPerQuarter) {
    throw new ValidationError(field, `最多 ${keyTaskLimits.textsPerQuarter} 条`, `At most ${keyTaskLimits.textsPerQuarter} items`);
  }
  return texts.map((text, i) => requiredText(text, `${field}.${i}`, textLimits.freeText));
}

export interface CreateKeyTaskInput {
  year: number;
  /** The task's number in the year's list (任务20). */
  number: number;
  title: string;
  /** The campaign whose live figures the task's progress quotes. */
  campaignId?: number | null;
  /** 年度阶段性工作目标: numbered goals per quarter. */
  goals?: readonly { quarter: number; texts: readonly string[] }[] | null;
}

/**
 * Sets a year's key task, led by the coordinator's unit, with its quarterly goals. One task per
 * year and number: the key_tasks_year_number_key index decides (activity/unique-rules.ts).
 */
export const createKeyTask: Command<CreateKeyTaskInput, { keyTaskId: number }> = async (m, input) => {
  refuseAllButCoordinator(m.viewer);
  checkYear(input.year);
  if (!Number.isInteger(input.number) || input.number < 1 || input.number > 999) {
    throw new ValidationError('input.number', '任务编号应在 1 至 999 之间', 'The task number must be 1 to 999');
  }
  const title = requiredText(input.title, 'input.title', textLimits.freeText);
  const goals = (input.goals ?? []).map((goal, i) => {
    checkQuarter(goal.quarter, `input.goals.${i}.quarter`);
    return { quarter: goal.quarter, texts: numberedTexts(goal.texts, `input.goals.${i}.texts`) };
  });
  const repeated = goals.findIndex((goal, i) => goals.findIndex((g) => g.quarter === goal.quarter) !== i);
  if (repeated >= 0) throw new ValidationError(`input.goals.${repeated}.quarter`, '每个季度只能出现一次', 'Each quarter may appear once');
  if (input.campaignId != null) {
    const [campaign] = await m.tx.select({ year: campaigns.year }).from(campaigns).where(eq(campaigns.id, input.campaignId));
    if (!campaign) throw new NotFoundError(campaignWhat, encodeGlobalID('Campaign', input.campaignId));
    if (campaign.year !== input.year) {
      throw new ValidationError('input.campaignId', '关联的工作年度应与任务同一年', "The campaign must be of the task's year");
    }
  }
  const [task] = await m.tx
    .insert(keyTasks)
    .values({ year: input.year, number: input.number, title, leadUnitId: m.viewer.unitId, campaignId: input.campaignId ?? null, createdAt: m.now.toISOString() })
    .returning({ id: keyTasks.id });
  const keyTaskId = task!.id;
  const goalRows = goals.flatMap((goal) => goal.texts.map((text, i) => ({ keyTaskId, quarter: goal.quarter, position: i + 1, text })));
  if (goalRows.length > 0) await m.tx.insert(keyTaskGoals).values(goalRows);
  m.record({
    action: 'key_task.created',
    entityId: keyTaskId,
    campaignId: input.campaignId ?? null,
    after: { year: input.year, number: input.number, title, goals: goalRows.length },
  });
  return { keyTaskId };
};

export interface SaveKeyTaskProgressInput {
  keyTaskId: number;
  quarter: number;
  status: ProgressStatus;
  /** Numbered achievements; each may quote figures as `{proposalsSubmitted}`. */
  items: readonly string[];
  /** The draft's version the coordinator edited; absent when writing the quarter's first entry. */
  expectedVersion?: number | null;
}

/**
 * Writes a quarter's progress entry as a draft (按计划推进中 / 已完成 / 滞后, numbered achievements),
 * creating it or rewriting the draft. Each text's placeholders are checked here, so reading never
 * meets a bad one. A published entry is the public record and is not rewritten.
 */
export const saveKeyTaskProgress: Command<SaveKeyTaskProgressInput, { progressId: number }> = async (m, input) => {
  refuseAllButCoordinator(m.viewer);
  checkQuarter(input.quarter, 'input.quarter');
  const items = numberedTexts(input.items, 'input.items');
  items.forEach((item, i) => {
    const fault = templateFault(item);
    if (fault) throw new ValidationError(`input.items.${i}`, fault.zh, fault.en);
  });
  const [task] = await m.tx.select({ id: keyTasks.id, campaignId: keyTasks.campaignId }).from(keyTasks).where(eq(keyTasks.id, input.keyTaskId));
  if (!task) throw new NotFoundError(keyTaskWhat, encodeGlobalID('KeyTask', input.keyTaskId));
  const [current] = await m.tx
    .select()
    .from(keyTaskProgress)
    .where(and(eq(keyTaskProgress.keyTaskId, task.id), eq(keyTaskProgress.quarter, input.quarter)))
    .for('update');
  const at = m.now.toISOString();
  const changes = { status: input.status, items, reportedById: m.viewer.userId, reportedAt: at, updatedAt: at };
  let progressId: number;
  if (!current) {
    if (input.expectedVersion != null) {
      throw new ValidationError('input.expectedVersion', '本季度尚无进展，无需提供版本', "The quarter has no entry yet: give no version");
    }
    // The quarter's first entry: the key_task_progress_task_quarter_key index settles a race.
    const [row] = await m.tx.insert(keyTaskProgress).values({ keyTaskId: task.id, quarter: input.quarter, ...changes }).returning({ id: keyTaskProgress.id });
    progressId = row!.id;
  } else {
    if (current.publishedAt !== null) throw new InvalidTransitionError('本季度进展已发布，不能再修改', "This quarter's progress is published and cannot be rewritten");
    if (input.expectedVersion == null) throw new ConflictError({ typename: 'KeyTaskProgress', id: current.id }, current.version);
    await updateVersioned(m.tx, keyTaskProgress, { id: current.id, expectedVersion: input.expectedVersion, typename: 'KeyTaskProgress', what: progressWhat }, changes);
    progressId = current.id;
  }
  m.record({
    action: 'key_task_progress.drafted',
    entityId: progressId,
    campaignId: task.campaignId,
    // The draft's texts stay out of the log, which the whole team reads: drafts are the coordinator's.
    before: current ? { status: current.status, itemCount: current.items.length } : undefined,
    after: { quarter: input.quarter, status: input.status, itemCount: items.length },
  });
  return { progressId };
};

export interface PublishKeyTaskProgressInput {
  progressId: number;
  expectedVersion: number;
}

/**
 * Publishes a quarter's draft: from now on the public, the dashboard and `keyTask` show it, its
 * placeholders filled with the campaign's figures of this moment (kept with the entry).
 */
export const publishKeyTaskProgress: Command<PublishKeyTaskProgressInput, { progressId: number; keyTaskId: number }> = async (m, input) => {
  refuseAllButCoordinator(m.viewer);
  await requireReadable(m, 'KeyTaskProgress', input.progressId);
  const [current] = await m.tx
    .select({ publishedAt: keyTaskProgress.publishedAt, keyTaskId: keyTaskProgress.keyTaskId, quarter: keyTaskProgress.quarter, status: keyTaskProgress.status, campaignId: keyTasks.campaignId })
    .from(keyTaskProgress)
    .innerJoin(keyTasks, eq(keyTasks.id, keyTaskProgress.keyTaskId))
    .where(eq(keyTaskProgress.id, input.progressId))
    .for('update', { of: keyTaskProgress });
  if (!current) throw new NotFoundError(progressWhat, encodeGlobalID('KeyTaskProgress', input.progressId));
  if (current.publishedAt !== null) throw new InvalidTransitionError('本季度进展已发布', "This quarter's progress is already published");
  const at = m.now.toISOString();
  // The numbers as the lead office publishes them: the report states them as of today, to everyone.
  const publishedFigures = current.campaignId === null ? null : { ...(await campaignFigures(m.tx, m.viewer, current.campaignId)) };
  const updated = await updateVersioned(
    m.tx,
    keyTaskProgress,
    { id: input.progressId, expectedVersion: input.expectedVersion, typename: 'KeyTaskProgress', what: progressWhat },
    { publishedAt: at, publishedFigures, updatedAt: at },
  );
  m.record({
    action: 'key_task_progress.reported',
    entityId: input.progressId,
    campaignId: current.campaignId,
    after: { quarter: current.quarter, status: current.status, publishedAt: at, figures: publishedFigures, version: updated.version },
  });
  return { progressId: input.progressId, keyTaskId: current.keyTaskId };
};
