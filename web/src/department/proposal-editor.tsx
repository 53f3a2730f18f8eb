import { type Accessor, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { A } from '@solidjs/router';
import type { CombinedError } from '@urql/core';
import { createMutation, createQuery, useClient } from '@urql/solid';
import { CharCounter } from '../forms/char-counter.tsx';
import { useTextLimits } from '../forms/text-limits.ts';
import { ConflictPanel, type ConflictRow } from '../conflicts/conflict-panel.tsx';
import type { FieldChange, FieldValue, Side } from '../conflicts/field-diff.ts';
import { CommentThreads } from '../comments/comment-threads.tsx';
import { ErrorNotice } from '../error-notice.tsx';
import { describedBy, FieldError, FormError } from '../forms/form-fields.tsx';
import type { ResultOf } from '../graphql.ts';
import { changeBasisLabel, common, labels } from '../i18n/labels.ts';
import { locale } from '../i18n/locale.ts';
import { type FieldMessages, outcomeOf, placeProblem } from '../mutation-outcome.ts';
import {
  CreateProposalMutation,
  DistrictsQuery,
  EditProposalQuery,
  PowerItemQuery,
  UpdateProposalMutation,
} from './department-query.ts';
import type { ProposalGroup } from './groups.ts';
import { type ChosenItem, ItemPicker } from './item-picker.tsx';
import {
  type ConflictField,
  createInput,
  draftConflict,
  draftOf,
  emptyDraft,
  namesDistricts,
  type PowerType,
  type ProposalAction,
  type ProposalDraft,
  type ProposalField,
  problemMessage,
  proposalProblems,
  resolveConflict,
  type SaveIntent,
  updateInput,
} from './proposal-form.ts';
import { DeleteDraftButton, WithdrawButton } from './proposal-groups.tsx';
import { returnRecords, ReviewRecords } from './review-records.tsx';
import { strings } from './strings.ts';
import { createTransition } from './transition.ts';

/** What the editor opens: an existing proposal, or a new one about an item (null: an item to add). */
export type EditorTarget = { kind: 'edit'; proposalId: string } | { kind: 'new'; powerItemId: string | null };

/** Moves the focus to a view's heading once it is on the page (the view replaced another). */
function focusOnMount(element: HTMLElement): void {
  queueMicrotask(() => element.focus());
}

type Proposal = Extract<NonNullable<ResultOf<typeof EditProposalQuery>['node']>, { __typename: 'Proposal' }>;
type Item = { id: string; basicCode: string; name: string; typeNameZh: string; typeNameEn: string };

interface EditorCallbacks {
  /** A new proposal was saved as a draft: the editor goes on with it. */
  onCreated: (proposalId: string, message: () => string) => void;
  /** Finished (submitted, withdrawn): back to the lists, at `group`. */
  onDone: (group: ProposalGroup, message: () => string) => void;
}

/** The form to draft, revise, submit or withdraw a proposal, loading what it needs first. */
export function ProposalEditor(
  props: EditorCallbacks & { target: EditorTarget; campaignId: string; unitId: string; backHref: string },
) {
  const t = () => strings().editor;
  return (
    <section class="editor" aria-labelledby="editor-heading">
      <A href={props.backHref} class="back-link">
        {t().back}
      </A>
      <Switch>
        <Match when={props.target.kind === 'edit' && props.target.proposalId} keyed>
          {(proposalId) => <ExistingProposal {...props} proposalId={proposalId} />}
        </Match>
        <Match when={props.target.kind === 'new' && props.target.powerItemId} keyed>
          {(powerItemId) => <NewProposal {...props} powerItemId={powerItemId} />}
        </Match>
        <Match when={true}>
          <h2 id="editor-heading" tabindex="-1" ref={focusOnMount}>{t().addHeading}</h2>
          <ProposalForm {...props} item={null} proposal={null} initial={emptyDraft('ADD')} />
        </Match>
      </Switch>
    </section>
  );
}

function ExistingProposal(props: EditorCallbacks & { proposalId: string; campaignId: string; unitId: string }) {
  const t = () => strings().editor;
  const [result, reexecute] = createQuery({ query: EditProposalQuery, variables: () => ({ id: props.proposalId }) });
  const proposal = () => {
    const node = result.data?.node;
    return node?.__typename === 'Proposal' ? node : undefined;
  };
  return (
    <Loaded
      node={proposal()}
      error={result.error}
      answered={result.data !== undefined}
      retry={() => reexecute({ requestPolicy: 'network-only' })}
    >
      {(p) => (
        <>
          <h2 id="editor-heading" tabindex="-1" ref={focusOnMount}>{t().editHeading}</h2>
          <div class="editor-layout" classList={{ 'with-notes': p().status === 'RETURNED' }}>
            <Show
              when={p().viewerCan.edit}
              fallback={
                <p class="notice">
                  {t().notEditable} <A href={`/proposals/${p().id}`}>{t().workspace}</A>
                </p>
              }
            >
              <ProposalForm
                {...props}
                item={p().powerItem}
                proposal={p()}
                initial={draftOf(p())}
              />
            </Show>
            {/* Beside the form: why it came back, and the discussions with the team. */}
            <Show when={p().status === 'RETURNED'}>
              <ReturnedNotes proposal={p()} />
            </Show>
          </div>
        </>
      )}
    </Loaded>
  );
}

function NewProposal(props: EditorCallbacks & { powerItemId: string; campaignId: string; unitId: string }) {
  const t = () => strings().editor;
  const [result, reexecute] = createQuery({ query: PowerItemQuery, variables: () => ({ id: props.powerItemId }) });
  const item = () => {
    const node = result.data?.node;
    return node?.__typename === 'PowerItem' ? node : undefined;
  };
  return (
    <Loaded
      node={item()}
      error={result.error}
      answered={result.data !== undefined}
      retry={() => reexecute({ requestPolicy: 'network-only' })}
    >
      {(i) => (
        <>
          <h2 id="editor-heading" tabindex="-1" ref={focusOnMount}>{t().newHeading}</h2>
          <ProposalForm {...props} item={i()} proposal={null} initial={emptyDraft(null)} />
        </>
      )}
    </Loaded>
  );
}

/**
 * What the editor loaded by id: the node, a failed request to retry, "not found" (answered without
 * the node) or loading.
 */
function Loaded<Node>(props: {
  node: Node | undefined;
  error: CombinedError | undefined;
  answered: boolean;
  retry: () => void;
  children: (node: Accessor<Node>) => JSX.Element;
}) {
  return (
    <Switch>
      <Match when={props.error}>{(error) => <ErrorNotice error={error()} retry={props.retry} />}</Match>
      <Match when={props.node}>{(node) => props.children(node)}</Match>
      <Match when={props.answered}>
        <p class="notice">{strings().editor.notFound}</p>
      </Match>
      <Match when={true}>
        <p class="notice">{common().loading}</p>
      </Match>
    </Switch>
  );
}

/** Why the reviewers returned it, and the discussions shared with the unit (to read and answer). */
function ReturnedNotes(props: { proposal: Proposal }) {
  const t = () => strings().returned;
  return (
    <aside class="returned-notes-column">
      <section class="returned-notes" aria-labelledby="returned-heading">
        <h3 id="returned-heading">{t().heading}</h3>
        <ReviewRecords records={returnRecords(props.proposal.reviewRecords.nodes)} />
      </section>
      <CommentThreads proposalId={props.proposal.id} presence={[]} composeAnchor={null} onComposeAnchorHandled={() => {}} />
    </aside>
  );
}

const actionChoices: readonly ProposalAction[] = ['CANCEL', 'DELEGATE', 'ENTRUST', 'MERGE', 'ADJUST', 'RETAIN'];
/** The power types in code order (01 行政许可 … 10 其他行政权力), as labels.ts lists them. */
const powerTypeChoices = () => Object.keys(labels().powerType) as PowerType[];
/** The form's fields in reading order: the first with a problem gets the focus. */
const fieldOrder: readonly ProposalField[] = [
  'powerItemId',
  'proposedItemName',
  'powerType',
  'action',
  'targetDistrictIds',
  'mergeIntoItemId',
  'rationale',
  'changeLegalBasis',
];
const fieldId = (field: ProposalField) => `proposal-${field}`;

/** A save refused because someone saved first: their proposal as a form, what differs, what was asked. */
interface StaleSave {
  theirs: ProposalDraft;
  changes: FieldChange<ConflictField>[];
  intent: SaveIntent;
}

function ProposalForm(
  props: EditorCallbacks & {
    item: Item | null;
    proposal: Proposal | null;
    initial: ProposalDraft;
    campaignId: string;
    unitId: string;
  },
) {
  const t = () => strings().editor;
  const [draft, setDraft] = createStore<ProposalDraft>(structuredClone(props.initial));
  const [errors, setErrors] = createSignal<FieldMessages<ProposalField>>({});
  const [saved, setSaved] = createSignal(false);
  const [districts] = createQuery({ query: DistrictsQuery });
  /** The server's limits (Query.textLimits): rationale and basis are free text, for their counters and checks. */
  const textLimits = useTextLimits();
  const freeTextLimit = () => textLimits()?.freeText;
  const [creating, create] = createMutation(CreateProposalMutation);
  const [updating, update] = createMutation(UpdateProposalMutation);
  const transition = createTransition();
  const client = useClient();
  // The proposal as the form last had it from the server: what "my change" is measured against.
  const [base, setBase] = createSignal<ProposalDraft>(structuredClone(props.initial));
  const [conflict, setConflict] = createSignal<StaleSave | null>(null);
  const [sides, setSides] = createSignal<Readonly<Record<string, Side>>>({});
  // The merge target's picker keeps its own choice: a new key shows the one the conflict settled on.
  const [pickerKey, setPickerKey] = createSignal(1);
  const knownItems = new Map<string, ChosenItem>(props.proposal?.mergeIntoItem ? [[props.proposal.mergeIntoItem.id, props.proposal.mergeIntoItem]] : []);
  const saving = () => creating.fetching || updating.fetching || transition.busy();
  // While a conflict is open, its own buttons are the way on.
  const busy = () => saving() || conflict() !== null;
  const returned = () => props.proposal?.status === 'RETURNED';
  const isAdd = () => draft.action === 'ADD';
  const name = () => props.item?.name ?? (draft.proposedItemName.trim() || strings().unnamed);
  const error = (field: ProposalField) => errors()[field];

  function edit<Field extends keyof ProposalDraft>(field: Field, value: ProposalDraft[Field]) {
    setDraft(field, value);
    setSaved(false);
    // A corrected field loses its message at once; the rest stay until the next attempt.
    if (errors()[field]) setErrors(({ [field]: _fixed, ...rest }) => rest);
  }

  function showProblems(messages: FieldMessages<ProposalField>) {
    setErrors(messages);
    const first = fieldOrder.find((field) => messages[field]);
    if (!first) return;
    const element = document.getElementById(fieldId(first));
    // A group of choices (fieldset) focuses its first choice.
    const target = element instanceof HTMLFieldSetElement ? element.querySelector('input') : element;
    target?.focus();
  }

  async function save(intent: SaveIntent) {
    setSaved(false);
    // Read now: once sent, the proposal is active again and the label would change under us.
    const resubmit = returned();
    const problems = proposalProblems(draft, { intent, powerItemId: props.item?.id ?? null, limits: textLimits() });
    const fields = Object.keys(problems) as ProposalField[];
    if (fields.length > 0 || draft.action === null) {
      showProblems(Object.fromEntries(fields.map((field) => [field, problemMessage(problems[field]!)])));
      return;
    }
    setErrors({});
    const content = { ...draft, action: draft.action };

    // Save: create the draft, or revise the existing proposal.
    let current: { id: string; version: number };
    if (props.proposal) {
      const response = await update({ input: updateInput(content, props.proposal.id, props.proposal.version) });
      const outcome = outcomeOf(response, response.data?.updateProposal, 'Proposal');
      if (!outcome.ok) {
        if (!outcome.conflict || !(await openConflict(props.proposal.id, intent))) showProblems(placeProblem(outcome, fieldOrder));
        return;
      }
      current = outcome.value;
      setBase(structuredClone(unwrap(draft)));
    } else {
      const response = await create({ input: createInput(content, props.campaignId, props.item?.id ?? null) });
      const outcome = outcomeOf(response, response.data?.createProposal, 'Proposal');
      if (!outcome.ok) {
        showProblems(placeProblem(outcome, fieldOrder));
        return;
      }
      current = outcome.value;
    }

    if (intent === 'save') {
      if (props.proposal) setSaved(true);
      else {
        const itemName = name();
        props.onCreated(current.id, () => strings().editor.savedDraft(itemName));
      }
      return;
    }

    // Submit: send the saved proposal to the team (again, when it was returned).
    const outcome = await transition.run(current, resubmit ? 'RESUBMIT' : 'SUBMIT');
    if (!outcome.ok) {
      // The draft is saved even though sending failed: keep editing it.
      if (!props.proposal) props.onCreated(current.id, outcome.message);
      // A field of the saved proposal (a delegation without districts) is shown at that field.
      else showProblems(placeProblem(outcome, fieldOrder));
      return;
    }
    const itemName = name();
    props.onDone('inReview', () => (resubmit ? strings().editor.resubmitted(itemName) : strings().editor.submitted(itemName)));
  }

  /**
   * Someone saved the proposal since the form was opened: load it as it is now (the cache, and so
   * the version the next save names, follows) and show the fields that differ, to choose from.
   */
  async function openConflict(proposalId: string, intent: SaveIntent): Promise<boolean> {
    const fresh = await client.query(EditProposalQuery, { id: proposalId }, { requestPolicy: 'network-only' }).toPromise();
    const node = fresh.data?.node;
    if (node?.__typename !== 'Proposal') return false;
    if (node.mergeIntoItem) knownItems.set(node.mergeIntoItem.id, node.mergeIntoItem);
    const theirs = draftOf(node);
    const found = draftConflict(base(), unwrap(draft), theirs);
    setSides(found.sides);
    setConflict({ theirs, changes: found.changes, intent });
    return true;
  }

  /** Settles the conflict: the form as chosen (or as the other saved it), then saves it when asked. */
  function settle(choice: 'chosen' | 'theirs') {
    const stale = conflict();
    if (!stale) return;
    setDraft(choice === 'theirs' ? structuredClone(stale.theirs) : resolveConflict(unwrap(draft), stale.theirs, sides()));
    setBase(structuredClone(stale.theirs));
    setConflict(null);
    setPickerKey((key) => key + 1);
    if (choice === 'chosen') void save(stale.intent);
  }

  const shownValue = (field: ConflictField, value: FieldValue): FieldValue => {
    if (value === null) return null;
    if (field === 'targetDistrictIds') {
      const names = new Map((districts.data?.units ?? []).map((d) => [d.id, d.shortName]));
      return (value as readonly string[]).map((id) => names.get(id) ?? id);
    }
    if (typeof value !== 'string') return value;
    if (field === 'action') return labels().action[value as ProposalAction];
    return field === 'mergeIntoItemId' ? (knownItems.get(value)?.name ?? value) : value;
  };
  const conflictLabels = (): Record<ConflictField, string> => ({
    action: t().action,
    targetDistrictIds: t().districts,
    mergeIntoItemId: t().mergeInto,
    proposedItemName: t().proposedName,
    rationale: t().rationale,
    changeLegalBasis: t().optional(changeBasisLabel(draft.action)),
  });
  const conflictRows = (stale: StaleSave): ConflictRow[] =>
    stale.changes.map((change) => ({
      key: change.field,
      label: conflictLabels()[change.field],
      mine: shownValue(change.field, change.before),
      theirs: shownValue(change.field, change.after),
    }));

  const allDistrictIds = () => districts.data?.units.map((d) => d.id) ?? [];

  return (
    <form
      class="proposal-form"
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        void save('submit');
      }}
    >
      <Show
        when={props.item}
        fallback={
          <div class="form-field">
            <label for={fieldId('proposedItemName')}>{t().proposedName}</label>
            <p class="hint" id={`${fieldId('proposedItemName')}-hint`}>
              {t().proposedNameHint}
            </p>
            <FieldError id={fieldId('proposedItemName')} message={error('proposedItemName')} />
            <input
              id={fieldId('proposedItemName')}
              type="text"
              value={draft.proposedItemName}
              aria-invalid={error('proposedItemName') ? 'true' : undefined}
              aria-describedby={describedBy(fieldId('proposedItemName'), { hint: true, error: error('proposedItemName') })}
              onInput={(event) => edit('proposedItemName', event.currentTarget.value)}
            />
          </div>
        }
      >
        {(item) => (
          <div class="form-field" id={fieldId('powerItemId')} tabindex="-1">
            <span class="label">{t().item}</span>
            <p class="item-summary">
              <strong>{item().name}</strong> <span class="code">{item().basicCode}</span>{' '}
              <span class="muted">{locale() === 'en' ? item().typeNameEn : item().typeNameZh}</span>
            </p>
            <FieldError id={fieldId('powerItemId')} message={error('powerItemId')} />
          </div>
        )}
      </Show>

      <Show when={isAdd()}>
        <Show
          when={props.proposal}
          fallback={
            <div class="form-field">
              <label for={fieldId('powerType')}>{t().powerType}</label>
              <p class="hint" id={`${fieldId('powerType')}-hint`}>
                {t().powerTypeHint}
              </p>
              <FieldError id={fieldId('powerType')} message={error('powerType')} />
              <select
                id={fieldId('powerType')}
                aria-invalid={error('powerType') ? 'true' : undefined}
                aria-describedby={describedBy(fieldId('powerType'), { hint: true, error: error('powerType') })}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  edit('powerType', powerTypeChoices().find((type) => type === value) ?? null);
                }}
              >
                <option value="" selected={draft.powerType === null}>
                  {t().choosePowerType}
                </option>
                <For each={powerTypeChoices()}>
                  {(type) => (
                    <option value={type} selected={draft.powerType === type}>
                      {labels().powerType[type]}
                    </option>
                  )}
                </For>
              </select>
            </div>
          }
        >
          {(proposal) => (
            // Set when the proposal was created: updateProposal cannot change it.
            <div class="form-field">
              <span class="label">{t().powerType}</span>
              <p class="item-summary">{labels().powerType[proposal().powerType]}</p>
              <p class="hint">{t().powerTypeFixed}</p>
            </div>
          )}
        </Show>
      </Show>

      <Show
        when={!isAdd()}
        fallback={
          <div class="form-field">
            <span class="label">{t().action}</span>
            <p>{t().addAction}</p>
          </div>
        }
      >
        <fieldset
          class="form-field choices"
          id={fieldId('action')}
          aria-invalid={error('action') ? 'true' : undefined}
          aria-describedby={describedBy(fieldId('action'), { hint: true, error: error('action') })}
        >
          <legend>{t().action}</legend>
          <p class="hint" id={`${fieldId('action')}-hint`}>
            {t().actionHint}
          </p>
          <FieldError id={fieldId('action')} message={error('action')} />
          <div class="choice-row">
            <For each={actionChoices}>
              {(action) => (
                <label class="choice">
                  <input
                    type="radio"
                    name="action"
                    value={action}
                    checked={draft.action === action}
                    onChange={() => edit('action', action)}
                  />
                  {labels().action[action]}
                </label>
              )}
            </For>
          </div>
        </fieldset>
      </Show>

      <Show when={namesDistricts(draft.action)}>
        <fieldset
          class="form-field choices"
          id={fieldId('targetDistrictIds')}
          aria-invalid={error('targetDistrictIds') ? 'true' : undefined}
          aria-describedby={describedBy(fieldId('targetDistrictIds'), { hint: true, error: error('targetDistrictIds') })}
        >
          <legend>{t().districts}</legend>
          <p class="hint" id={`${fieldId('targetDistrictIds')}-hint`}>
            {t().districtsHint}
          </p>
          <FieldError id={fieldId('targetDistrictIds')} message={error('targetDistrictIds')} />
          <div class="district-grid">
            <For each={districts.data?.units ?? []}>
              {(district) => (
                <label class="choice">
                  <input
                    type="checkbox"
                    value={district.id}
                    checked={draft.targetDistrictIds.includes(district.id)}
                    onChange={(event) =>
                      edit(
                        'targetDistrictIds',
                        event.currentTarget.checked
                          ? [...draft.targetDistrictIds, district.id]
                          : draft.targetDistrictIds.filter((id) => id !== district.id),
                      )
                    }
                  />
                  {district.shortName}
                </label>
              )}
            </For>
          </div>
          <div class="button-row">
            <button type="button" class="quiet" onClick={() => edit('targetDistrictIds', allDistrictIds())}>
              {t().allDistricts}
            </button>
            <button type="button" class="quiet" onClick={() => edit('targetDistrictIds', [])}>
              {t().noDistricts}
            </button>
          </div>
        </fieldset>
      </Show>

      <Show when={draft.action === 'MERGE'}>
        <Show when={pickerKey()} keyed>
        <ItemPicker
          id={fieldId('mergeIntoItemId')}
          label={t().mergeInto}
          hint={t().mergeHint}
          unitId={props.unitId}
          excludeId={props.item?.id ?? null}
          initial={draft.mergeIntoItemId ? (knownItems.get(draft.mergeIntoItemId) ?? null) : null}
          error={error('mergeIntoItemId')}
          onChoose={(item) => {
            if (item) knownItems.set(item.id, item);
            edit('mergeIntoItemId', item?.id ?? null);
          }}
        />
        </Show>
      </Show>

      <div class="form-field">
        <label for={fieldId('rationale')}>{t().rationale}</label>
        <p class="hint" id={`${fieldId('rationale')}-hint`}>
          {t().rationaleHint}
        </p>
        <FieldError id={fieldId('rationale')} message={error('rationale')} />
        <textarea
          id={fieldId('rationale')}
          rows="5"
          value={draft.rationale}
          aria-invalid={error('rationale') ? 'true' : undefined}
          aria-describedby={describedBy(fieldId('rationale'), { hint: true, error: error('rationale'), counter: freeTextLimit() !== undefined })}
          onInput={(event) => edit('rationale', event.currentTarget.value)}
        />
        <CharCounter id={`${fieldId('rationale')}-counter`} text={draft.rationale} limit={freeTextLimit()} />
      </div>

      <div class="form-field">
        <label for={fieldId('changeLegalBasis')}>{t().optional(changeBasisLabel(draft.action))}</label>
        <p class="hint" id={`${fieldId('changeLegalBasis')}-hint`}>
          {t().changeLegalBasisHint}
        </p>
        <FieldError id={fieldId('changeLegalBasis')} message={error('changeLegalBasis')} />
        <textarea
          id={fieldId('changeLegalBasis')}
          rows="3"
          value={draft.changeLegalBasis}
          aria-invalid={error('changeLegalBasis') ? 'true' : undefined}
          aria-describedby={describedBy(fieldId('changeLegalBasis'), { hint: true, error: error('changeLegalBasis'), counter: freeTextLimit() !== undefined })}
          onInput={(event) => edit('changeLegalBasis', event.currentTarget.value)}
        />
        <CharCounter id={`${fieldId('changeLegalBasis')}-counter`} text={draft.changeLegalBasis} limit={freeTextLimit()} />
      </div>

      <FormError message={errors().form} />
      <Show when={conflict()}>
        {(stale) => (
          <ConflictPanel
            heading={t().conflict.heading}
            intro={t().conflict.intro}
            mineLabel={t().conflict.mine}
            theirsLabel={t().conflict.theirs}
            rows={conflictRows(stale())}
            noChange={t().conflict.noChange}
            choice={{ chosen: (key) => sides()[key] ?? 'mine', choose: (key, side) => setSides((now) => ({ ...now, [key]: side })) }}
            actions={
              <>
                <button type="button" class="primary" onClick={() => settle('chosen')}>
                  {t().conflict.save}
                </button>
                <button type="button" onClick={() => settle('theirs')}>
                  {t().conflict.takeTheirs}
                </button>
              </>
            }
          />
        )}
      </Show>
      <p class="form-status" role="status">
        {saving() ? t().saving : saved() ? t().saved : ''}
      </p>
      <div class="button-row">
        <button type="submit" class="primary" disabled={busy()}>
          {returned() ? t().resubmit : t().submit}
        </button>
        <button type="button" disabled={busy()} onClick={() => void save('save')}>
          {returned() ? t().saveRevision : t().saveDraft}
        </button>
        <Show when={props.proposal?.availableTransitions.includes('WITHDRAW') && props.proposal}>
          {(proposal) => <WithdrawButton proposal={proposal()} onDone={props.onDone} />}
        </Show>
        <Show when={props.proposal?.viewerCan.deleteDraft && props.proposal}>
          {(proposal) => <DeleteDraftButton proposal={proposal()} onDone={props.onDone} />}
        </Show>
        <Show when={props.proposal}>
          {(proposal) => (
            <A class="workspace-link" href={`/proposals/${proposal().id}`}>
              {t().workspace}
            </A>
          )}
        </Show>
      </div>
    </form>
  );
}
