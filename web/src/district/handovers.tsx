import { type Accessor, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { CharCounter } from '../forms/char-counter.tsx';
import { describedBy, FieldError, FormError } from '../forms/form-fields.tsx';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import { useTextLimits } from '../forms/text-limits.ts';
import type { ResultOf } from '../graphql.ts';
import { common, labels } from '../i18n/labels.ts';
import { formatDate, formatDateTime, formatRelative } from '../i18n/locale.ts';
import { outcomeOf, placeProblem, type FieldMessages } from '../mutation-outcome.ts';
import {
  type HandoverDraft,
  type HandoverField,
  handoverDraftOf,
  handoverInput,
  handoverProblems,
  type HandoverStatus,
} from './district-forms.ts';
import { HandoverRemindersQuery, HandoversQuery, UpdateHandoverMutation } from './district-query.ts';
import { HandoversEmpty } from './empty-states.tsx';
import { formProblemMessage } from './shared.ts';
import { strings } from './strings.ts';

type Handover = ResultOf<typeof HandoversQuery>['handovers']['nodes'][number];
type Reminder = ResultOf<typeof HandoverRemindersQuery>['reminders']['nodes'][number];

const pageSize = 20;
const statuses: readonly HandoverStatus[] = ['PREPARING', 'READY', 'TAKEN_OVER', 'BLOCKED'];
const flags = ['staffingReady', 'systemsReady', 'trainingDone'] as const;

/** A status named in the address, or null for all. */
export function parseHandoverStatus(value: string | undefined): HandoverStatus | null {
  return (statuses as readonly string[]).includes(value ?? '') ? (value as HandoverStatus) : null;
}

/** 承接进度: the district's handovers of approved delegations, with their readiness, to report on. */
export function Handovers(props: {
  status: HandoverStatus | null;
  onStatus: (status: HandoverStatus | null) => void;
  refreshes: Accessor<number>;
  onDone: (message: () => string) => void;
}) {
  const t = () => strings();
  return (
    <section class="handovers">
      <div class="toolbar">
        <label class="field">
          <span>{t().handovers.filter}</span>
          <select onChange={(event) => props.onStatus(parseHandoverStatus(event.currentTarget.value))}>
            <option value="" selected={props.status === null}>
              {t().handovers.all}
            </option>
            <For each={statuses}>
              {(status) => (
                <option value={status} selected={props.status === status}>
                  {labels().handoverStatus[status]}
                </option>
              )}
            </For>
          </select>
        </label>
      </div>
      <Show when={{ status: props.status }} keyed>
        {({ status }) => <HandoverList status={status} onShowAll={() => props.onStatus(null)} refreshes={props.refreshes} onDone={props.onDone} />}
      </Show>
    </section>
  );
}

function HandoverList(props: {
  status: HandoverStatus | null;
  onShowAll: () => void;
  refreshes: Accessor<number>;
  onDone: (message: () => string) => void;
}) {
  const t = () => strings();
  const handovers = createPagedQuery({
    query: HandoversQuery,
    variables: (after) => ({ status: props.status, after }),
    page: (data) => data.handovers,
    refreshes: props.refreshes,
  });
  // The lead office's open reminders about the district's handovers: one query, matched to the rows.
  const [reminders] = createQuery({ query: HandoverRemindersQuery });
  const reminderOf = (handoverId: string): Reminder | undefined => reminders.data?.reminders.nodes.find((r) => r.subjectId === handoverId);
  return (
    <Paged query={handovers} pageSize={pageSize}>
      {(page) => (
        <>
          <p class="count">{t().handovers.total(page.totalCount)}</p>
          <table class="portal-table">
            <thead>
              <tr>
                <th scope="col">{t().columns.item}</th>
                <th scope="col">{t().columns.department}</th>
                <th scope="col">{t().columns.status}</th>
                <th scope="col">{t().columns.readiness}</th>
                <th scope="col">{t().columns.plannedOn}</th>
                <th scope="col">{t().columns.notes}</th>
                <th scope="col">{t().columns.updated}</th>
                <th scope="col">{t().columns.actions}</th>
              </tr>
            </thead>
            <For
              each={page.nodes}
              fallback={
                <tbody>
                  <tr>
                    <td colspan="8">
                      <HandoversEmpty status={props.status} onShowAll={props.onShowAll} />
                    </td>
                  </tr>
                </tbody>
              }
            >
              {(handover) => <HandoverRows handover={handover} reminder={reminderOf(handover.id)} onDone={props.onDone} onStale={handovers.retry} />}
            </For>
          </table>
        </>
      )}
    </Paged>
  );
}

function HandoverRows(props: { handover: Handover; reminder: Reminder | undefined; onDone: (message: () => string) => void; onStale: () => void }) {
  const t = () => strings().handovers;
  const [editing, setEditing] = createSignal(false);
  const h = () => props.handover;
  return (
    <tbody classList={{ 'has-detail': editing() }}>
      <tr>
        <td class="item-cell">
          <A href={`/proposals/${h().proposal.id}`} class="item-link">
            {h().powerItem.name}
          </A>
          <span class="code">{h().powerItem.basicCode}</span>
        </td>
        <td>{h().proposal.submittingUnit.shortName}</td>
        <td>
          <span class="handover-status" data-status={h().status}>
            {labels().handoverStatus[h().status]}
          </span>
          <Show when={h().takenOverAt}>{(at) => <span class="answered-on">{t().takenOverAt(at())}</span>}</Show>
        </td>
        <td>
          <ul class="readiness">
            <For each={flags}>
              {(flag) => (
                <li data-ready={h()[flag]}>
                  {t().flagState(t()[flag], h()[flag])}
                </li>
              )}
            </For>
          </ul>
        </td>
        <td>{h().plannedOn ? formatDate(h().plannedOn!) : common().none}</td>
        <td class="wrap notes">
          {h().notes ?? common().none}
          <Show when={h().coordinatorNote}>
            {(note) => (
              <p class="lead-note">
                <strong>{t().leadNote(h().coordinatorNoteAt!)}</strong>
                {note()}
              </p>
            )}
          </Show>
          <Show when={props.reminder}>
            {(reminder) => (
              <p class="lead-note">
                <strong>{t().reminder(reminder().sentAt, reminder().dueOn)}</strong>
                {reminder().message ?? ''}
              </p>
            )}
          </Show>
        </td>
        <td>
          <time datetime={h().updatedAt} title={formatDateTime(h().updatedAt)}>
            {formatRelative(h().updatedAt)}
          </time>
        </td>
        <td class="row-actions">
          <Show when={!editing()}>
            <button type="button" aria-label={t().updateFor(h().powerItem.name)} onClick={() => setEditing(true)}>
              {t().update}
            </button>
          </Show>
        </td>
      </tr>
      <Show when={editing()}>
        <tr class="detail-row">
          <td colspan="8">
            <HandoverForm
              handover={h()}
              onCancel={() => setEditing(false)}
              onStale={props.onStale}
              onSaved={(message) => {
                setEditing(false);
                props.onDone(message);
              }}
            />
          </td>
        </tr>
      </Show>
    </tbody>
  );
}

/** In reading order: the first with a problem gets the focus. */
const fieldOrder: readonly HandoverField[] = ['status', 'staffingReady', 'systemsReady', 'trainingDone', 'plannedOn', 'notes'];

/** Status, readiness, planned date and notes of one handover. */
function HandoverForm(props: {
  handover: Handover;
  onCancel: () => void;
  onSaved: (message: () => string) => void;
  /** Someone reported meanwhile: reload the handover (and its version). */
  onStale: () => void;
}) {
  const t = () => strings().handovers;
  const [draft, setDraft] = createStore<HandoverDraft>(handoverDraftOf(props.handover));
  const [errors, setErrors] = createSignal<FieldMessages<HandoverField>>({});
  const [state, execute] = createMutation(UpdateHandoverMutation);
  /** The notes are free text (Query.textLimits.freeText): counted as they are typed, checked before sending. */
  const textLimits = useTextLimits();
  const notesLimit = () => textLimits()?.freeText;
  const id = (field: HandoverField) => `handover-${props.handover.id}-${field}`;
  const error = (field: HandoverField) => errors()[field];

  function edit<Field extends keyof HandoverDraft>(field: Field, value: HandoverDraft[Field]) {
    setDraft(field, value);
    // Readiness and status depend on each other: any change may settle the other's message.
    setErrors(({ [field]: _fixed, status: _status, form: _form, ...rest }) => rest);
  }

  function showProblems(messages: FieldMessages<HandoverField>) {
    setErrors(messages);
    const first = fieldOrder.find((field) => messages[field]);
    if (first) document.getElementById(id(first))?.focus();
  }

  async function save() {
    const problems = handoverProblems(draft, handoverDraftOf(props.handover), notesLimit());
    const fields = Object.keys(problems) as HandoverField[];
    if (fields.length > 0) {
      showProblems(Object.fromEntries(fields.map((field) => [field, formProblemMessage(problems[field]!)])));
      return;
    }
    setErrors({});
    const response = await execute({ input: handoverInput(draft, props.handover.id, props.handover.version) });
    const outcome = outcomeOf(response, response.data?.updateHandover, 'Handover');
    if (outcome.ok) {
      const name = props.handover.powerItem.name;
      props.onSaved(() => strings().handovers.saved(name));
    } else if (outcome.conflict) {
      props.onStale();
      showProblems({ form: () => t().conflict });
    } else showProblems(placeProblem(outcome, fieldOrder));
  }

  return (
    <form
      class="handover-form"
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div class="form-field">
        <label for={id('status')}>{t().status}</label>
        <p class="hint" id={`${id('status')}-hint`}>
          {t().statusHint}
        </p>
        <FieldError id={id('status')} message={error('status')} />
        <select
          id={id('status')}
          aria-invalid={error('status') ? 'true' : undefined}
          aria-describedby={describedBy(id('status'), { hint: true, error: error('status') })}
          onChange={(event) => edit('status', parseHandoverStatus(event.currentTarget.value) ?? draft.status)}
        >
          <For each={statuses}>
            {(status) => (
              <option value={status} selected={draft.status === status}>
                {labels().handoverStatus[status]}
              </option>
            )}
          </For>
        </select>
      </div>
      <fieldset class="form-field choices">
        <legend>{t().flags}</legend>
        <div class="choice-row">
          <For each={flags}>
            {(flag) => (
              <label class="choice">
                <input
                  id={id(flag)}
                  type="checkbox"
                  checked={draft[flag]}
                  onChange={(event) => edit(flag, event.currentTarget.checked)}
                />
                {t()[flag]}
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <div class="form-field">
        <label for={id('plannedOn')}>{t().plannedOn}</label>
        <FieldError id={id('plannedOn')} message={error('plannedOn')} />
        <input
          id={id('plannedOn')}
          type="date"
          value={draft.plannedOn}
          aria-invalid={error('plannedOn') ? 'true' : undefined}
          aria-describedby={describedBy(id('plannedOn'), { error: error('plannedOn') })}
          onInput={(event) => edit('plannedOn', event.currentTarget.value)}
        />
      </div>
      <div class="form-field">
        <label for={id('notes')}>{t().notes}</label>
        <p class="hint" id={`${id('notes')}-hint`}>
          {t().notesHint}
        </p>
        <FieldError id={id('notes')} message={error('notes')} />
        <textarea
          id={id('notes')}
          rows="2"
          value={draft.notes}
          aria-invalid={error('notes') ? 'true' : undefined}
          aria-describedby={describedBy(id('notes'), { hint: true, error: error('notes'), counter: notesLimit() !== undefined })}
          onInput={(event) => edit('notes', event.currentTarget.value)}
        />
        <CharCounter id={`${id('notes')}-counter`} text={draft.notes} limit={notesLimit()} />
      </div>
      <FormError message={errors().form} />
      <div class="button-row">
        <button type="submit" class="primary" disabled={state.fetching}>
          {t().save}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t().cancel}
        </button>
      </div>
    </form>
  );
}
