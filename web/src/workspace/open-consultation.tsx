import { useClient } from '@urql/solid';
import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { outcomeOf } from '../mutation-outcome.ts';
import { workspaceStrings as t } from './strings.ts';
import { useWorkspace } from './workspace-context.ts';
import { OpenConsultationMutation } from './workspace-query.ts';

/** A date input's value (YYYY-MM-DD, local) `days` from today. */
function localDateIn(days: number): string {
  const day = new Date();
  day.setDate(day.getDate() + days);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/** Answers are due by the end of the chosen day, in the browser's time zone. */
const endOfDay = (date: string): Date => new Date(`${date}T23:59:59`);

/** The consultation's usual time for answers: two weeks. */
const defaultDays = 14;

/**
 * 征求意见: the coordinator puts the proposal to its districts (by default all its target districts)
 * with a deadline, through `openConsultation`. The server decides whether it may; the form only
 * checks what it can see (a district chosen, a deadline after today).
 */
export function OpenConsultationForm(props: { onClose: () => void }) {
  const ws = useWorkspace();
  const client = useClient();
  const s = () => t().decision;
  const id = createUniqueId();
  const [districtIds, setDistrictIds] = createSignal<readonly string[]>(ws.proposal().targetDistricts.map((d) => d.id));
  const [deadline, setDeadline] = createSignal(localDateIn(defaultDays));
  const [sending, setSending] = createSignal(false);
  const [problem, setProblem] = createSignal<(() => string) | null>(null);

  const toggle = (districtId: string, checked: boolean) =>
    setDistrictIds((chosen) => (checked ? [...chosen, districtId] : chosen.filter((chosenId) => chosenId !== districtId)));

  async function submit() {
    if (districtIds().length === 0) return setProblem(() => () => s().chooseDistrict);
    const due = endOfDay(deadline());
    if (Number.isNaN(due.getTime()) || due.getTime() <= Date.now()) return setProblem(() => () => s().chooseDeadline);
    setProblem(null);
    setSending(true);
    const input = { proposalId: ws.proposal().id, deadline: due.toISOString(), districtIds: [...districtIds()] };
    const result = await client.mutation(OpenConsultationMutation, { input }).toPromise();
    setSending(false);
    const outcome = outcomeOf(result, result.data?.openConsultation, 'Consultation');
    if (outcome.ok) props.onClose();
    else setProblem(() => outcome.message);
  }

  return (
    <form
      class="draft-form"
      aria-label={s().openConsultation}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset class="choices">
        <legend>{s().consultDistricts}</legend>
        <For each={ws.proposal().targetDistricts}>
          {(district) => (
            <label>
              <input
                type="checkbox"
                value={district.id}
                checked={districtIds().includes(district.id)}
                onChange={(event) => toggle(district.id, event.currentTarget.checked)}
              />
              {district.shortName}
            </label>
          )}
        </For>
      </fieldset>
      <div class="form-field">
        <label for={id}>{s().deadline}</label>
        <input id={id} type="date" required min={localDateIn(1)} value={deadline()} onInput={(event) => setDeadline(event.currentTarget.value)} />
      </div>
      <Show when={problem()}>
        {(message) => (
          <p class="form-error" role="alert">
            {message()()}
          </p>
        )}
      </Show>
      <div class="form-buttons">
        <button type="submit" class="primary" disabled={sending()}>
          {sending() ? t().submitting : s().sendConsultation}
        </button>
        <button type="button" disabled={sending()} onClick={() => props.onClose()}>
          {t().cancel}
        </button>
      </div>
    </form>
  );
}
