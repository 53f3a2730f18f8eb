import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { createMutation, createQuery } from '@urql/solid';
import { describedBy, FieldError } from '../forms/form-fields.tsx';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import { common, labels } from '../i18n/labels.ts';
import { formatDate } from '../i18n/locale.ts';
import { outcomeOf, placeProblem, type FieldMessages } from '../mutation-outcome.ts';
import {
  AssignPowerItemMutation,
  PendingClaimsQuery,
  type PendingClaim,
  SettleClaimMutation,
  type UnclaimedItem,
  UnclaimedItemsQuery,
  UnitsOfKindQuery,
} from './claims-handovers-query.ts';
import { strings } from './claims-handovers-strings.ts';
import { useTextLimits } from '../forms/text-limits.ts';
import { ChaseForm, FormButtons, ReasonField, reasonMessage, RowForm } from './console-forms.tsx';
import type { ConsoleTabProps } from './console-tab.ts';
import './claims-handovers.css';
import { ExportMenu } from '../exports/export-menu.tsx';

const pageSize = 20;
type Department = { id: string; shortName: string };

/**
 * 事项认领: the pending claims (the contested ones first to settle), and the items nobody implements,
 * to chase a unit about or assign. Every settlement and assignment carries a reason the
 * departments read.
 */
export default function ClaimsTab(props: ConsoleTabProps) {
  const t = () => strings().claims;
  const [changed, setChanged] = createSignal(0);
  const [contestedOnly, setContestedOnly] = createSignal(false);
  const [departments] = createQuery({ query: UnitsOfKindQuery, variables: { kind: 'DEPARTMENT' } });
  const done = (message: () => string) => {
    props.announce(message);
    setChanged((n) => n + 1);
  };

  const pending = createPagedQuery({
    query: PendingClaimsQuery,
    variables: (after) => ({ contested: contestedOnly() ? true : null, after, first: pageSize }),
    page: (data) => data.powerItemClaims,
    refreshes: changed,
  });
  const unclaimed = createPagedQuery({
    query: UnclaimedItemsQuery,
    variables: (after) => ({ after, first: pageSize }),
    page: (data) => data.powerItems,
    refreshes: changed,
  });

  return (
    <div class="claims-board">
      <section aria-labelledby="pending-claims-heading">
        <h2 id="pending-claims-heading">{t().pendingHeading}</h2>
        <p class="muted">{t().pendingHint}</p>
        <label class="console-check">
          <input type="checkbox" checked={contestedOnly()} onChange={(event) => setContestedOnly(event.currentTarget.checked)} />
          {t().onlyContested}
        </label>
        <ExportMenu list="claims" variables={{ filter: { status: 'PENDING', ...(contestedOnly() ? { contested: true } : {}) } }} />
        <Paged query={pending} pageSize={pageSize}>
          {(page) => (
            <>
              <p class="count">{t().pendingTotal(page.totalCount)}</p>
              <Show when={page.nodes.length > 0} fallback={<p class="notice">{t().pendingEmpty}</p>}>
                <table class="portal-table">
                  <thead>
                    <tr>
                      <th scope="col">{t().columns.item}</th>
                      <th scope="col">{t().columns.unit}</th>
                      <th scope="col">{t().columns.reason}</th>
                      <th scope="col">{t().columns.claimedOn}</th>
                      <th scope="col">{t().columns.action}</th>
                    </tr>
                  </thead>
                  <For each={page.nodes}>{(claim) => <PendingClaimRow claim={claim} onDone={done} />}</For>
                </table>
              </Show>
            </>
          )}
        </Paged>
      </section>
      <section aria-labelledby="unclaimed-items-heading">
        <h2 id="unclaimed-items-heading">{t().unclaimedHeading}</h2>
        <p class="muted">{t().unclaimedHint}</p>
        <Paged query={unclaimed} pageSize={pageSize}>
          {(page) => (
            <>
              <p class="count">{t().unclaimedTotal(page.totalCount)}</p>
              <Show when={page.nodes.length > 0} fallback={<p class="notice">{t().unclaimedEmpty}</p>}>
                <table class="portal-table">
                  <thead>
                    <tr>
                      <th scope="col">{t().itemColumns.item}</th>
                      <th scope="col">{t().itemColumns.claims}</th>
                      <th scope="col">{t().itemColumns.action}</th>
                    </tr>
                  </thead>
                  <For each={page.nodes}>
                    {(item) => (
                      <UnclaimedRow
                        item={item}
                        campaignId={props.campaign.id}
                        departments={departments.data?.units ?? []}
                        onDone={done}
                      />
                    )}
                  </For>
                </table>
              </Show>
            </>
          )}
        </Paged>
      </section>
    </div>
  );
}

/** A pending claim: the item, the unit and its reason; 处理 grants or turns it down with a reason. */
function PendingClaimRow(props: { claim: PendingClaim; onDone: (message: () => string) => void }) {
  const t = () => strings().claims;
  const [open, setOpen] = createSignal(false);
  const [note, setNote] = createSignal('');
  const [errors, setErrors] = createSignal<FieldMessages<'note'>>({});
  const [state, settle] = createMutation(SettleClaimMutation);
  const textLimits = useTextLimits();

  async function submit(grant: boolean) {
    const problem = reasonMessage(note(), textLimits()?.reason);
    if (problem) {
      setErrors({ note: problem });
      return;
    }
    setErrors({});
    const response = await settle({ input: { claimId: props.claim.id, grant, note: note().trim(), expectedVersion: props.claim.version } });
    const outcome = outcomeOf(response, response.data?.settleClaim, 'PowerItemClaim');
    if (!outcome.ok) {
      setErrors(placeProblem(outcome, ['note'] as const));
      return;
    }
    const unit = props.claim.unit.shortName;
    const item = props.claim.powerItem.name;
    props.onDone(() => (grant ? strings().claims.granted(unit, item) : strings().claims.rejected(unit, item)));
  }

  return (
    <tbody classList={{ 'has-detail': open() }}>
      <tr>
        <td class="item-cell">
          <span class="code">{props.claim.powerItem.basicCode}</span> {props.claim.powerItem.name}
          <Show when={props.claim.contested}>
            {' '}
            <span class="console-flag" data-flag="contested">
              {t().contested}
            </span>
          </Show>
        </td>
        <td>{props.claim.unit.shortName}</td>
        <td class="wrap">{props.claim.reason ?? common().none}</td>
        <td>{formatDate(props.claim.createdAt)}</td>
        <td class="row-actions">
          <Show when={!open()}>
            <button type="button" aria-label={t().settleFor(props.claim.unit.shortName, props.claim.powerItem.name)} onClick={() => setOpen(true)}>
              {t().settle}
            </button>
          </Show>
        </td>
      </tr>
      <Show when={open()}>
        <tr class="detail-row">
          <td colspan="5">
            <RowForm label={t().settleForm(props.claim.unit.shortName)} error={errors().form} onSubmit={() => void submit(true)}>
              <ReasonField label={t().decisionReason} value={note()} limit={textLimits()?.reason} error={errors().note} onInput={setNote} />
              <FormButtons send={t().grant} busy={state.fetching} onCancel={() => setOpen(false)}>
                <button type="button" disabled={state.fetching} onClick={() => void submit(false)}>
                  {t().reject}
                </button>
              </FormButtons>
            </RowForm>
          </td>
        </tr>
      </Show>
    </tbody>
  );
}

/** An item nobody implements: its claims; when none is pending, 催办 a unit or 指定 one. */
function UnclaimedRow(props: {
  item: UnclaimedItem;
  campaignId: string;
  departments: readonly Department[];
  onDone: (message: () => string) => void;
}) {
  const t = () => strings().claims;
  const [form, setForm] = createSignal<'assign' | 'chase' | null>(null);
  const hasPending = () => props.item.claims.some((c) => c.status === 'PENDING');
  const done = (message: () => string) => {
    setForm(null);
    props.onDone(message);
  };

  return (
    <tbody classList={{ 'has-detail': form() !== null }}>
      <tr>
        <td class="item-cell">
          <span class="code">{props.item.basicCode}</span> {props.item.name}
        </td>
        <td class="wrap">
          <Show when={props.item.claims.length > 0} fallback={<span class="muted">{t().noClaims}</span>}>
            <ul class="console-claims">
              <For each={props.item.claims}>
                {(claim) => <li>{t().claimOf(claim.unit.shortName, labels().claimStatus[claim.status])}</li>}
              </For>
            </ul>
          </Show>
        </td>
        <td class="row-actions">
          <Show when={!hasPending()} fallback={<span class="muted">{t().settleAbove}</span>}>
            <Show when={form() === null}>
              <button type="button" aria-label={strings().chase.openFor(t().chaseWhat(props.item.name))} onClick={() => setForm('chase')}>
                {strings().chase.open}
              </button>
              <button type="button" aria-label={t().assignFor(props.item.name)} onClick={() => setForm('assign')}>
                {t().assign}
              </button>
            </Show>
          </Show>
        </td>
      </tr>
      <Show when={form()}>
        {(which) => (
          <tr class="detail-row">
            <td colspan="3">
              <Switch>
                <Match when={which() === 'chase'}>
                  <ChaseForm
                    campaignId={props.campaignId}
                    subjectId={props.item.id}
                    recipients={props.departments}
                    what={t().chaseWhat(props.item.name)}
                    message={t().chaseMessage(props.item.name)}
                    onSent={done}
                    onCancel={() => setForm(null)}
                  />
                </Match>
                <Match when={which() === 'assign'}>
                  <AssignForm item={props.item} departments={props.departments} onDone={done} onCancel={() => setForm(null)} />
                </Match>
              </Switch>
            </td>
          </tr>
        )}
      </Show>
    </tbody>
  );
}

function AssignForm(props: { item: UnclaimedItem; departments: readonly Department[]; onDone: (message: () => string) => void; onCancel: () => void }) {
  const t = () => strings().claims;
  const [unitId, setUnitId] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [errors, setErrors] = createSignal<FieldMessages<'unitId' | 'reason'>>({});
  const [state, assign] = createMutation(AssignPowerItemMutation);
  const textLimits = useTextLimits();
  const selectId = `assign-unit-${props.item.id}`;

  async function submit() {
    const problems = { unitId: unitId() ? undefined : () => t().pickUnit, reason: reasonMessage(reason(), textLimits()?.reason) };
    if (problems.unitId || problems.reason) {
      setErrors(problems);
      return;
    }
    setErrors({});
    const response = await assign({ input: { powerItemId: props.item.id, unitId: unitId(), reason: reason().trim(), expectedVersion: props.item.version } });
    const outcome = outcomeOf(response, response.data?.assignPowerItem, 'PowerItem');
    if (!outcome.ok) {
      setErrors(placeProblem(outcome, ['unitId', 'reason'] as const));
      return;
    }
    const item = props.item.name;
    const unit = outcome.value.implementingUnit?.shortName ?? '';
    props.onDone(() => strings().claims.assigned(item, unit));
  }

  return (
    <RowForm label={t().assignForm(props.item.name)} error={errors().form} onSubmit={() => void submit()}>
      <div class="form-field">
        <label for={selectId}>{t().assignUnit}</label>
        <FieldError id={selectId} message={errors().unitId} />
        <select
          id={selectId}
          value={unitId()}
          aria-invalid={errors().unitId ? 'true' : undefined}
          aria-describedby={describedBy(selectId, { error: errors().unitId })}
          onChange={(event) => setUnitId(event.currentTarget.value)}
        >
          <option value="">{t().pickUnit}</option>
          <For each={props.departments}>{(unit) => <option value={unit.id}>{unit.shortName}</option>}</For>
        </select>
      </div>
      <ReasonField label={t().assignReason} value={reason()} limit={textLimits()?.reason} error={errors().reason} onInput={setReason} />
      <FormButtons send={t().assignSend} busy={state.fetching} onCancel={props.onCancel} />
    </RowForm>
  );
}
