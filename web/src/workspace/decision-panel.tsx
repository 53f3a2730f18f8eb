import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { labels, transitionLabel } from '../i18n/labels.ts';
import { formatDateTime, locale } from '../i18n/locale.ts';
import { enumLabel } from './activity-sentence.ts';
import {
  type LegalityOpinion,
  opinionNeedsReason,
  orderTransitions,
  type Transition,
  transitionNeedsConfirmation,
  transitionNeedsReason,
  transitionTone,
} from './decision.ts';
import { DraftForm, DraftText, FieldMessage, openDraft } from './draft-form.tsx';
import { OpenConsultationForm } from './open-consultation.tsx';
import { workspaceStrings as t } from './strings.ts';
import { useWorkspace } from './workspace-context.ts';

const opinions: readonly LegalityOpinion[] = ['LAWFUL', 'LAWFUL_WITH_CONDITIONS', 'UNLAWFUL'];

/**
 * What the signed-in person may do with the proposal now: exactly the transitions the server
 * offers them, each confirmed in place (with its reason where one is required), and at the legality
 * review the justice bureau's opinion.
 */
export function DecisionPanel() {
  const ws = useWorkspace();
  const s = () => t().decision;
  const p = () => ws.proposal();
  const busy = () => ws.edit.editing() !== null || ws.snapshot() === undefined;
  const transitionDraft = () => openDraft(ws, 'transition');
  const legalityDraft = () => openDraft(ws, 'legality');
  const [consulting, setConsulting] = createSignal(false);
  // Read from the open draft, not the form's own accessor: the dialog outlives a closing draft by a tick.
  const confirmQuestion = () => {
    const draft = transitionDraft();
    return draft && transitionNeedsConfirmation(draft.transition) ? s().confirmTitle(transitionLabel(draft.transition, p().stage)) : undefined;
  };
  const canOpenConsultation = () => p().nextSteps.some((step) => step.kind === 'OPEN_CONSULTATION' && step.available);

  return (
    <section class="card decision" aria-labelledby="decision-heading">
      <h2 id="decision-heading">{s().heading}</h2>

      <Show
        when={transitionDraft()}
        fallback={
          <Show when={!consulting()} fallback={<OpenConsultationForm onClose={() => setConsulting(false)} />}>
          <Show when={p().availableTransitions.length > 0 || canOpenConsultation()} fallback={<Waiting />}>
            <div class="transitions">
              <Show when={canOpenConsultation()}>
                <button type="button" class="transition primary" data-tone="forward" disabled={busy()} onClick={() => setConsulting(true)}>
                  {s().openConsultation}
                </button>
              </Show>
              <For each={orderTransitions(p().availableTransitions)}>
                {(transition) => (
                  <button
                    type="button"
                    class="transition"
                    classList={{ primary: transitionTone(transition) === 'forward' }}
                    data-tone={transitionTone(transition)}
                    disabled={busy()}
                    onClick={() =>
                      ws.edit.start({
                        kind: 'transition',
                        transition,
                        reason: '',
                        // Approving a delegation the districts were asked about: every district that agreed, to narrow.
                        ...(transition === 'APPROVE' && p().approvableDistrictIds.length > 0 ? { districtIds: p().approvableDistrictIds } : {}),
                      })
                    }
                  >
                    {transitionLabel(transition, p().stage)}
                  </button>
                )}
              </For>
            </div>
          </Show>
          </Show>
        }
      >
        {(draft) => (
          <DraftForm
            label={s().confirm(transitionLabel(draft().transition, p().stage))}
            submitLabel={s().confirm(transitionLabel(draft().transition, p().stage))}
            confirm={confirmQuestion()}
          >
            <Show when={transitionDraft()?.districtIds}>{(chosen) => <ApprovalDistricts chosen={chosen()} />}</Show>
            <DraftText
              field="reason"
              label={transitionNeedsReason(draft().transition) ? s().reason : s().reasonOptional}
              required={transitionNeedsReason(draft().transition)}
              value={draft().reason}
              onInput={(reason) => ws.edit.change({ ...draft(), reason })}
            />
          </DraftForm>
        )}
      </Show>

      <Show when={p().viewerCan.recordOpinion || legalityDraft()}>
        <h3>{s().legalityHeading}</h3>
        <Show
          when={legalityDraft()}
          fallback={
            <button type="button" disabled={busy()} onClick={() => ws.edit.start({ kind: 'legality', opinion: 'LAWFUL', reason: '' })}>
              {s().recordOpinion}
            </button>
          }
        >
          {(draft) => <OpinionForm draft={draft()} />}
        </Show>
      </Show>

      <h3>{s().recordsHeading}</h3>
      <Show when={ws.deliberation()}>
        {(deliberation) => (
          <>
            <Show when={deliberation().reviewRecords.pageInfo.hasPreviousPage}>
              <p class="muted">{s().earlierRecords}</p>
            </Show>
            <ol class="records">
              <For each={deliberation().reviewRecords.nodes} fallback={<li class="muted">{s().noRecords}</li>}>
                {(record) => (
                  <li>
                    <div class="record-line">
                      <span>
                        {enumLabel(labels().stage, record.stage)} ·{' '}
                        <strong class="verdict" data-verdict={record.verdict}>
                          {labels().verdict[record.verdict]}
                        </strong>
                      </span>
                      <time class="muted small" dateTime={record.createdAt}>
                        {formatDateTime(record.createdAt)}
                      </time>
                    </div>
                    <span class="muted small">{t().person(record.reviewer.displayName, record.reviewer.unit.shortName)}</span>
                    <Show when={record.reason}>{(reason) => <p class="prose">{reason()}</p>}</Show>
                  </li>
                )}
              </For>
            </ol>
          </>
        )}
      </Show>
    </section>
  );
}

/**
 * Nothing for the viewer to do: what would move the proposal on, who must do it and why it is not
 * theirs now (the server's nextSteps), so the page is never a dead end.
 */
function Waiting() {
  const ws = useWorkspace();
  const s = () => t().decision;
  const zh = () => locale() === 'zh-CN';
  const waiting = () => ws.proposal().nextSteps.filter((step) => !step.available);
  const name = (step: { kind: string; transition: Transition | null }) =>
    step.transition ? transitionLabel(step.transition, ws.proposal().stage) : s().openConsultation;
  return (
    <>
      <p class="muted">{s().none}</p>
      <Show when={waiting().length > 0}>
        <h3>{s().waitingHeading}</h3>
        <ul class="next-steps">
          <For each={waiting()}>
            {(step) => (
              <li>
                <strong>{name(step)}</strong>{' '}
                <span class="muted">{(zh() ? step.reasonZh : step.reasonEn) ?? (zh() ? step.actorZh : step.actorEn)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}

/** 合法 / 附条件合法 / 不合法, and the reason the last two need. */
function OpinionForm(props: { draft: { kind: 'legality'; opinion: LegalityOpinion; reason: string } }) {
  const ws = useWorkspace();
  const s = () => t().decision;
  const name = createUniqueId();
  return (
    <DraftForm label={s().legalityHeading} submitLabel={s().submitOpinion}>
      <fieldset class="choices">
        <legend>{s().opinion}</legend>
        <For each={opinions}>
          {(opinion) => (
            <label>
              <input
                type="radio"
                name={name}
                value={opinion}
                checked={props.draft.opinion === opinion}
                onChange={() => ws.edit.change({ ...props.draft, opinion })}
              />
              {labels().legality[opinion]}
            </label>
          )}
        </For>
      </fieldset>
      <DraftText
        field="reason"
        label={opinionNeedsReason(props.draft.opinion) ? s().reason : s().reasonOptional}
        required={opinionNeedsReason(props.draft.opinion)}
        value={props.draft.reason}
        onInput={(reason) => ws.edit.change({ ...props.draft, reason })}
      />
    </DraftForm>
  );
}

/**
 * Next to 批准: the districts' answers in the latest consultation (agree / with conditions / disagree,
 * with the conditions), each agreeing district a checkbox to approve the delegation for. Which
 * districts may be chosen is the server's answer (approvableDistrictIds).
 */
function ApprovalDistricts(props: { chosen: readonly string[] }) {
  const ws = useWorkspace();
  const s = () => t().decision;
  const feedback = () => ws.deliberation()?.consultations.nodes[0]?.feedback ?? [];
  const count = (stance: string | null) => feedback().filter((f) => f.stance === stance).length;
  const approvable = () => new Set(ws.proposal().approvableDistrictIds);
  const toggle = (id: string, on: boolean) => {
    const draft = openDraft(ws, 'transition');
    if (draft) ws.edit.change({ ...draft, districtIds: on ? [...props.chosen, id] : props.chosen.filter((chosen) => chosen !== id) });
  };
  const messageId = createUniqueId();
  return (
    <section class="approval-summary" aria-label={s().approvalHeading}>
      <h3>{s().approvalHeading}</h3>
      <p>{s().approvalCounts(count('AGREE'), count('AGREE_WITH_CONDITIONS'), count('DISAGREE'), count(null))}</p>
      <fieldset class="choices" aria-describedby={messageId}>
        <legend>{s().approveFor}</legend>
        <For each={feedback()}>
          {(f) => (
            <div class="approval-district" data-stance={f.stance ?? 'NONE'}>
              <label>
                <input
                  type="checkbox"
                  checked={props.chosen.includes(f.district.id)}
                  disabled={!approvable().has(f.district.id)}
                  onChange={(event) => toggle(f.district.id, event.currentTarget.checked)}
                />
                <strong>{f.district.shortName}</strong> · {f.stance ? labels().stance[f.stance] : s().notAnswered}
              </label>
              <Show when={f.stance === 'AGREE_WITH_CONDITIONS' && (f.comments ?? f.capacityNotes)}>
                {(conditions) => (
                  <p class="muted small">
                    {s().conditions}：{conditions()}
                  </p>
                )}
              </Show>
            </div>
          )}
        </For>
      </fieldset>
      <FieldMessage id={messageId} field="districtIds" />
    </section>
  );
}
