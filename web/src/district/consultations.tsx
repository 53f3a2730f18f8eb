import { type Accessor, createEffect, createSignal, For, type JSX, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { A } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { CharCounter } from '../forms/char-counter.tsx';
import { describedBy, FieldError, FormError } from '../forms/form-fields.tsx';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import { useTextLimits } from '../forms/text-limits.ts';
import type { ResultOf, VariablesOf } from '../graphql.ts';
import { labels } from '../i18n/labels.ts';
import { outcomeOf, placeProblem, type FieldMessages } from '../mutation-outcome.ts';
import {
  type AnswerDraft,
  type AnswerField,
  answerDraftOf,
  answerInput,
  answerProblems,
  type AnswerText,
  type Stance,
} from './district-forms.ts';
import { AnswerConsultationMutation, DistrictConsultationsQuery } from './district-query.ts';
import { ConsultationsEmpty } from './empty-states.tsx';
import { districtNames, formProblemMessage, itemName } from './shared.ts';
import { strings } from './strings.ts';
// The list and answer form are styled there (.portal rules), whichever portal shows them.
import './district.css';

type Feedback = ResultOf<typeof DistrictConsultationsQuery>['unitConsultations']['nodes'][number];
type ConsultationFilter = VariablesOf<typeof DistrictConsultationsQuery>['filter'];
type OnDone = (message: () => string) => void;

const pageSize = 20;

/**
 * 征求意见: the consultations asking the unit (a district; a department the coordinator also
 * consulted, in the department portal), each with the unit's answer. Open ones come
 * in two lists, what still waits for the district's answer first, then what it has answered (and
 * may still change); closed ones in one.
 */
export function Consultations(props: { open: boolean; onShow: (open: boolean) => void; refreshes: Accessor<number>; onDone: OnDone }) {
  const t = () => strings().consultations;
  // How many each open list holds: an empty one says whether the other holds the open consultations.
  const [waiting, setWaiting] = createSignal<number>();
  const [answered, setAnswered] = createSignal<number>();
  const empty = (list: 'waiting' | 'answered' | 'closed') => <ConsultationsEmpty list={list} waiting={waiting()} answered={answered()} />;
  return (
    <section class="consultations">
      <div class="toolbar">
        <div class="segmented" role="group" aria-label={t().show}>
          <button type="button" aria-pressed={props.open} onClick={() => props.onShow(true)}>
            {t().open}
          </button>
          <button type="button" aria-pressed={!props.open} onClick={() => props.onShow(false)}>
            {t().closed}
          </button>
        </div>
      </div>
      <Show
        when={props.open}
        fallback={
          <ConsultationList
            id="consultations-closed"
            filter={{ open: false }}
            heading={t().closedHeading}
            empty={empty('closed')}
            refreshes={props.refreshes}
            onDone={props.onDone}
          />
        }
      >
        <ConsultationList
          id="consultations-waiting"
          filter={{ open: true, answered: false }}
          heading={t().waitingHeading}
          empty={empty('waiting')}
          onCount={setWaiting}
          refreshes={props.refreshes}
          onDone={props.onDone}
        />
        <ConsultationList
          id="consultations-answered"
          filter={{ open: true, answered: true }}
          heading={t().answeredHeading}
          hint={t().answeredHint}
          empty={empty('answered')}
          onCount={setAnswered}
          refreshes={props.refreshes}
          onDone={props.onDone}
        />
      </Show>
    </section>
  );
}

/** One list of the district's consultations under `filter`, headed with how many there are. */
function ConsultationList(props: {
  id: string;
  filter: ConsultationFilter;
  heading: string;
  hint?: string;
  /** What the list says when it is empty (why, and what next). */
  empty: JSX.Element;
  /** Told how many the list holds, each time it is counted. */
  onCount?: (count: number) => void;
  refreshes: Accessor<number>;
  onDone: OnDone;
}) {
  const t = () => strings();
  const feedback = createPagedQuery({
    query: DistrictConsultationsQuery,
    variables: (after) => ({ filter: props.filter, after }),
    page: (data) => data.unitConsultations,
    refreshes: props.refreshes,
  });
  createEffect(() => {
    const count = feedback.page()?.totalCount;
    if (count !== undefined) props.onCount?.(count);
  });
  return (
    <section class="consultation-list" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>
        {props.heading}
        <Show when={feedback.page()}>{(page) => <span class="list-count">{t().consultations.count(page().totalCount)}</span>}</Show>
      </h2>
      <Show when={props.hint}>{(hint) => <p class="muted">{hint()}</p>}</Show>
      <Paged query={feedback} pageSize={pageSize}>
        {(page) => (
          <Show when={page.nodes.length > 0} fallback={props.empty}>
            <table class="portal-table">
              <thead>
                <tr>
                  <th scope="col">{t().columns.item}</th>
                  <th scope="col">{t().columns.department}</th>
                  <th scope="col">{t().columns.action}</th>
                  <th scope="col">{t().columns.districts}</th>
                  <th scope="col">{t().columns.deadline}</th>
                  <th scope="col">{t().columns.answer}</th>
                  <th scope="col">{t().columns.actions}</th>
                </tr>
              </thead>
              <For each={page.nodes}>
                {(row) => <ConsultationRows feedback={row} onDone={props.onDone} onStale={feedback.retry} />}
              </For>
            </table>
          </Show>
        )}
      </Paged>
    </section>
  );
}

function ConsultationRows(props: { feedback: Feedback; onDone: OnDone; onStale: () => void }) {
  const t = () => strings().consultations;
  const [answering, setAnswering] = createSignal(false);
  const f = () => props.feedback;
  const consultation = () => f().consultation;
  const proposal = () => consultation().proposal;
  const name = () => itemName(proposal());
  const isOpen = () => consultation().status === 'OPEN';

  return (
    <tbody classList={{ 'has-detail': answering() }}>
      <tr>
        <td class="item-cell">
          <A href={`/proposals/${proposal().id}`} class="item-link">
            {name()}
          </A>
          <span class="code">{proposal().powerItem?.basicCode}</span>
        </td>
        <td>{proposal().submittingUnit.shortName}</td>
        <td>
          <span class="tag" data-action={proposal().action}>
            {labels().action[proposal().action]}
          </span>
        </td>
        <td class="districts">{districtNames(proposal().targetDistricts)}</td>
        <td>
          <time datetime={consultation().deadline}>{t().deadline(consultation().deadline)}</time>
          <Show when={consultation().deadlinePassed && isOpen()}>
            <span class="deadline-passed">{t().deadlinePassed}</span>
          </Show>
        </td>
        <td>
          <Show when={f().stance} fallback={<span class="unanswered">{t().unanswered}</span>}>
            {(stance) => (
              <>
                <span class="stance" data-stance={stance()}>
                  {labels().stance[stance()]}
                </span>
                <Show when={f().respondedAt}>{(at) => <span class="answered-on">{t().answeredOn(at())}</span>}</Show>
              </>
            )}
          </Show>
        </td>
        <td class="row-actions">
          <Show when={isOpen() && !answering()}>
            <button
              type="button"
              class={f().stance ? undefined : 'primary'}
              aria-label={f().stance ? t().reanswerFor(name()) : t().answerFor(name())}
              onClick={() => setAnswering(true)}
            >
              {f().stance ? t().reanswer : t().answer}
            </button>
          </Show>
        </td>
      </tr>
      <Show when={answering()}>
        <tr class="detail-row">
          <td colspan="7">
            <div class="answer-context">
              <h3 class="detail-heading">{t().rationale}</h3>
              <p class="rationale">{proposal().rationale}</p>
            </div>
            <AnswerForm
              feedback={f()}
              name={name()}
              onCancel={() => setAnswering(false)}
              onStale={props.onStale}
              onSaved={(message) => {
                setAnswering(false);
                props.onDone(message);
              }}
            />
          </td>
        </tr>
      </Show>
    </tbody>
  );
}

const stances: readonly Stance[] = ['AGREE', 'AGREE_WITH_CONDITIONS', 'DISAGREE'];
const needs: readonly AnswerText[] = ['staffingNeeds', 'systemsNeeds', 'trainingNeeds', 'fundingNeeds'];
/** In reading order: the first with a problem gets the focus. */
const fieldOrder: readonly AnswerField[] = ['stance', 'comments', 'capacityNotes', ...needs];

/** The capacity form: the stance, why, and what taking the power over would need. */
function AnswerForm(props: {
  feedback: Feedback;
  name: string;
  onCancel: () => void;
  onSaved: (message: () => string) => void;
  /** Someone answered meanwhile: reload the answer (and its version). */
  onStale: () => void;
}) {
  const t = () => strings().answer;
  const [draft, setDraft] = createStore<AnswerDraft>(answerDraftOf(props.feedback));
  const [errors, setErrors] = createSignal<FieldMessages<AnswerField>>({});
  const [state, execute] = createMutation(AnswerConsultationMutation);
  /** Every text of an answer is free text (Query.textLimits.freeText): counted as it is typed, checked before sending. */
  const textLimits = useTextLimits();
  const freeTextLimit = () => textLimits()?.freeText;
  const id = (field: AnswerField) => `answer-${props.feedback.id}-${field}`;
  const error = (field: AnswerField) => errors()[field];

  function edit<Field extends AnswerField>(field: Field, value: AnswerDraft[Field]) {
    setDraft(field, value);
    if (errors()[field]) setErrors(({ [field]: _fixed, ...rest }) => rest);
  }

  function showProblems(messages: FieldMessages<AnswerField>) {
    setErrors(messages);
    const first = fieldOrder.find((field) => messages[field]);
    if (!first) return;
    const element = document.getElementById(id(first));
    (element instanceof HTMLFieldSetElement ? element.querySelector('input') : element)?.focus();
  }

  async function save() {
    const problems = answerProblems(draft, freeTextLimit());
    const fields = Object.keys(problems) as AnswerField[];
    if (fields.length > 0 || draft.stance === null) {
      showProblems(Object.fromEntries(fields.map((field) => [field, formProblemMessage(problems[field]!)])));
      return;
    }
    setErrors({});
    const response = await execute({ input: answerInput({ ...draft, stance: draft.stance }, props.feedback.id, props.feedback.version) });
    const outcome = outcomeOf(response, response.data?.answerConsultation, 'DistrictFeedback');
    if (outcome.ok) {
      const name = props.name;
      props.onSaved(() => strings().answer.saved(name));
      return;
    }
    if (outcome.conflict) {
      // Load the newer answer's version: sending again then replaces it with this form.
      props.onStale();
      showProblems({ form: () => t().conflict });
    } else showProblems(placeProblem(outcome, fieldOrder));
  }

  const textField = (field: AnswerText, label: string, hint: string | null, rows: number) => (
    <div class="form-field">
      <label for={id(field)}>{label}</label>
      <Show when={hint}>
        <p class="hint" id={`${id(field)}-hint`}>
          {hint}
        </p>
      </Show>
      <FieldError id={id(field)} message={error(field)} />
      <textarea
        id={id(field)}
        rows={rows}
        value={draft[field]}
        aria-invalid={error(field) ? 'true' : undefined}
        aria-describedby={describedBy(id(field), { hint: hint !== null, error: error(field), counter: freeTextLimit() !== undefined })}
        onInput={(event) => edit(field, event.currentTarget.value)}
      />
      <CharCounter id={`${id(field)}-counter`} text={draft[field]} limit={freeTextLimit()} />
    </div>
  );

  return (
    <form
      class="answer-form"
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <fieldset
        class="form-field choices"
        id={id('stance')}
        aria-invalid={error('stance') ? 'true' : undefined}
        aria-describedby={describedBy(id('stance'), { hint: true, error: error('stance') })}
      >
        <legend>{t().legend}</legend>
        <p class="hint" id={`${id('stance')}-hint`}>
          {t().stanceHint}
        </p>
        <FieldError id={id('stance')} message={error('stance')} />
        <div class="choice-row">
          <For each={stances}>
            {(stance) => (
              <label class="choice">
                <input
                  type="radio"
                  name={`stance-${props.feedback.id}`}
                  value={stance}
                  checked={draft.stance === stance}
                  onChange={() => edit('stance', stance)}
                />
                {labels().stance[stance]}
              </label>
            )}
          </For>
        </div>
      </fieldset>
      {textField('comments', t().comments, t().commentsHint, 3)}
      {textField('capacityNotes', t().capacityNotes, t().capacityHint, 3)}
      <fieldset class="form-field">
        <legend>{t().needs}</legend>
        <div class="needs-grid">
          <For each={needs}>{(field) => textField(field, t()[field], null, 2)}</For>
        </div>
      </fieldset>
      <FormError message={errors().form} />
      <p class="form-status" role="status">
        {state.fetching ? t().saving : ''}
      </p>
      <div class="button-row">
        <button type="submit" class="primary" disabled={state.fetching}>
          {props.feedback.stance ? t().replace : t().save}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t().cancel}
        </button>
      </div>
    </form>
  );
}
