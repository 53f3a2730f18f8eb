import { createMutation } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { FormError } from '../forms/form-fields.tsx';
import { formatDateTime } from '../i18n/locale.ts';
import { outcomeOf } from '../mutation-outcome.ts';
import { closedReason, WithEvaluatedCampaign } from './campaign-evaluation.tsx';
import { type CampaignEvaluation, SaveSelfEvaluationMutation, SubmitSelfEvaluationMutation } from './evaluation-query.ts';
import { strings } from './strings.ts';
import './evaluation.css';

const parts = ['results', 'applicantChanges', 'problems', 'suggestions'] as const;
type Part = (typeof parts)[number];

/** 成效评估 for a department or a district: its self-evaluation form and the evaluator's assessment of it. */
export function SelfEvaluationPanel(props: { onDone: (message: () => string) => void }) {
  return (
    <section class="evaluation">
      <WithEvaluatedCampaign>{(campaign, reload) => <SelfEvaluation campaign={campaign} reload={reload} onDone={props.onDone} />}</WithEvaluatedCampaign>
    </section>
  );
}

function SelfEvaluation(props: { campaign: CampaignEvaluation; reload: () => void; onDone: (message: () => string) => void }) {
  const t = () => strings();
  const own = () => props.campaign.evaluations.find((e) => e.kind === 'SELF');
  const assessment = () => props.campaign.evaluations.find((e) => e.kind === 'THIRD_PARTY');
  return (
    <>
      <Show when={closedReason(props.campaign)}>{(reason) => <p class="notice">{reason()}</p>}</Show>
      <h3>{t().form.heading}</h3>
      <Show
        when={props.campaign.evaluationWindow.open && own()?.status !== 'SUBMITTED' && props.campaign.evaluationWindow.canSelfEvaluate}
        fallback={<SubmittedEvaluation campaign={props.campaign} />}
      >
        <EvaluationForm campaign={props.campaign} reload={props.reload} onDone={props.onDone} />
      </Show>
      <h3>{t().assessment.heading}</h3>
      <Show when={assessment()} fallback={<p class="muted">{t().assessment.none}</p>}>
        {(a) => (
          <div class="assessment">
            <p class="score">{t().assessment.scoreOf(a().score ?? 0)}</p>
            <p class="wrap">{a().summary}</p>
          </div>
        )}
      </Show>
    </>
  );
}

function SubmittedEvaluation(props: { campaign: CampaignEvaluation }) {
  const t = () => strings().form;
  const own = () => props.campaign.evaluations.find((e) => e.kind === 'SELF');
  return (
    <Show
      when={own()}
      fallback={<p class="muted">{props.campaign.evaluationWindow.canSelfEvaluate ? '' : t().cannotWrite}</p>}
    >
      {(e) => (
        <>
          <p class="muted">{e().submittedAt ? t().final(formatDateTime(e().submittedAt!)) : t().draft}</p>
          <dl class="evaluation-parts">
            <For each={parts}>
              {(part) => (
                <>
                  <dt>{t()[part]}</dt>
                  <dd class="wrap">{e()[part] ?? '—'}</dd>
                </>
              )}
            </For>
          </dl>
        </>
      )}
    </Show>
  );
}

function EvaluationForm(props: { campaign: CampaignEvaluation; reload: () => void; onDone: (message: () => string) => void }) {
  const t = () => strings().form;
  const own = () => props.campaign.evaluations.find((e) => e.kind === 'SELF');
  const [draft, setDraft] = createStore<Record<Part, string>>({
    results: own()?.results ?? props.campaign.selfEvaluationPrefill ?? '',
    applicantChanges: own()?.applicantChanges ?? '',
    problems: own()?.problems ?? '',
    suggestions: own()?.suggestions ?? '',
  });
  const [problem, setProblem] = createSignal<() => string>();
  const [saving, save] = createMutation(SaveSelfEvaluationMutation);
  const [submitting, submit] = createMutation(SubmitSelfEvaluationMutation);

  async function saveDraft(): Promise<{ id: string; version: number } | null> {
    const response = await save({ input: { campaignId: props.campaign.id, ...draft, ...(own() ? { expectedVersion: own()!.version } : {}) } });
    const outcome = outcomeOf(response, response.data?.saveSelfEvaluation, 'Evaluation');
    if (!outcome.ok) {
      setProblem(() => outcome.message);
      if (outcome.conflict) props.reload();
      return null;
    }
    setProblem(undefined);
    return outcome.value;
  }

  return (
    <form
      class="evaluation-form"
      onSubmit={(event) => {
        event.preventDefault();
        void (async () => {
          const saved = await saveDraft();
          if (!saved) return;
          const response = await submit({ input: { evaluationId: saved.id, expectedVersion: saved.version } });
          const outcome = outcomeOf(response, response.data?.submitSelfEvaluation, 'Evaluation');
          if (!outcome.ok) {
            setProblem(() => outcome.message);
            props.reload();
            return;
          }
          props.onDone(() => t().submitted);
          props.reload();
        })();
      }}
    >
      <p class="muted">{own() ? t().draft : ''}</p>
      <For each={parts}>
        {(part) => (
          <label class="field">
            <span>{t()[part]}</span>
            <textarea rows={4} value={draft[part]} onInput={(event) => setDraft(part, event.currentTarget.value)} />
            <Show when={part === 'results'}>
              <small class="muted">{t().resultsHint}</small>
            </Show>
          </label>
        )}
      </For>
      <FormError message={problem()} />
      <div class="form-actions">
        <button
          type="button"
          disabled={saving.fetching || submitting.fetching}
          onClick={() =>
            void saveDraft().then((saved) => {
              if (!saved) return;
              props.onDone(() => t().saved);
              props.reload();
            })
          }
        >
          {t().save}
        </button>
        <button type="submit" class="primary" disabled={saving.fetching || submitting.fetching}>
          {t().submit}
        </button>
      </div>
    </form>
  );
}
