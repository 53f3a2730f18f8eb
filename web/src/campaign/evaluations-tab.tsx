import { createSignal, Show } from 'solid-js';
import { closedReason, WithCampaignEvaluation } from '../evaluation/campaign-evaluation.tsx';
import { RemindButton, Roster } from '../evaluation/roster.tsx';
import { strings } from '../evaluation/strings.ts';
import type { ConsoleTabProps } from './console-tab.ts';
import { ExportMenu } from '../exports/export-menu.tsx';

/** 成效评估: who of the participating units has self-evaluated, the evaluator's assessments, and 催办 for the rest. */
export default function EvaluationsTab(props: ConsoleTabProps) {
  const t = () => strings();
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const select = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <section class="evaluation">
      <h2>{t().roster.heading}</h2>
      <ExportMenu list="evaluations" variables={{ campaignId: props.campaign.id }} />
      <WithCampaignEvaluation year={props.campaign.year}>
        {(campaign) => (
          <>
            <Show when={closedReason(campaign)}>{(reason) => <p class="notice">{reason()}</p>}</Show>
            <p class="muted">{t().roster.whoActs}</p>
            <Roster campaign={campaign} selectable selected={(id) => selected().has(id)} onSelect={select} />
            <Show when={campaign.evaluationParticipants.length > 0}>
              <RemindButton
                campaignId={campaign.id}
                unitIds={() => [...selected()]}
                label={t().roster.remind}
                message={t().roster.remindMessage}
                onSent={(n) => {
                  setSelected(new Set<string>());
                  props.announce(() => strings().roster.reminded(n));
                }}
              />
            </Show>
            <h3>{t().assessment.overall}</h3>
            <Show when={campaign.evaluations.find((e) => e.kind === 'THIRD_PARTY' && !e.unit)} fallback={<p class="muted">{t().roster.notAssessed}</p>}>
              {(overall) => (
                <div class="assessment">
                  <p class="score">{t().assessment.scoreOf(overall().score ?? 0)}</p>
                  <p class="wrap">{overall().summary}</p>
                </div>
              )}
            </Show>
          </>
        )}
      </WithCampaignEvaluation>
    </section>
  );
}
