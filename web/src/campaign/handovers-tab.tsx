import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import type { EnumValue } from '../graphql.ts';
import { common, labels } from '../i18n/labels.ts';
import { formatDate } from '../i18n/locale.ts';
import { outcomeOf, placeProblem, type FieldMessages } from '../mutation-outcome.ts';
import { type BoardHandover, CommentOnHandoverMutation, HandoverBoardQuery, HandoverCountsQuery, UnitsOfKindQuery } from './claims-handovers-query.ts';
import { strings } from './claims-handovers-strings.ts';
import { useTextLimits } from '../forms/text-limits.ts';
import { ChaseForm, FormButtons, ReasonField, reasonMessage, RowForm } from './console-forms.tsx';
import type { ConsoleTabProps } from './console-tab.ts';
import './claims-handovers.css';
import { ExportMenu } from '../exports/export-menu.tsx';

const pageSize = 20;
type Status = EnumValue<'HandoverStatus'>;
const statuses: readonly Status[] = ['PREPARING', 'READY', 'TAKEN_OVER', 'BLOCKED'];
const statusKeys: Record<string, Status> = { preparing: 'PREPARING', ready: 'READY', taken_over: 'TAKEN_OVER', blocked: 'BLOCKED' };
const flags = ['staffingReady', 'systemsReady', 'trainingDone'] as const;
const flagNames = { staffingReady: 'staffing', systemsReady: 'systems', trainingDone: 'training' } as const;
const gapKeys = ['staffingNeeds', 'systemsNeeds', 'trainingNeeds', 'fundingNeeds'] as const;

/**
 * 承接情况: every approved delegation × district of the campaign, with the figures per status and
 * district, filters (blocked, overdue by the domain clock, district, department), the district's
 * stated gaps, and the lead office's note and 催办 on each row.
 */
export default function HandoversTab(props: ConsoleTabProps) {
  const t = () => strings().handovers;
  const [status, setStatus] = createSignal<Status | null>(null);
  const [overdue, setOverdue] = createSignal(false);
  const [districtId, setDistrictId] = createSignal('');
  const [departmentId, setDepartmentId] = createSignal('');
  const [changed, setChanged] = createSignal(0);
  const [departments] = createQuery({ query: UnitsOfKindQuery, variables: { kind: 'DEPARTMENT' } });
  const [districts] = createQuery({ query: UnitsOfKindQuery, variables: { kind: 'DISTRICT' } });
  const filter = createMemo(() => ({
    campaignId: props.campaign.id,
    ...(status() ? { status: status() } : {}),
    ...(overdue() ? { overdue: true } : {}),
    ...(districtId() ? { districtId: districtId() } : {}),
    ...(departmentId() ? { departmentId: departmentId() } : {}),
  }));
  const board = createPagedQuery({
    query: HandoverBoardQuery,
    variables: (after) => ({ filter: filter(), after, first: pageSize }),
    page: (data) => data.handovers,
    refreshes: changed,
  });
  const [counts, refetchCounts] = createQuery({ query: HandoverCountsQuery, variables: () => ({ campaignId: props.campaign.id }) });
  const done = (message: () => string) => {
    props.announce(message);
    setChanged((n) => n + 1);
    refetchCounts({ requestPolicy: 'network-only' });
  };

  return (
    <div class="handover-board">
      <section aria-labelledby="handover-figures-heading">
        <h2 id="handover-figures-heading">{t().figuresHeading}</h2>
        <Show when={counts.data?.handoverCounts} fallback={<p class="notice">{common().loading}</p>}>
          {(counts) => (
            <>
              <p class="count">{t().figures(counts().total, counts().overdue)}</p>
              <ul class="console-status-counts" aria-label={t().byStatus}>
                <For each={counts().byStatus}>
                  {(group) => (
                    <li data-status={statusKeys[group.key]}>
                      {labels().handoverStatus[statusKeys[group.key]!]} <strong>{group.count}</strong>
                    </li>
                  )}
                </For>
              </ul>
              <table class="portal-table console-district-counts">
                <caption>{t().byDistrict}</caption>
                <thead>
                  <tr>
                    <For each={Object.values(t().districtColumns)}>{(name) => <th scope="col">{name}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={counts().byDistrict}>
                    {(row) => (
                      <tr>
                        <th scope="row">{row.district.shortName}</th>
                        <td>{row.total}</td>
                        <td>{row.preparing}</td>
                        <td>{row.ready}</td>
                        <td>{row.takenOver}</td>
                        <td data-alert={row.blocked > 0}>{row.blocked}</td>
                        <td data-alert={row.overdue > 0}>{row.overdue}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </>
          )}
        </Show>
      </section>
      <section aria-labelledby="handover-list-heading">
        <h2 id="handover-list-heading">{t().listHeading}</h2>
        <fieldset class="console-filters">
          <legend>{t().filters}</legend>
          <label>
            {t().status}
            <select onChange={(event) => setStatus((event.currentTarget.value || null) as Status | null)}>
              <option value="">{t().anyStatus}</option>
              <For each={statuses}>
                {(s) => (
                  <option value={s} selected={status() === s}>
                    {labels().handoverStatus[s]}
                  </option>
                )}
              </For>
            </select>
          </label>
          <label>
            {t().district}
            <select onChange={(event) => setDistrictId(event.currentTarget.value)}>
              <option value="">{t().any}</option>
              <For each={districts.data?.units ?? []}>{(unit) => <option value={unit.id}>{unit.shortName}</option>}</For>
            </select>
          </label>
          <label>
            {t().department}
            <select onChange={(event) => setDepartmentId(event.currentTarget.value)}>
              <option value="">{t().any}</option>
              <For each={departments.data?.units ?? []}>{(unit) => <option value={unit.id}>{unit.shortName}</option>}</For>
            </select>
          </label>
          <label class="console-check">
            <input type="checkbox" checked={overdue()} onChange={(event) => setOverdue(event.currentTarget.checked)} />
            {t().onlyOverdue}
          </label>
        </fieldset>
        <ExportMenu list="handovers" variables={{ filter: filter() }} />
        <Paged query={board} pageSize={pageSize}>
          {(page) => (
            <>
              <p class="count">{t().total(page.totalCount)}</p>
              <table class="portal-table">
                <thead>
                  <tr>
                    <For each={Object.values(t().columns)}>{(name) => <th scope="col">{name}</th>}</For>
                  </tr>
                </thead>
                <For
                  each={page.nodes}
                  fallback={
                    <tbody>
                      <tr>
                        <td colspan="8" class="notice">
                          {t().empty}
                        </td>
                      </tr>
                    </tbody>
                  }
                >
                  {(handover) => <HandoverRow handover={handover} campaignId={props.campaign.id} onDone={done} onStale={board.retry} />}
                </For>
              </table>
            </>
          )}
        </Paged>
      </section>
    </div>
  );
}

function HandoverRow(props: { handover: BoardHandover; campaignId: string; onDone: (message: () => string) => void; onStale: () => void }) {
  const t = () => strings().handovers;
  const h = () => props.handover;
  const [form, setForm] = createSignal<'comment' | 'chase' | null>(null);
  const done = (message: () => string) => {
    setForm(null);
    props.onDone(message);
  };
  const what = () => `${h().district.shortName} · ${h().powerItem.name}`;

  return (
    <tbody classList={{ 'has-detail': form() !== null }}>
      <tr>
        <td class="item-cell">
          <A href={`/proposals/${h().proposal.id}`}>{h().powerItem.name}</A>
          <span class="muted">{h().proposal.submittingUnit.shortName}</span>
        </td>
        <td>{h().district.shortName}</td>
        <td>
          <span class="console-handover-status" data-status={h().status}>
            {labels().handoverStatus[h().status]}
          </span>
        </td>
        <td>
          <ul class="console-readiness">
            <For each={flags}>
              {(flag) => (
                <li data-ready={h()[flag]}>
                  {t()[flagNames[flag]]}：{h()[flag] ? t().ready : t().notReady}
                </li>
              )}
            </For>
          </ul>
        </td>
        <td class="wrap">
          <Show when={h().districtGaps} fallback={<span class="muted">{t().notAnswered}</span>}>
            {(gaps) => (
              <Show when={gapKeys.some((key) => gaps()[key])} fallback={<span class="muted">{t().noGaps}</span>}>
                <dl class="console-gaps">
                  <For each={gapKeys.filter((key) => gaps()[key])}>
                    {(key) => (
                      <>
                        <dt>{t().gaps[key]}</dt>
                        <dd>{gaps()[key]}</dd>
                      </>
                    )}
                  </For>
                </dl>
              </Show>
            )}
          </Show>
        </td>
        <td>
          <span>{h().plannedOn ? t().planned(formatDate(h().plannedOn!)) : t().notPlanned}</span>
          <Show when={h().overdue}>
            {' '}
            <span class="console-flag" data-flag="overdue">
              {t().overdue}
            </span>
          </Show>
          <Show when={h().takenOverAt}>{(at) => <span class="muted">{t().takenOver(formatDate(at()))}</span>}</Show>
        </td>
        <td class="wrap">
          <Show when={h().notes}>
            {(notes) => (
              <p>
                <span class="muted">{t().districtNotes}：</span>
                {notes()}
              </p>
            )}
          </Show>
          <Show when={h().coordinatorNote}>
            {(note) => (
              <p class="console-lead-note">
                <span class="muted">
                  {t().leadNote}
                  {h().coordinatorNoteAt ? t().leadNoteAt(formatDate(h().coordinatorNoteAt!)) : ''}：
                </span>
                {note()}
              </p>
            )}
          </Show>
        </td>
        <td class="row-actions">
          <Show when={form() === null}>
            <button type="button" aria-label={t().commentFor(h().powerItem.name, h().district.shortName)} onClick={() => setForm('comment')}>
              {t().comment}
            </button>
            <button type="button" aria-label={strings().chase.openFor(what())} onClick={() => setForm('chase')}>
              {strings().chase.open}
            </button>
          </Show>
        </td>
      </tr>
      <Show when={form()}>
        {(which) => (
          <tr class="detail-row">
            <td colspan="8">
              <Switch>
                <Match when={which() === 'comment'}>
                  <CommentForm handover={h()} onDone={done} onCancel={() => setForm(null)} onStale={props.onStale} />
                </Match>
                <Match when={which() === 'chase'}>
                  <ChaseForm
                    campaignId={props.campaignId}
                    subjectId={h().id}
                    recipients={[h().district]}
                    what={t().chaseWhat(h().powerItem.name)}
                    message={t().chaseMessage(h().powerItem.name)}
                    onSent={done}
                    onCancel={() => setForm(null)}
                  />
                </Match>
              </Switch>
            </td>
          </tr>
        )}
      </Show>
    </tbody>
  );
}

function CommentForm(props: { handover: BoardHandover; onDone: (message: () => string) => void; onCancel: () => void; onStale: () => void }) {
  const t = () => strings().handovers;
  const [note, setNote] = createSignal(props.handover.coordinatorNote ?? '');
  const [errors, setErrors] = createSignal<FieldMessages<'note'>>({});
  const [state, comment] = createMutation(CommentOnHandoverMutation);
  const textLimits = useTextLimits();

  async function submit() {
    const problem = reasonMessage(note(), textLimits()?.reason);
    if (problem) {
      setErrors({ note: problem });
      return;
    }
    setErrors({});
    const response = await comment({ input: { handoverId: props.handover.id, note: note().trim(), expectedVersion: props.handover.version } });
    const outcome = outcomeOf(response, response.data?.commentOnHandover, 'Handover');
    if (!outcome.ok) {
      if (outcome.conflict) {
        props.onStale();
        setErrors({ form: () => strings().handovers.conflict });
        return;
      }
      setErrors(placeProblem(outcome, ['note'] as const));
      return;
    }
    const district = props.handover.district.shortName;
    props.onDone(() => strings().handovers.commented(district));
  }

  return (
    <RowForm label={t().commentForm(props.handover.district.shortName)} error={errors().form} onSubmit={() => void submit()}>
      <ReasonField label={t().commentNote} value={note()} limit={textLimits()?.reason} error={errors().note} onInput={setNote} />
      <FormButtons send={t().commentSend} busy={state.fetching} onCancel={props.onCancel} />
    </RowForm>
  );
}
