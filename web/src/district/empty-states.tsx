import { Show } from 'solid-js';
import type { EnumValue } from '../graphql.ts';
import { labels } from '../i18n/labels.ts';
import { strings } from './strings.ts';

/*
 * Why a list of the district portal (and the department's 征求意见 tab, which shares it) is empty,
 * and what to do or who acts next, as the review queue says (review/queue-empty.tsx). The reasons
 * are chosen by pure functions, so they can be tested without the server.
 */

export type ConsultationList = 'waiting' | 'answered' | 'closed';
export type ConsultationEmptyReason = 'allAnswered' | 'noneAnswered' | 'noneOpen' | 'noneClosed';

/**
 * Why one list of consultations is empty, given how many the other open list holds (undefined
 * until counted): nothing waits because everything open is answered, nothing is answered yet while
 * some wait, or no consultation is open at all.
 */
export function consultationEmptyReason(
  list: ConsultationList,
  counts: { waiting: number | undefined; answered: number | undefined },
): ConsultationEmptyReason {
  if (list === 'closed') return 'noneClosed';
  if (list === 'waiting') return (counts.answered ?? 0) > 0 ? 'allAnswered' : 'noneOpen';
  return (counts.waiting ?? 0) > 0 ? 'noneAnswered' : 'noneOpen';
}

export function ConsultationsEmpty(props: { list: ConsultationList; waiting: number | undefined; answered: number | undefined }) {
  return <p class="notice empty-state">{strings().empty.consultations[consultationEmptyReason(props.list, props)]}</p>;
}

type HandoverStatus = EnumValue<'HandoverStatus'>;

/**
 * Why the handovers list is empty: the status filter hides every handover (显示全部 undoes it), or
 * the district has none yet (the lead office opens one for each approved delegation).
 */
export function HandoversEmpty(props: { status: HandoverStatus | null; onShowAll: () => void }) {
  const t = () => strings().empty;
  return (
    <Show when={props.status} fallback={<p class="notice empty-state">{t().noHandovers}</p>}>
      {(status) => (
        <p class="notice empty-state">
          {t().noHandoversWith(labels().handoverStatus[status()])}{' '}
          <button type="button" class="quiet" onClick={() => props.onShowAll()}>
            {t().showAll}
          </button>
        </p>
      )}
    </Show>
  );
}
