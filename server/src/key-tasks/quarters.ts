import type { keyTaskGoals, keyTaskProgress, progressStatus } from '@devolve/db';
import type { Viewer } from '../accounts/permissions.ts';
import type { CampaignFigures } from '../campaigns/figures.ts';
import { fillTemplate } from './template.ts';
import { canReadProgress } from './visibility.ts';

/**
 * A key task's four quarters as a viewer reads them: the goals, the published entry filled with the
 * figures of its publication, and (the coordinator's only) the draft filled with today's. The
 * GraphQL `KeyTask.quarters` and the quarterly report document (documents/key-task-report.ts) both
 * read them here, so the two never disagree.
 */

export interface ProgressShape {
  id: number;
  status: (typeof progressStatus.enumValues)[number];
  /** As written, placeholders unfilled. */
  template: string[];
  /** Filled with the campaign's figures. */
  items: string[];
  reportedAt: string;
  publishedAt: string | null;
  version: number;
}

export interface QuarterShape {
  quarter: number;
  goals: string[];
  progress: ProgressShape | null;
  draft: ProgressShape | null;
}

type Goal = Pick<typeof keyTaskGoals.$inferSelect, 'quarter' | 'text'>;
type Entry = typeof keyTaskProgress.$inferSelect;

/**
 * The quarters of a task whose goals and progress rows are given (goals in order). `liveFigures` is
 * asked only when the viewer reads a draft to fill (one statement), and may give null (no campaign).
 */
export async function readableQuarters(
  task: { goals: readonly Goal[]; progress: readonly Entry[] },
  viewer: Viewer | null,
  liveFigures: () => Promise<CampaignFigures | null>,
): Promise<QuarterShape[]> {
  const entries = task.progress.filter((p) => canReadProgress(viewer, p));
  const counted = entries.some((p) => p.publishedAt === null) ? await liveFigures() : null;
  const live = counted && { ...counted };
  const shape = (p: Entry): ProgressShape => {
    const figures = p.publishedAt === null ? live : p.publishedFigures;
    return { ...p, template: p.items, items: figures ? p.items.map((item) => fillTemplate(item, figures)) : p.items };
  };
  return [1, 2, 3, 4].map((quarter) => {
    const entry = entries.find((p) => p.quarter === quarter);
    return {
      quarter,
      goals: task.goals.filter((g) => g.quarter === quarter).map((g) => g.text),
      progress: entry && entry.publishedAt !== null ? shape(entry) : null,
      draft: entry && entry.publishedAt === null ? shape(entry) : null,
    };
  });
}
