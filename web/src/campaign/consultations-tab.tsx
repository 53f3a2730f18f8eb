import { createMemo, createSignal, createUniqueId, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { domainNow } from '../domain-clock.ts';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import type { EnumValue, VariablesOf } from '../graphql.ts';
import { labels } from '../i18n/labels.ts';
import { localMessage } from '../error-notice.tsx';
import { outcomeOf } from '../mutation-outcome.ts';
import type { ConsoleTabProps } from './console-tab.ts';
import {
  currentRound,
  itemName,
  mayClose,
  mayOpen,
  mayRemind,
  openItems,
  remindTargets,
  targetDistrictsOf,
} from './consultation-plan.ts';
import {
  type BoardRow,
  CloseConsultationsMutation,
  ConsultationBoardQuery,
  ConsultationUnitsQuery,
  OpenConsultationsMutation,
  RemindConsultationsMutation,
} from './consultations-query.ts';
import { consultationStrings } from './consultations-strings.ts';
import { ExportMenu } from '../exports/export-menu.tsx';

type Round = 'ALL' | EnumValue<'ConsultationRound'>;
const rounds: readonly Round[] = ['ALL', 'NOT_CONSULTED', 'OPEN', 'CLOSED'];
type Filter = NonNullable<VariablesOf<typeof ConsultationBoardQuery>['filter']>;
type Panel = 'open' | 'remind' | null;
type Announce = ConsoleTabProps['announce'];

const pageSize = 20;

/** 征求意见: the campaign's consultations, filtered; open, remind and close for a selection. */
export default function ConsultationsTab(props: ConsoleTabProps) {
  const t = () => consultationStrings();
  const [round, setRound] = createSignal<Round>('ALL');
  const [unitId, setUnitId] = createSignal('');
  const [districtId, setDistrictId] = createSignal('');
  const [pastDeadline, setPastDeadline] = createSignal(false);
  const [refreshes, setRefreshes] = createSignal(0);
  const [selected, setSelected] = createSignal<ReadonlyMap<string, BoardRow>>(new Map());
  const [panel, setPanel] = createSignal<Panel>(null);
  const [units] = createQuery({ query: ConsultationUnitsQuery });

  const filter = (): Filter => ({
    ...(round() === 'ALL' ? {} : { round: round() as EnumValue<'ConsultationRound'> }),
    ...(unitId() ? { unitId: unitId() } : {}),
    ...(districtId() ? { districtId: districtId() } : {}),
    ...(pastDeadline() ? { pastDeadline: true } : {}),
  });
  const board = createPagedQuery({
    query: ConsultationBoardQuery,
    variables: (after) => ({ campaignId: props.campaign.id, filter: filter(), after }),
    page: (data) => data.consultationBoard,
    refreshes,
  });
  /** A filter changed: what was selected may no longer be listed. */
  const refilter = <Value,>(set: (value: Value) => void) => (value: Value) => {
    set(value);
    setSelected(new Map());
    setPanel(null);
  };
  const chosen = createMemo(() => [...selected().values()]);
  const toOpen = () => chosen().filter(mayOpen);
  const toRemind = () => chosen().filter(mayRemind);
  const toClose = () => chosen().filter(mayClose);
  const toggle = (row: BoardRow, on: boolean) =>
    setSelected((map) => {
      const next = new Map(map);
      if (on) next.set(row.id, row);
      else next.delete(row.id);
      return next;
    });
  /** After an action: reload the board, forget the selection, say what happened. */
  const done: Announce = (message) => {
    setSelected(new Map());
    setPanel(null);
    setRefreshes((n) => n + 1);
    props.announce(message);
  };

  return (
    <section class="console-consultations" aria-labelledby="consultations-heading">
      <h2 id="consultations-heading">{t().heading}</h2>
      <p class="muted">{t().intro}</p>
      <form class="toolbar board-filters" aria-label={t().filters} onSubmit={(event) => event.preventDefault()}>
        <div class="segmented" role="group" aria-label={t().round}>
          <For each={rounds}>
            {(r) => (
              <button type="button" aria-pressed={round() === r} onClick={() => refilter(setRound)(r)}>
                {t().rounds[r]}
              </button>
            )}
          </For>
        </div>
        <label>
          {t().department}
          <select value={unitId()} onChange={(e) => refilter(setUnitId)(e.currentTarget.value)}>
            <option value="">{t().anyUnit}</option>
            <For each={units.data?.departments ?? []}>{(unit) => <option value={unit.id}>{unit.shortName}</option>}</For>
          </select>
        </label>
        <label>
          {t().district}
          <select value={districtId()} onChange={(e) => refilter(setDistrictId)(e.currentTarget.value)}>
            <option value="">{t().anyUnit}</option>
            <For each={units.data?.districts ?? []}>{(unit) => <option value={unit.id}>{unit.shortName}</option>}</For>
          </select>
        </label>
        <label class="choice">
          <input type="checkbox" checked={pastDeadline()} onChange={(e) => refilter(setPastDeadline)(e.currentTarget.checked)} />
          {t().pastDeadlineOnly}
        </label>
      </form>
      <ExportMenu list="consultations" variables={{ campaignId: props.campaign.id, filter: filter() }} />

      <div class="bulk-bar" role="group" aria-label={t().actions}>
        <span class="muted">{chosen().length > 0 ? t().selected(chosen().length) : t().nothingSelected}</span>
        <button type="button" disabled={toOpen().length === 0} aria-expanded={panel() === 'open'} onClick={() => setPanel('open')}>
          {t().openAction(toOpen().length)}
        </button>
        <button type="button" disabled={toRemind().length === 0} aria-expanded={panel() === 'remind'} onClick={() => setPanel('remind')}>
          {t().remindAction(toRemind().length)}
        </button>
        <CloseButton rows={toClose()} onDone={done} />
      </div>
      <Switch>
        <Match when={panel() === 'open'}>
          <OpenForm rows={toOpen()} departments={units.data?.departments ?? []} onCancel={() => setPanel(null)} onDone={done} />
        </Match>
        <Match when={panel() === 'remind'}>
          <RemindForm rows={toRemind()} campaignId={props.campaign.id} onCancel={() => setPanel(null)} onDone={done} />
        </Match>
      </Switch>

      <Paged query={board} pageSize={pageSize}>
        {(page) => (
          <>
            <p class="list-count">{t().count(page.totalCount)}</p>
            <Show when={page.nodes.length > 0} fallback={<p class="notice">{t().empty}</p>}>
              <table class="portal-table consultation-board">
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={t().selectPage}
                        checked={page.nodes.every((row) => selected().has(row.id))}
                        onChange={(e) => page.nodes.forEach((row) => toggle(row, e.currentTarget.checked))}
                      />
                    </th>
                    <th scope="col">{t().columns.item}</th>
                    <th scope="col">{t().columns.department}</th>
                    <th scope="col">{t().columns.action}</th>
                    <th scope="col">{t().columns.round}</th>
                    <th scope="col">{t().columns.answers}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page.nodes}>
                    {(row) => <BoardLine row={row} selected={selected().has(row.id)} onToggle={(on) => toggle(row, on)} />}
                  </For>
                </tbody>
              </table>
            </Show>
          </>
        )}
      </Paged>
    </section>
  );
}

/** One proposal: what it is, where its round stands, and who answered how. */
function BoardLine(props: { row: BoardRow; selected: boolean; onToggle: (on: boolean) => void }) {
  const t = () => consultationStrings();
  const round = () => currentRound(props.row);
  const name = () => itemName(props.row);
  return (
    <tr>
      <td>
        <input type="checkbox" aria-label={t().selectRow(name())} checked={props.selected} onChange={(e) => props.onToggle(e.currentTarget.checked)} />
      </td>
      <td class="item-cell">
        <A href={`/proposals/${props.row.id}`} class="item-link">
          {name()}
        </A>
        <span class="code">{props.row.powerItem?.basicCode}</span>
      </td>
      <td>{props.row.submittingUnit.shortName}</td>
      <td>
        <span class="tag" data-action={props.row.action}>
          {labels().action[props.row.action]}
        </span>
      </td>
      <td class="round-cell">
        <Show
          when={round()}
          fallback={
            <>
              <span>{t().notConsulted}</span>
              <span class="muted">{t().notConsultedHint}</span>
            </>
          }
        >
          {(r) => (
            <>
              <span>{r().status === 'OPEN' ? t().open(r().deadline) : t().closed(r().closedAt)}</span>
              <Show when={r().status === 'OPEN' && r().deadlinePassed}>
                <span class="deadline-passed">{t().pastDeadline}</span>
              </Show>
              <span class="muted">{t().answered(r().answeredCount, r().consultedCount)}</span>
              <Show when={props.row.stage !== 'CONSULTATION'}>
                <span class="muted">{t().movedOn}</span>
              </Show>
            </>
          )}
        </Show>
      </td>
      <td>
        <Show when={round()}>
          {(r) => (
            <>
              <ul class="answers">
                <For each={r().feedback.filter((f) => f.stance !== null)}>
                  {(f) => (
                    <li>
                      {f.unit.shortName}：
                      <span class="stance" data-stance={f.stance}>
                        {labels().stance[f.stance!]}
                      </span>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={r().status === 'OPEN'}>
                <p class={r().missingDistricts.length > 0 ? 'waiting' : 'muted'}>
                  {r().missingDistricts.length > 0 ? t().waitingFor(r().missingDistricts.map((u) => u.shortName)) : t().allAnswered}
                </p>
              </Show>
            </>
          )}
        </Show>
      </td>
    </tr>
  );
}

/** A date input's value (YYYY-MM-DD) `days` after the domain clock's today. */
function domainDateIn(days: number): string {
  const day = domainNow();
  day.setDate(day.getDate() + days);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/** Answers are due by the end of the chosen day, in the browser's time zone. */
const endOfDay = (date: string): Date => new Date(`${date}T23:59:59`);

/** 批量发起征求意见: the districts (each proposal's own targets, all by default), departments, a deadline. */
function OpenForm(props: {
  rows: readonly BoardRow[];
  departments: readonly { id: string; shortName: string }[];
  onCancel: () => void;
  onDone: Announce;
}) {
  const t = () => consultationStrings();
  const client = useClient();
  const id = createUniqueId();
  const districts = () => targetDistrictsOf(props.rows);
  const [chosenDistricts, setChosenDistricts] = createSignal<ReadonlySet<string>>(new Set(districts().map((d) => d.id)));
  const [departmentIds, setDepartmentIds] = createSignal<string[]>([]);
  const [deadline, setDeadline] = createSignal(domainDateIn(14));
  const [sending, setSending] = createSignal(false);
  const [problem, setProblem] = createSignal<(() => string) | null>(null);

  async function submit() {
    const due = endOfDay(deadline());
    if (Number.isNaN(due.getTime()) || due.getTime() <= domainNow().getTime()) return setProblem(() => () => t().chooseDeadline);
    const plan = openItems(props.rows, chosenDistricts(), departmentIds());
    if ('problem' in plan) {
      const name = itemName(plan.problem);
      return setProblem(() => () => t().chooseDistrict(name));
    }
    setProblem(null);
    setSending(true);
    const response = await client.mutation(OpenConsultationsMutation, { input: { deadline: due.toISOString(), items: plan.items } }).toPromise();
    setSending(false);
    const outcome = outcomeOf(response, response.data?.openConsultations, 'MutationOpenConsultationsSuccess');
    if (outcome.ok) {
      const n = outcome.value.data.length;
      props.onDone(() => consultationStrings().opened(n));
    } else setProblem(() => outcome.message);
  }

  return (
    <form
      class="console-form"
      aria-label={t().openForm}
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset class="choices">
        <legend>{t().districtsLegend}</legend>
        <For each={districts()}>
          {(district) => (
            <label class="choice">
              <input
                type="checkbox"
                checked={chosenDistricts().has(district.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setChosenDistricts((set) => {
                    const next = new Set(set);
                    if (on) next.add(district.id);
                    else next.delete(district.id);
                    return next;
                  });
                }}
              />
              {district.shortName}
            </label>
          )}
        </For>
      </fieldset>
      <div class="form-field">
        <label for={`${id}-departments`}>{t().departmentsLabel}</label>
        <select
          id={`${id}-departments`}
          multiple
          size={6}
          onChange={(e) => setDepartmentIds([...e.currentTarget.selectedOptions].map((option) => option.value))}
        >
          <For each={props.departments}>{(unit) => <option value={unit.id}>{unit.shortName}</option>}</For>
        </select>
      </div>
      <div class="form-field">
        <label for={`${id}-deadline`}>{t().deadline}</label>
        <input id={`${id}-deadline`} type="date" required min={domainDateIn(1)} value={deadline()} onInput={(e) => setDeadline(e.currentTarget.value)} />
      </div>
      <FormFooter problem={problem()} sending={sending()} submit={t().send} onCancel={props.onCancel} />
    </form>
  );
}

type Channel = 'NOTICE' | 'PHONE' | 'MEETING';
const channels: readonly Channel[] = ['NOTICE', 'PHONE', 'MEETING'];

/**
 * 催办: one reminder per silent unit of each selected open round, about that consultation, due by
 * its deadline's day. A minimal form (channel and message): the reminders tab's shared form may
 * replace it.
 */
function RemindForm(props: { rows: readonly BoardRow[]; campaignId: string; onCancel: () => void; onDone: Announce }) {
  const t = () => consultationStrings();
  const client = useClient();
  const id = createUniqueId();
  const [channel, setChannel] = createSignal<Channel>('NOTICE');
  const [message, setMessage] = createSignal(t().defaultMessage);
  const [sending, setSending] = createSignal(false);
  const [problem, setProblem] = createSignal<(() => string) | null>(null);

  async function submit() {
    const reminders = remindTargets(props.rows);
    if (reminders.length === 0) return setProblem(() => () => t().nobodyToRemind);
    setProblem(null);
    setSending(true);
    const input = { campaignId: props.campaignId, channel: channel(), message: message(), reminders };
    const response = await client.mutation(RemindConsultationsMutation, { input }).toPromise();
    setSending(false);
    const outcome = outcomeOf(response, response.data?.sendReminders, 'RemindersResult');
    if (outcome.ok) {
      const n = outcome.value.reminders.length;
      props.onDone(() => consultationStrings().reminded(n));
    } else setProblem(() => outcome.message);
  }

  return (
    <form
      class="console-form"
      aria-label={t().remindForm}
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div class="form-field">
        <label for={`${id}-channel`}>{t().channel}</label>
        <select id={`${id}-channel`} value={channel()} onChange={(e) => setChannel(e.currentTarget.value as Channel)}>
          <For each={channels}>{(c) => <option value={c}>{t().channels[c]}</option>}</For>
        </select>
      </div>
      <div class="form-field">
        <label for={`${id}-message`}>{t().message}</label>
        <textarea id={`${id}-message`} rows={2} value={message()} onInput={(e) => setMessage(e.currentTarget.value)} />
      </div>
      <FormFooter problem={problem()} sending={sending()} submit={t().remindSend} onCancel={props.onCancel} />
    </form>
  );
}

function FormFooter(props: { problem: (() => string) | null; sending: boolean; submit: string; onCancel: () => void }) {
  const t = () => consultationStrings();
  return (
    <>
      <Show when={props.problem}>
        {(message) => (
          <p class="form-error" role="alert">
            {message()()}
          </p>
        )}
      </Show>
      <div class="form-buttons">
        <button type="submit" class="primary" disabled={props.sending}>
          {props.sending ? t().sending : props.submit}
        </button>
        <button type="button" disabled={props.sending} onClick={() => props.onCancel()}>
          {t().cancel}
        </button>
      </div>
    </>
  );
}

/** 结束征求意见: the lifecycle's close_consultation for each selected proposal, each on its own. */
function CloseButton(props: { rows: readonly BoardRow[]; onDone: Announce }) {
  const t = () => consultationStrings();
  const client = useClient();
  const [sending, setSending] = createSignal(false);
  const [failures, setFailures] = createSignal<{ name: string; message: string }[]>([]);

  async function close() {
    const rows = props.rows;
    setSending(true);
    const input = { transition: 'CLOSE_CONSULTATION' as const, items: rows.map((row) => ({ proposalId: row.id, expectedVersion: row.version })) };
    const response = await client.mutation(CloseConsultationsMutation, { input }).toPromise();
    setSending(false);
    const outcome = outcomeOf(response, response.data?.bulkTransitionProposals, 'BulkTransitionResult');
    if (!outcome.ok) return setFailures([{ name: '', message: outcome.message() }]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    setFailures(
      outcome.value.results.flatMap((result) =>
        result.ok || !result.error ? [] : [{ name: itemName(byId.get(result.proposalId)!), message: localMessage(result.error) }],
      ),
    );
    const closed = outcome.value.succeeded;
    props.onDone(() => consultationStrings().closed_(closed));
  }

  return (
    <>
      <button type="button" disabled={props.rows.length === 0 || sending()} onClick={() => void close()}>
        {t().closeAction(props.rows.length)}
      </button>
      <Show when={failures().length > 0}>
        <div class="form-error" role="alert">
          {t().closeFailed(failures().length)}
          <ul>
            <For each={failures()}>{(f) => <li>{f.name ? `${f.name}：${f.message}` : f.message}</li>}</For>
          </ul>
        </div>
      </Show>
    </>
  );
}
