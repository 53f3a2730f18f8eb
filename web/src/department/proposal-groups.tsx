import { type Accessor, createEffect, createSignal, For, on, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { ConfirmDialog } from '../confirm-dialog.tsx';
import { outcomeOf } from '../mutation-outcome.ts';
import { describedBy, FieldError, FormError } from '../forms/form-fields.tsx';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import type { ResultOf } from '../graphql.ts';
import { common, labels } from '../i18n/labels.ts';
import { formatDateTime, formatRelative, locale } from '../i18n/locale.ts';
import { DeleteDraftProposalMutation, GroupCountsQuery, GroupProposalsQuery } from './department-query.ts';
import { GroupEmpty } from './empty-states.tsx';
import { groupFilter, proposalGroups, type ProposalGroup } from './groups.ts';
import { useTextLimits } from '../forms/text-limits.ts';
import { problemMessage, reasonProblem } from './proposal-form.ts';
import { proposalName, returnRecords, ReviewRecords } from './review-records.tsx';
import { strings } from './strings.ts';
import { createTransition } from './transition.ts';

type Proposal = ResultOf<typeof GroupProposalsQuery>['proposals']['nodes'][number];
type ClassificationOption = { code: string; labelZh: string; labelEn: string };
/** Reports a finished action: the group to show and what to announce. */
type OnDone = (group: ProposalGroup, message: () => string) => void;

const pageSize = 20;

/** The unit's proposals in the campaign, one group at a time, each with how many it holds. */
export function ProposalGroups(props: {
  campaignId: string;
  unitId: string;
  classificationOptions: readonly ClassificationOption[];
  /** Whether the campaign still takes new proposals (Campaign.viewerCan.propose): an empty group says so. */
  canPropose: boolean;
  group: ProposalGroup;
  refreshes: Accessor<number>;
  onDone: OnDone;
}) {
  const t = () => strings();
  const [counts, refetchCounts] = createQuery({
    query: GroupCountsQuery,
    variables: () => ({
      drafts: groupFilter('drafts', props.campaignId, props.unitId),
      returned: groupFilter('returned', props.campaignId, props.unitId),
      confirm: groupFilter('confirm', props.campaignId, props.unitId),
      inReview: groupFilter('inReview', props.campaignId, props.unitId),
      decided: groupFilter('decided', props.campaignId, props.unitId),
      withdrawn: groupFilter('withdrawn', props.campaignId, props.unitId),
    }),
  });
  createEffect(on(props.refreshes, () => refetchCounts({ requestPolicy: 'network-only' }), { defer: true }));
  /** The unit's proposals in the campaign, all groups together; undefined until counted. */
  const unitTotal = () => {
    const data = counts.data;
    return data && proposalGroups.reduce((sum, group) => sum + data[group].totalCount, 0);
  };

  return (
    <section class="proposal-groups">
      <nav class="group-nav" aria-label={t().groups.label}>
        <For each={proposalGroups}>
          {(group) => (
            <A
              href={`?tab=proposals&group=${group}`}
              aria-current={props.group === group ? 'page' : undefined}
              classList={{ active: props.group === group, urgent: group === 'returned' || group === 'confirm' }}
            >
              {t().groups[group]}
              <Show when={counts.data}>
                {(data) => <span class="group-count">{t().count(data()[group].totalCount)}</span>}
              </Show>
            </A>
          )}
        </For>
      </nav>
      <p class="group-hint muted">{t().groupHints[props.group]}</p>
      <Show when={props.group} keyed>
        {(group) => (
          <GroupList
            group={group}
            campaignId={props.campaignId}
            unitId={props.unitId}
            classificationOptions={props.classificationOptions}
            canPropose={props.canPropose}
            unitTotal={unitTotal()}
            refreshes={props.refreshes}
            onDone={props.onDone}
          />
        )}
      </Show>
    </section>
  );
}

/** One group's proposals, 20 a page, most recently changed first. */
function GroupList(props: {
  group: ProposalGroup;
  campaignId: string;
  unitId: string;
  classificationOptions: readonly ClassificationOption[];
  canPropose: boolean;
  unitTotal: number | undefined;
  refreshes: Accessor<number>;
  onDone: OnDone;
}) {
  const t = () => strings();
  const proposals = createPagedQuery({
    query: GroupProposalsQuery,
    variables: (after) => ({ filter: groupFilter(props.group, props.campaignId, props.unitId), after }),
    page: (data) => data.proposals,
    refreshes: props.refreshes,
  });

  return (
    <Paged query={proposals} pageSize={pageSize}>
      {(page) => (
        <table class="portal-table">
          <thead>
            <tr>
              <th scope="col">{t().columns.item}</th>
              <th scope="col">{t().columns.action}</th>
              <th scope="col">{t().columns.districts}</th>
              <th scope="col">{t().columns.stage}</th>
              <th scope="col">{t().columns.status}</th>
              <th scope="col">{t().columns.updated}</th>
              <th scope="col">{t().columns.actions}</th>
            </tr>
          </thead>
          <For
            each={page.nodes}
            fallback={
              <tbody>
                <tr>
                  <td colspan="7">
                    <GroupEmpty group={props.group} canPropose={props.canPropose} unitTotal={props.unitTotal} />
                  </td>
                </tr>
              </tbody>
            }
          >
            {(proposal) => (
              <ProposalRows
                proposal={proposal}
                group={props.group}
                classificationOptions={props.classificationOptions}
                onDone={props.onDone}
              />
            )}
          </For>
        </table>
      )}
    </Paged>
  );
}

/** A proposal's row, and under it what the group asks of the department (revise, confirm). */
function ProposalRows(props: {
  proposal: Proposal;
  group: ProposalGroup;
  classificationOptions: readonly ClassificationOption[];
  onDone: OnDone;
}) {
  const t = () => strings();
  const p = () => props.proposal;
  const can = (transition: Proposal['availableTransitions'][number]) => p().availableTransitions.includes(transition);
  const districts = () => p().targetDistricts.map((d) => d.shortName);
  const detailed = () => props.group === 'returned' || props.group === 'confirm';

  return (
    <tbody classList={{ 'has-detail': detailed() }}>
      <tr>
        <td class="item-cell">
          <A href={`/proposals/${p().id}`} class="item-link">
            {proposalName(p())}
          </A>
          <span class="code">{p().powerItem?.basicCode}</span>
          <Show when={p().openThreadCount > 0}>
            <span class="threads-note">{t().openThreads(p().openThreadCount)}</span>
          </Show>
        </td>
        <td>
          <span class="tag" data-action={p().action}>
            {labels().action[p().action]}
          </span>
        </td>
        <td class="districts">{districts().length > 0 ? t().joinNames(districts()) : common().none}</td>
        <td>{labels().stage[p().stage]}</td>
        <td>
          <span class="status" data-status={p().status}>
            {labels().status[p().status]}
          </span>
        </td>
        <td>
          <time datetime={p().updatedAt} title={formatDateTime(p().updatedAt)}>
            {formatRelative(p().updatedAt)}
          </time>
        </td>
        <td class="row-actions">
          <Show when={p().viewerCan.edit}>
            <A class="button-link" href={`?edit=${p().id}`}>
              {props.group === 'returned' ? t().revise : t().edit}
            </A>
          </Show>
          <Show when={can('WITHDRAW')}>
            <WithdrawButton proposal={p()} onDone={props.onDone} />
          </Show>
          <Show when={p().viewerCan.deleteDraft}>
            <DeleteDraftButton proposal={p()} onDone={props.onDone} />
          </Show>
        </td>
      </tr>
      <Show when={props.group === 'returned'}>
        <tr class="detail-row">
          <td colspan="7">
            <h3 class="detail-heading">{t().returned.heading}</h3>
            <ReviewRecords records={returnRecords(p().reviewRecords.nodes)} />
          </td>
        </tr>
      </Show>
      <Show when={props.group === 'confirm'}>
        <tr class="detail-row">
          <td colspan="7">
            <ConfirmOutcome proposal={p()} classificationOptions={props.classificationOptions} onDone={props.onDone} />
          </td>
        </tr>
      </Show>
    </tbody>
  );
}

/** 撤回, asked twice: a withdrawn proposal is not reviewed any further. */
export function WithdrawButton(props: { proposal: { id: string; version: number } & Parameters<typeof proposalName>[0]; onDone: OnDone }) {
  const t = () => strings().withdraw;
  const transition = createTransition();
  const [asking, setAsking] = createSignal(false);
  const [error, setError] = createSignal<() => string>();

  async function withdraw() {
    setError(undefined);
    const outcome = await transition.run(props.proposal, 'WITHDRAW');
    if (outcome.ok) {
      const name = proposalName(props.proposal);
      props.onDone('withdrawn', () => t().done(name));
    } else setError(() => outcome.message);
  }

  return (
    <Show
      when={asking()}
      fallback={
        <button type="button" class="quiet" onClick={() => setAsking(true)}>
          {t().button}
        </button>
      }
    >
      <div class="inline-confirm" role="group" aria-label={t().confirm}>
        <span>{t().confirm}</span>
        <button type="button" class="danger" disabled={transition.busy()} onClick={() => void withdraw()}>
          {t().yes}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t().no}
        </button>
        <FormError message={error()} />
      </div>
    </Show>
  );
}

/** 删除草稿: a draft never submitted is deleted, not withdrawn; asked once in the shared dialog. */
export function DeleteDraftButton(props: { proposal: { id: string; version: number } & Parameters<typeof proposalName>[0]; onDone: OnDone }) {
  const t = () => strings().deleteDraft;
  const [state, execute] = createMutation(DeleteDraftProposalMutation);
  const [error, setError] = createSignal<() => string>();
  let ask: (() => void) | undefined;

  async function remove() {
    setError(undefined);
    const response = await execute({ input: { proposalId: props.proposal.id, expectedVersion: props.proposal.version } });
    const outcome = outcomeOf(response, response.data?.deleteDraftProposal, 'ProposalDeleted');
    if (outcome.ok) {
      const name = proposalName(props.proposal);
      props.onDone('drafts', () => t().done(name));
    } else setError(() => outcome.message);
  }

  return (
    <>
      <button type="button" class="quiet danger" disabled={state.fetching} onClick={() => ask?.()}>
        {t().button}
      </button>
      <ConfirmDialog question={t().confirm(proposalName(props.proposal))} ref={(open) => (ask = open)} onConfirm={() => void remove()} />
      <FormError message={error()} />
    </>
  );
}

/** 单位确认: the outcome the team reached, to confirm or to contest with a reason. */
function ConfirmOutcome(props: { proposal: Proposal; classificationOptions: readonly ClassificationOption[]; onDone: OnDone }) {
  const t = () => strings().outcome;
  const transition = createTransition();
  const textLimits = useTextLimits();
  const [contesting, setContesting] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [reasonError, setReasonError] = createSignal<() => string>();
  const [formError, setFormError] = createSignal<() => string>();
  const reasonId = () => `contest-${props.proposal.id}`;
  let reasonInput: HTMLTextAreaElement | undefined;

  const classification = () => {
    const option = props.classificationOptions.find((o) => o.code === props.proposal.classificationCode);
    return option ? (locale() === 'en' ? option.labelEn : option.labelZh) : t().none;
  };
  const consultation = () => props.proposal.consultations.nodes[0];

  async function decide(kind: 'CONFIRM' | 'CONTEST') {
    setFormError(undefined);
    setReasonError(undefined);
    if (kind === 'CONTEST') {
      const problem = reasonProblem(reason(), textLimits()?.reason);
      if (problem) {
        setReasonError(() => problemMessage(problem));
        reasonInput?.focus();
        return;
      }
    }
    const outcome = await transition.run(props.proposal, kind, kind === 'CONTEST' ? reason() : undefined);
    if (!outcome.ok) {
      if (outcome.inputField === 'reason') {
        setReasonError(() => outcome.message);
        reasonInput?.focus();
      } else setFormError(() => outcome.message);
      return;
    }
    const name = proposalName(props.proposal);
    props.onDone(kind === 'CONFIRM' ? 'confirm' : 'inReview', () =>
      kind === 'CONFIRM' ? t().confirmed(name) : t().contested(name),
    );
  }

  return (
    <div class="outcome">
      <div class="outcome-summary">
        <dl class="outcome-facts">
          <dt>{t().classification}</dt>
          <dd>{classification()}</dd>
          <Show when={consultation()}>
            {(c) => (
              <>
                <dt>{t().consultation}</dt>
                <dd>{t().answered(c().answeredCount, c().consultedCount)}</dd>
              </>
            )}
          </Show>
        </dl>
        <Show when={!contesting()}>
          <div class="button-row">
            <button type="button" class="primary" disabled={transition.busy()} onClick={() => void decide('CONFIRM')}>
              {t().confirm}
            </button>
            <button type="button" disabled={transition.busy()} onClick={() => setContesting(true)}>
              {t().contest}
            </button>
          </div>
        </Show>
      </div>
      <details>
        <summary>{t().records}</summary>
        <ReviewRecords records={props.proposal.reviewRecords.nodes} />
      </details>
      <Show when={contesting()}>
        <div class="form-field">
          <label for={reasonId()}>{t().reason}</label>
          <p class="hint" id={`${reasonId()}-hint`}>
            {t().reasonHint}
          </p>
          <FieldError id={reasonId()} message={reasonError()} />
          <textarea
            id={reasonId()}
            ref={(el) => (reasonInput = el)}
            rows="3"
            value={reason()}
            aria-invalid={reasonError() ? 'true' : undefined}
            aria-describedby={describedBy(reasonId(), { hint: true, error: reasonError() })}
            onInput={(event) => setReason(event.currentTarget.value)}
          />
        </div>
        <div class="button-row">
          <button type="button" class="primary" disabled={transition.busy()} onClick={() => void decide('CONTEST')}>
            {t().sendContest}
          </button>
          <button type="button" onClick={() => setContesting(false)}>
            {t().cancel}
          </button>
        </div>
      </Show>
      <FormError message={formError()} />
    </div>
  );
}
