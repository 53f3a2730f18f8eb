import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { labels } from '../i18n/labels.ts';
import { formatDateTime, locale } from '../i18n/locale.ts';
import { enumLabel } from './activity-sentence.ts';
import { type LegalityOpinion, opinionNeedsReason, type Transition, transitionNeedsReason, transitionTone } from './decision.ts';
import { DraftForm, DraftText, openDraft } from './draft-form.tsx';
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
              <For each={p().availableTransitions}>
                {(transition) => (
                  <button
                    type="button"
                    class="transition"
                    classList={{ primary: transitionTone(transition) === 'forward' }}
                    data-tone={transitionTone(transition)}
                    disabled={busy()}
                    onClick={() => ws.edit.start({ kind: 'transition', transition, reason: '' })}
                  >
                    {labels().transition[transition]}
                  </button>
                )}
              </For>
            </div>
          </Show>
          </Show>
        }
      >
        {(draft) => (
          <DraftForm label={s().confirm(labels().transition[draft().transition])} submitLabel={s().confirm(labels().transition[draft().transition])}>
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
    step.transition ? labels().transition[step.transition] : s().openConsultation;
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
