import { Show } from 'solid-js';
import { strings } from './strings.ts';

/**
 * Why an empty queue is empty: the campaign has no proposals the viewer may read (the server's
 * Campaign.proposalCount is 0, or nothing narrows the list), or there are some and the filters
 * exclude them all, which 清除筛选 undoes.
 */
export function emptyReason(campaignProposalCount: number, filtered: boolean): 'campaign' | 'filter' {
  return filtered && campaignProposalCount > 0 ? 'filter' : 'campaign';
}

export function QueueEmpty(props: { campaignProposalCount: number; filtered: boolean; onClearFilters: () => void }) {
  const t = () => strings();
  return (
    <Show
      when={emptyReason(props.campaignProposalCount, props.filtered) === 'filter'}
      fallback={<p class="notice queue-empty">{t().table.emptyCampaign}</p>}
    >
      <p class="notice queue-empty">
        {t().table.emptyFilter}{' '}
        <button type="button" class="quiet" onClick={() => props.onClearFilters()}>
          {t().filters.clear}
        </button>
      </p>
    </Show>
  );
}
