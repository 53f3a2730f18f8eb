import { createMutation } from '@urql/solid';
import { createSignal, For, type JSX, Show } from 'solid-js';
import { FormError } from '../forms/form-fields.tsx';
import { outcomeOf } from '../mutation-outcome.ts';
import { type CampaignEvaluation, type EvaluationRow, SendRemindersMutation } from './evaluation-query.ts';
import { strings } from './strings.ts';
import './evaluation.css';

type Participant = CampaignEvaluation['evaluationParticipants'][number];

/** Where a unit's self-evaluation stands: none, a draft, submitted. */
export const selfState = (e: EvaluationRow | undefined) => (e ? e.status : 'NONE');

/**
 * The participating units with their self-evaluation and assessment; `action` adds a cell per unit
 * (the evaluator's assessment form). Shared by the lead office's console and the evaluator's page.
 */
export function Roster(props: { campaign: CampaignEvaluation; selectable?: boolean; selected?: (id: string) => boolean; onSelect?: (id: string, on: boolean) => void; action?: (unit: Participant, assessment: EvaluationRow | undefined) => JSX.Element }) {
  const t = () => strings().roster;
  const of = (unitId: string, kind: 'SELF' | 'THIRD_PARTY') => props.campaign.evaluations.find((e) => e.kind === kind && e.unit?.id === unitId);
  const submitted = () => props.campaign.evaluationParticipants.filter((u) => of(u.id, 'SELF')?.status === 'SUBMITTED').length;
  const stateLabel = (e: EvaluationRow | undefined) => ({ NONE: t().notStarted, DRAFT: t().draft, SUBMITTED: t().submitted })[selfState(e)];
  return (
    <Show when={props.campaign.evaluationParticipants.length > 0} fallback={<p class="notice">{t().empty}</p>}>
      <p class="count">{t().count(submitted(), props.campaign.evaluationParticipants.length)}</p>
      <table class="portal-table evaluation-roster">
        <thead>
          <tr>
            <Show when={props.selectable}>
              <th scope="col" />
            </Show>
            <th scope="col">{t().unit}</th>
            <th scope="col">{t().kind}</th>
            <th scope="col">{t().self}</th>
            <th scope="col">{t().assessment}</th>
            <Show when={props.action}>
              <th scope="col" />
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={props.campaign.evaluationParticipants}>
            {(unit) => (
              <tr>
                <Show when={props.selectable}>
                  <td>
                    <Show when={selfState(of(unit.id, 'SELF')) !== 'SUBMITTED'}>
                      <input
                        type="checkbox"
                        aria-label={t().select(unit.shortName)}
                        checked={props.selected?.(unit.id) ?? false}
                        onChange={(event) => props.onSelect?.(unit.id, event.currentTarget.checked)}
                      />
                    </Show>
                  </td>
                </Show>
                <th scope="row">{unit.shortName}</th>
                <td>{unit.kind === 'DISTRICT' ? t().district : t().department}</td>
                <td data-state={selfState(of(unit.id, 'SELF'))}>{stateLabel(of(unit.id, 'SELF'))}</td>
                <td>{of(unit.id, 'THIRD_PARTY')?.score != null ? strings().assessment.scoreOf(of(unit.id, 'THIRD_PARTY')!.score!) : t().notAssessed}</td>
                <Show when={props.action}>{(action) => <td>{action()(unit, of(unit.id, 'THIRD_PARTY'))}</td>}</Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}

/** 催办: sends the lead office's reminder about the campaign to each unit chosen. */
export function RemindButton(props: { campaignId: string; unitIds: () => string[]; label: string; message: string; onSent: (n: number) => void }) {
  const [state, send] = createMutation(SendRemindersMutation);
  const [problem, setProblem] = createSignal<() => string>();
  return (
    <div class="inline-form">
      <button
        type="button"
        disabled={state.fetching}
        onClick={() => {
          const ids = props.unitIds();
          if (ids.length === 0) {
            setProblem(() => () => strings().roster.nothingSelected);
            return;
          }
          void send({ input: { campaignId: props.campaignId, channel: 'NOTICE', message: props.message, reminders: ids.map((recipientId) => ({ recipientId })) } }).then((response) => {
            const outcome = outcomeOf(response, response.data?.sendReminders, 'RemindersResult');
            if (!outcome.ok) return setProblem(() => outcome.message);
            setProblem(undefined);
            props.onSent(outcome.value.reminders.length);
          });
        }}
      >
        {props.label}
      </button>
      <FormError message={problem()} />
    </div>
  );
}
