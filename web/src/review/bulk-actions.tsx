import { createSignal, createUniqueId, For, Match, Show, Switch } from 'solid-js';
import { useClient, type AnyVariables, type OperationResult } from '@urql/solid';
import { ConfirmDialog } from '../confirm-dialog.tsx';
import { errorMessage, localMessage } from '../error-notice.tsx';
import { transitionLabel } from '../i18n/labels.ts';
import {
  type BulkAbilities,
  type BulkOutcome,
  inChunks,
  reasonRequired,
  runEach,
  summarize,
  type Transition,
} from './bulk.ts';
import {
  AssignReviewersMutation,
  BulkTransitionMutation,
  SetClassificationMutation,
  type QueueRow,
} from './queue-query.ts';
import { rowLabel } from './queue-row.tsx';
import { strings } from './strings.ts';
import { assignable, type ClassificationOption, classificationLabel, type TeamMember } from './team.ts';

type Kind = 'assign' | 'classify' | 'transition';
type Phase = { step: 'form' } | { step: 'running'; count: number } | { step: 'done'; outcomes: BulkOutcome[] };

/** An error of the whole call about one input field, shown next to that field. */
interface FieldError {
  field: string;
  message: string;
}

/** A typed error as the API sends it in a result union or a bulk item. */
interface TypedError {
  __typename: string;
  code: string;
  messageZh: string;
  messageEn: string;
  field?: string;
}

/** A bulk result: one outcome per proposal. */
interface BulkResult {
  results: readonly { proposalId: string; ok: boolean; error: TypedError | null }[];
}

/**
 * The bulk actions the signed-in person may take on the selected rows, each in a dialog that
 * ends with a per-proposal summary. The queue itself updates from the live events the changes send.
 */
export function BulkBar(props: {
  rows: readonly QueueRow[];
  abilities: BulkAbilities;
  team: readonly TeamMember[] | undefined;
  classificationOptions: readonly ClassificationOption[];
  onClear: () => void;
  /**
   * With the ids that succeeded: they are deselected, the failed ones stay selected to try again.
   * Not after assigning: the same rows are usually moved on next, so the selection stays whole.
   */
  onDone: (succeeded: ReadonlySet<string>) => void;
}) {
  const client = useClient();
  const t = () => strings().bulk;
  const titleId = createUniqueId();
  let dialog!: HTMLDialogElement;
  let summaryHeading: HTMLHeadingElement | undefined;
  let askToConfirm: (() => void) | undefined;
  const [kind, setKind] = createSignal<Kind>('transition');
  const [phase, setPhase] = createSignal<Phase>({ step: 'form' });
  const [fieldError, setFieldError] = createSignal<FieldError>();

  // The forms' choices.
  const [reviewerIds, setReviewerIds] = createSignal<ReadonlySet<string>>(new Set());
  const [replace, setReplace] = createSignal(false);
  const [code, setCode] = createSignal('');
  const [transition, setTransition] = createSignal<Transition | ''>('');
  const [reason, setReason] = createSignal('');

  const reviewers = () => assignable(props.team ?? []);
  /** A move's label at the selected rows' stage, when they share one (不予批准 at 审定, 不予通过 before). */
  const moveLabel = (option: Transition) => {
    const stages = new Set(props.rows.map((row) => row.stage));
    return transitionLabel(option, stages.size === 1 ? [...stages][0] : undefined);
  };
  const confirmQuestion = () => {
    const chosen = transition();
    return chosen === '' ? undefined : t().confirmTransition(moveLabel(chosen), props.rows.length);
  };
  const needsReason = () => {
    const chosen = transition();
    return chosen !== '' && reasonRequired.has(chosen);
  };
  const ready = () => {
    if (props.rows.length === 0) return false;
    if (kind() === 'assign') return reviewerIds().size > 0;
    if (kind() === 'classify') return code() !== '';
    return transition() !== '' && (!needsReason() || reason().trim() !== '');
  };

  function open(next: Kind) {
    setKind(next);
    setPhase({ step: 'form' });
    setFieldError(undefined);
    dialog.showModal();
  }

  /** Every item of a chunk failed for the same reason. */
  const allFailed = (rows: readonly QueueRow[], message: string): BulkOutcome[] =>
    rows.map((row) => ({ proposalId: row.id, label: rowLabel(row), error: message }));

  /** One chunk's outcomes from a bulk mutation's answer (or a FieldError to show in the form). */
  function outcomesOf(
    rows: readonly QueueRow[],
    result: OperationResult<unknown, AnyVariables>,
    answer: BulkResult | TypedError | undefined,
  ): BulkOutcome[] | FieldError {
    if (!answer) return allFailed(rows, result.error ? errorMessage(result.error) : strings().bulk.failed);
    if (!('results' in answer)) {
      // The whole call was refused (not allowed, a wrong reason): every item shares the answer.
      if (answer.field) return { field: answer.field, message: localMessage(answer) };
      return allFailed(rows, localMessage(answer));
    }
    const byId = new Map(answer.results.map((item) => [item.proposalId, item]));
    return rows.map((row) => {
      const item = byId.get(row.id);
      const error = !item ? strings().bulk.failed : item.ok ? null : item.error ? localMessage(item.error) : strings().bulk.failed;
      return { proposalId: row.id, label: rowLabel(row), error };
    });
  }

  async function runChunks(
    rows: readonly QueueRow[],
    call: (chunk: readonly QueueRow[]) => Promise<BulkOutcome[] | FieldError>,
  ): Promise<BulkOutcome[] | FieldError> {
    const outcomes: BulkOutcome[] = [];
    for (const chunk of inChunks(rows)) {
      const chunkOutcomes = await call(chunk);
      if (!Array.isArray(chunkOutcomes)) return chunkOutcomes;
      outcomes.push(...chunkOutcomes);
    }
    return outcomes;
  }

  function run(rows: readonly QueueRow[]): Promise<BulkOutcome[] | FieldError> {
    switch (kind()) {
      case 'assign':
        return runChunks(rows, async (chunk) => {
          const input = { proposalIds: chunk.map((row) => row.id), reviewerIds: [...reviewerIds()], replace: replace() };
          const result = await client.mutation(AssignReviewersMutation, { input }).toPromise();
          return outcomesOf(chunk, result, result.data?.assignReviewers);
        });
      case 'transition': {
        const chosen = transition();
        if (chosen === '') return Promise.resolve([]);
        return runChunks(rows, async (chunk) => {
          const items = chunk.map((row) => ({ proposalId: row.id, expectedVersion: row.version }));
          const input = { transition: chosen, items, reason: reason().trim() || null };
          const result = await client.mutation(BulkTransitionMutation, { input }).toPromise();
          return outcomesOf(chunk, result, result.data?.bulkTransitionProposals);
        });
      }
      case 'classify':
        // The API classifies one proposal per call: each at the version the reader saw.
        return runEach(rows, async (row): Promise<BulkOutcome> => {
          const input = { proposalId: row.id, code: code(), expectedVersion: row.version };
          const result = await client.mutation(SetClassificationMutation, { input }).toPromise();
          const answer = result.data?.setFinalClassification;
          const error = !answer
            ? result.error
              ? errorMessage(result.error)
              : strings().bulk.failed
            : answer.__typename === 'Proposal'
              ? null
              : localMessage(answer);
          return { proposalId: row.id, label: rowLabel(row), error };
        });
    }
  }

  /** A move cannot be undone: it is asked again (its reason or note stays in the form) before it runs. */
  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!ready()) return;
    if (kind() === 'transition' && askToConfirm) askToConfirm();
    else void execute();
  }

  async function execute() {
    const rows = [...props.rows];
    setFieldError(undefined);
    setPhase({ step: 'running', count: rows.length });
    const outcomes = await run(rows);
    if (!Array.isArray(outcomes)) {
      setFieldError(outcomes);
      setPhase({ step: 'form' });
      return;
    }
    setPhase({ step: 'done', outcomes });
    if (kind() !== 'assign') props.onDone(new Set(outcomes.filter((outcome) => outcome.error === null).map((outcome) => outcome.proposalId)));
    queueMicrotask(() => summaryHeading?.focus());
  }

  const title = () => {
    const n = props.rows.length;
    return kind() === 'assign' ? t().assignTitle(n) : kind() === 'classify' ? t().classifyTitle(n) : t().transitionTitle(n);
  };
  const runningCount = () => {
    const current = phase();
    return current.step === 'running' ? current.count : undefined;
  };
  const errorFor = (field: string) => (fieldError()?.field === field ? fieldError()!.message : undefined);
  const summary = () => {
    const current = phase();
    return current.step === 'done' ? summarize(current.outcomes) : undefined;
  };

  return (
    <>
      <div class="bulk-bar" role="group" aria-label={t().label}>
        <Show when={props.abilities.assign}>
          <button type="button" disabled={props.rows.length === 0} onClick={() => open('assign')}>
            {t().assign}
          </button>
        </Show>
        <Show when={props.abilities.classify}>
          <button type="button" disabled={props.rows.length === 0} onClick={() => open('classify')}>
            {t().classify}
          </button>
        </Show>
        <Show when={props.abilities.transitions.length > 0}>
          <button type="button" disabled={props.rows.length === 0} onClick={() => open('transition')}>
            {t().transition}
          </button>
        </Show>
        <Show when={props.rows.length > 0}>
          <button type="button" class="quiet" onClick={() => props.onClear()}>
            {t().clearSelection}
          </button>
        </Show>
      </div>

      <dialog
        ref={dialog}
        class="bulk-dialog"
        aria-labelledby={titleId}
        onCancel={(event) => {
          if (phase().step === 'running') event.preventDefault();
        }}
      >
        <Switch>
          <Match when={summary()}>
            {(done) => (
              <div class="bulk-summary">
                <h2 id={titleId} ref={summaryHeading} tabindex="-1">
                  {t().resultTitle}
                </h2>
                <p role="status">{t().resultCounts(done().succeeded, done().failed)}</p>
                <ul class="bulk-results">
                  <For each={done().ordered}>
                    {(outcome) => (
                      <li data-ok={outcome.error === null ? 'true' : 'false'}>
                        <span class="bulk-result-status">{outcome.error === null ? t().ok : t().failed}</span>
                        <span class="bulk-result-label">{outcome.label}</span>
                        <Show when={outcome.error}>{(message) => <span class="bulk-result-error">{message()}</span>}</Show>
                      </li>
                    )}
                  </For>
                </ul>
                <div class="dialog-actions">
                  <button type="button" class="primary" onClick={() => dialog.close()}>
                    {t().close}
                  </button>
                </div>
              </div>
            )}
          </Match>
          <Match when={true}>
            <form onSubmit={submit} aria-busy={phase().step === 'running'}>
              <h2 id={titleId}>{title()}</h2>
              <Switch>
                <Match when={kind() === 'assign'}>
                  <fieldset class="bulk-reviewers">
                    <legend>{t().reviewers}</legend>
                    <Show when={props.team} fallback={<p class="error" role="alert">{t().noTeam}</p>}>
                      <For each={reviewers()}>
                        {(member) => (
                          <label class="check">
                            <input
                              type="checkbox"
                              checked={reviewerIds().has(member.id)}
                              onChange={(event) => {
                                const next = new Set(reviewerIds());
                                if (event.currentTarget.checked) next.add(member.id);
                                else next.delete(member.id);
                                setReviewerIds(next);
                              }}
                            />
                            {member.displayName}
                            <span class="muted"> · {member.unit.shortName}</span>
                          </label>
                        )}
                      </For>
                    </Show>
                    <Show when={errorFor('input.reviewerIds')}>{(message) => <p class="field-error">{message()}</p>}</Show>
                  </fieldset>
                  <label class="check">
                    <input type="checkbox" checked={replace()} onChange={(event) => setReplace(event.currentTarget.checked)} />
                    {t().replace}
                  </label>
                </Match>
                <Match when={kind() === 'classify'}>
                  <label class="form-field">
                    <span>{t().classification}</span>
                    <select value={code()} onChange={(event) => setCode(event.currentTarget.value)}>
                      <option value="">{t().choose}</option>
                      <For each={props.classificationOptions}>
                        {(option) => <option value={option.code}>{classificationLabel(option)}</option>}
                      </For>
                    </select>
                  </label>
                  <p class="muted">{t().classifyNote}</p>
                </Match>
                <Match when={kind() === 'transition'}>
                  <label class="form-field">
                    <span>{t().transitionField}</span>
                    <select value={transition()} onChange={(event) => setTransition(event.currentTarget.value as Transition | '')}>
                      <option value="">{t().choose}</option>
                      <For each={props.abilities.transitions}>
                        {(option) => <option value={option}>{moveLabel(option)}</option>}
                      </For>
                    </select>
                  </label>
                  <label class="form-field">
                    <span>{needsReason() ? t().reason : t().reasonOptional}</span>
                    <textarea
                      rows="3"
                      value={reason()}
                      required={needsReason()}
                      aria-invalid={errorFor('input.reason') ? 'true' : undefined}
                      onInput={(event) => setReason(event.currentTarget.value)}
                    />
                  </label>
                  <Show when={needsReason()}>
                    <p class="muted">{t().reasonRequired}</p>
                  </Show>
                  <Show when={errorFor('input.reason')}>
                    {(message) => (
                      <p class="field-error" role="alert">
                        {message()}
                      </p>
                    )}
                  </Show>
                </Match>
              </Switch>
              <Show when={fieldError() && !['input.reason', 'input.reviewerIds'].includes(fieldError()!.field)}>
                <p class="field-error" role="alert">
                  {fieldError()!.message}
                </p>
              </Show>
              <div class="dialog-actions">
                <Show when={runningCount()}>
                  {(count) => (
                    <span class="muted" role="status">
                      {t().running(count())}
                    </span>
                  )}
                </Show>
                <button type="button" disabled={phase().step === 'running'} onClick={() => dialog.close()}>
                  {t().cancel}
                </button>
                <button type="submit" class="primary" disabled={!ready() || phase().step === 'running'}>
                  {t().submit}
                </button>
              </div>
            </form>
          </Match>
        </Switch>
        <ConfirmDialog question={confirmQuestion()} ref={(ask) => (askToConfirm = ask)} onConfirm={() => void execute()} />
      </dialog>
    </>
  );
}
