import { Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import type { ProposalGroup } from './groups.ts';
import { strings } from './strings.ts';

/*
 * Why a list of the department portal is empty, and what to do or who acts next (as the review
 * queue says, review/queue-empty.tsx). The reasons are chosen by pure functions, so they can be
 * tested without the server.
 */

/**
 * Why a group of the unit's proposals is empty: the unit has proposed nothing in the campaign
 * (`unitTotal`: its proposals in all groups, once counted), or the campaign no longer takes new
 * proposals (`canPropose`, the server's Campaign.viewerCan.propose), or nothing is at that step.
 */
export type GroupEmptyReason = ProposalGroup | 'draftsClosed' | 'nothingProposed' | 'nothingProposedClosed';

export function groupEmptyReason(group: ProposalGroup, context: { canPropose: boolean; unitTotal: number | undefined }): GroupEmptyReason {
  if (context.unitTotal === 0) return context.canPropose ? 'nothingProposed' : 'nothingProposedClosed';
  if (group === 'drafts' && !context.canPropose) return 'draftsClosed';
  return group;
}

/** The reasons whose next step is the unit's power items (to propose a change, or add an item). */
const leadsToItems: ReadonlySet<GroupEmptyReason> = new Set(['drafts', 'nothingProposed']);

export function GroupEmpty(props: { group: ProposalGroup; canPropose: boolean; unitTotal: number | undefined }) {
  const reason = () => groupEmptyReason(props.group, props);
  return (
    <p class="notice empty-state">
      {strings().empty.groups[reason()]}
      <Show when={leadsToItems.has(reason())}>
        {' '}
        <A href="?tab=items">{strings().empty.toItems}</A>
      </Show>
    </p>
  );
}

/**
 * Why a list of power items is empty: a search that matches nothing (清除搜索 undoes it), or no items
 * at all: the unit's own list (`unit`) or the items nobody has claimed (`unclaimed`).
 */
export function ItemsEmpty(props: { scope: 'unit' | 'unclaimed'; search: string; onClearSearch: () => void }) {
  const t = () => strings().empty;
  return (
    <Switch>
      <Match when={props.search}>
        {(search) => (
          <p class="notice empty-state">
            {t().noMatch(search())}{' '}
            <button type="button" class="quiet" onClick={() => props.onClearSearch()}>
              {t().clearSearch}
            </button>
          </p>
        )}
      </Match>
      <Match when={true}>
        <p class="notice empty-state">{props.scope === 'unit' ? t().noItems : t().noUnclaimed}</p>
      </Match>
    </Switch>
  );
}
