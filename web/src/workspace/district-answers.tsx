import { For, Show } from 'solid-js';
import { labels } from '../i18n/labels.ts';
import { formatDateTime } from '../i18n/locale.ts';
import { createRecentChanges } from './recent-changes.ts';
import { workspaceStrings as t } from './strings.ts';
import { type Deliberation, useWorkspace } from './workspace-context.ts';

type Consultation = Deliberation['consultations']['nodes'][number];
type Feedback = Consultation['feedback'][number];

const needs = ['capacityNotes', 'staffingNeeds', 'systemsNeeds', 'trainingNeeds', 'fundingNeeds', 'comments'] as const;

/**
 * 征求意见: each consultation round (newest first) with every district's stance and what it needs to
 * take the power over, and the districts that have not answered yet.
 */
export function DistrictAnswers() {
  const ws = useWorkspace();
  const s = () => t().districts;
  const consultations = () => ws.deliberation()?.consultations.nodes;
  const changedAnswer = createRecentChanges(() => {
    const list = consultations();
    return list && new Map(list.flatMap((c) => c.feedback.map((f) => [f.id, `${f.stance}:${f.respondedAt}`] as const)));
  });

  return (
    <section class="card" aria-labelledby="districts-heading">
      <h2 id="districts-heading">{s().heading}</h2>
      <Show when={consultations()}>
        {(list) => (
          <For each={list()} fallback={<p class="muted">{s().notConsulted}</p>}>
            {(consultation, index) => (
              <div class="consultation">
                <h3>
                  {s().round(list().length - index())}{' '}
                  <span class="status" data-status={consultation.status}>
                    · {labels().consultationStatus[consultation.status]}
                  </span>
                </h3>
                <p class="muted small">
                  {s().openedBy(consultation.openedBy.displayName)} · <time dateTime={consultation.createdAt}>{formatDateTime(consultation.createdAt)}</time>
                  {' · '}
                  {s().deadline} <time dateTime={consultation.deadline}>{formatDateTime(consultation.deadline)}</time>
                  <Show when={consultation.deadlinePassed && consultation.status === 'OPEN'}>
                    {' · '}
                    <span class="overdue">{s().deadlinePassed}</span>
                  </Show>
                </p>
                <p>
                  <strong>{s().answered(consultation.answeredCount, consultation.consultedCount)}</strong>
                </p>
                {/* 各区均已答复 only when every unit asked has answered, not just those this viewer may see. */}
                <Show when={consultation.missingDistricts.length > 0}>
                  <p class="missing">{s().missing(consultation.missingDistricts.map((d) => d.shortName))}</p>
                </Show>
                <Show when={consultation.everyoneAnswered}>
                  <p class="muted">{s().allAnswered}</p>
                </Show>
                <ul class="answers">
                  {/* Districts yet to answer are named above. */}
                  <For each={consultation.feedback.filter((f) => f.stance !== null)}>
                    {(feedback) => <Answer feedback={feedback} changed={changedAnswer(feedback.id)} />}
                  </For>
                </ul>
              </div>
            )}
          </For>
        )}
      </Show>
    </section>
  );
}

function Answer(props: { feedback: Feedback; changed: boolean }) {
  const s = () => t().districts;
  const f = () => props.feedback;
  return (
    <li classList={{ changed: props.changed }}>
      <div class="answer-line">
        <span>
          <strong>{f().district.shortName}</strong>
          <Show when={f().stance}>
            {(stance) => (
              <span class="stance" data-stance={stance()}>
                {labels().stance[stance()]}
              </span>
            )}
          </Show>
        </span>
        <Show when={f().respondedAt}>
          {(at) => (
            <time class="muted small" dateTime={at()}>
              {formatDateTime(at())}
            </time>
          )}
        </Show>
      </div>
      <dl class="needs">
        <For each={needs.filter((need) => f()[need])}>
          {(need) => (
            <>
              <dt>{s()[need]}</dt>
              <dd>{f()[need]}</dd>
            </>
          )}
        </For>
      </dl>
    </li>
  );
}
