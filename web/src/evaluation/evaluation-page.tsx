import { createMutation } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { FormError } from '../forms/form-fields.tsx';
import { PortalPage } from '../forms/portal.tsx';
import { outcomeOf } from '../mutation-outcome.ts';
import { closedReason, WithEvaluatedCampaign } from './campaign-evaluation.tsx';
import { type CampaignEvaluation, type EvaluationRow, RecordAssessmentMutation } from './evaluation-query.ts';
import { Roster } from './roster.tsx';
import { strings } from './strings.ts';
import './evaluation.css';

/** 成效评估 for the third-party evaluator: the participants' self-evaluations and an assessment of each, and of the whole. */
export default function EvaluationPage() {
  const [notice, setNotice] = createSignal<() => string>();
  return (
    <PortalPage area="evaluation" role="OBSERVER" heading={strings().heading} refusal={strings().notObserver}>
      {() => (
        <>
          <div class="page-heading">
            <h1>{strings().heading}</h1>
          </div>
          <p class="portal-notice" role="status">
            {notice()?.()}
          </p>
          <section class="evaluation">
            <WithEvaluatedCampaign>
              {(campaign, reload) => {
                const done = (message: () => string) => (setNotice(() => message), reload());
                const open = () => campaign.evaluationWindow.open && campaign.evaluationWindow.canAssess;
                return (
                  <>
                    <Show when={closedReason(campaign)}>{(reason) => <p class="notice">{reason()}</p>}</Show>
                    <Roster
                      campaign={campaign}
                      action={(unit, assessment) => (
                        <Show when={open()}>
                          <AssessmentForm campaign={campaign} unitId={unit.id} unitName={unit.shortName} assessment={assessment} onDone={done} />
                        </Show>
                      )}
                    />
                    <h2>{strings().assessment.overall}</h2>
                    <Show when={open()} fallback={<p class="wrap">{campaign.evaluations.find((e) => e.kind === 'THIRD_PARTY' && !e.unit)?.summary}</p>}>
                      <AssessmentForm
                        campaign={campaign}
                        unitId={null}
                        unitName={strings().assessment.overall}
                        assessment={campaign.evaluations.find((e) => e.kind === 'THIRD_PARTY' && !e.unit)}
                        onDone={done}
                      />
                    </Show>
                  </>
                );
              }}
            </WithEvaluatedCampaign>
          </section>
        </>
      )}
    </PortalPage>
  );
}

/** The evaluator's score and text for one unit (or the whole campaign when `unitId` is null). */
function AssessmentForm(props: {
  campaign: CampaignEvaluation;
  unitId: string | null;
  unitName: string;
  assessment: EvaluationRow | undefined;
  onDone: (message: () => string) => void;
}) {
  const t = () => strings().assessment;
  const [score, setScore] = createSignal(props.assessment?.score ?? 3);
  const [summary, setSummary] = createSignal(props.assessment?.summary ?? '');
  const [problem, setProblem] = createSignal<() => string>();
  const [state, record] = createMutation(RecordAssessmentMutation);
  const id = (part: string) => `assess-${props.unitId ?? 'overall'}-${part}`;
  return (
    <form
      class="inline-form"
      aria-label={t().recordFor(props.unitName)}
      onSubmit={(event) => {
        event.preventDefault();
        void record({
          input: {
            campaignId: props.campaign.id,
            ...(props.unitId ? { unitId: props.unitId } : {}),
            score: score(),
            summary: summary(),
            ...(props.assessment ? { expectedVersion: props.assessment.version } : {}),
          },
        }).then((response) => {
          const outcome = outcomeOf(response, response.data?.recordAssessment, 'Evaluation');
          if (!outcome.ok) return setProblem(() => outcome.message);
          setProblem(undefined);
          props.onDone(() => strings().assessment.recorded(props.unitName));
        });
      }}
    >
      <label class="field" for={id('score')}>
        <span>{t().score}</span>
        <input id={id('score')} type="number" min="1" max="5" value={score()} onInput={(e) => setScore(Number(e.currentTarget.value))} />
      </label>
      <label class="field" for={id('summary')}>
        <span>{t().summary}</span>
        <textarea id={id('summary')} rows={2} value={summary()} onInput={(e) => setSummary(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={state.fetching}>
        {t().record}
      </button>
      <FormError message={problem()} />
    </form>
  );
}
