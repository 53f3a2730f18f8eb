import { For } from 'solid-js';
import type { EnumValue } from '../graphql.ts';
import { labels } from '../i18n/labels.ts';
import { strings } from './strings.ts';

type Stage = EnumValue<'ProposalStage'>;

export interface ReviewRecord {
  stage: string;
  verdict: EnumValue<'ReviewVerdict'>;
  reason: string | null;
  createdAt: string;
  reviewer: { displayName: string; unit: { shortName: string } };
}

/** A review record's stage (the API gives the stored value, `initial_review`) in words. */
export function recordStageLabel(stage: string): string {
  const table: Record<string, string> = labels().stage;
  return table[stage.toUpperCase() as Stage] ?? stage;
}

/** The name a proposal goes by: its item's, or the item it proposes to add. */
export function proposalName(p: { powerItem: { name: string } | null; proposedItemName: string | null }): string {
  return p.powerItem?.name ?? strings().addedItem(p.proposedItemName ?? strings().unnamed);
}

/** Decisions and opinions on a proposal, oldest first: what was decided, by whom, and why. */
export function ReviewRecords(props: { records: readonly ReviewRecord[] }) {
  const t = () => strings().returned;
  return (
    <ol class="review-records">
      <For each={props.records}>
        {(record) => (
          <li>
            <span class="record-verdict" data-verdict={record.verdict}>
              {labels().verdict[record.verdict]}
            </span>{' '}
            <span class="muted">
              {t().by(recordStageLabel(record.stage), record.reviewer.displayName, record.reviewer.unit.shortName, record.createdAt)}
            </span>
            <p class="record-reason">{record.reason ?? t().noReason}</p>
          </li>
        )}
      </For>
    </ol>
  );
}

/** Only the returns: why the reviewers sent the proposal back. */
export const returnRecords = (records: readonly ReviewRecord[]): ReviewRecord[] => records.filter((r) => r.verdict === 'RETURN');
