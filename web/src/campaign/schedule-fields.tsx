import { For } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { stages, type Windows } from './schedule.ts';
import type { Department } from './overview-query.ts';
import { strings } from './strings.ts';

/** Every stage's opening day and deadline, one row per stage, for the create and schedule forms. */
export function ScheduleFields(props: { idPrefix: string; windows: Windows; setWindows: SetStoreFunction<Windows> }) {
  const t = () => strings().schedule;
  return (
    <table class="portal-table schedule-fields">
      <caption>{t().caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t().stageColumn}</th>
          <th scope="col">{t().opensOn}</th>
          <th scope="col">{t().deadline}</th>
        </tr>
      </thead>
      <tbody>
        <For each={stages}>
          {(stage) => (
            <tr>
              <th scope="row">{t().stages[stage]}</th>
              <td>
                <input
                  type="date"
                  id={`${props.idPrefix}-${stage}-opens`}
                  aria-label={t().opensOnOf(t().stages[stage])}
                  value={props.windows[`${stage}OpensOn`]}
                  onInput={(event) => props.setWindows(`${stage}OpensOn`, event.currentTarget.value)}
                />
              </td>
              <td>
                <input
                  type="date"
                  id={`${props.idPrefix}-${stage}-deadline`}
                  aria-label={t().deadlineOf(t().stages[stage])}
                  value={props.windows[`${stage}Deadline`]}
                  onInput={(event) => props.setWindows(`${stage}Deadline`, event.currentTarget.value)}
                />
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

/** The departments taking part, as checkboxes with select-all and select-none. */
export function UnitChoices(props: { departments: readonly Department[]; chosen: ReadonlySet<string>; onChange: (chosen: Set<string>) => void }) {
  const t = () => strings().units;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(props.chosen);
    if (on) next.add(id);
    else next.delete(id);
    props.onChange(next);
  };
  return (
    <fieldset class="form-field unit-choices">
      <legend>{t().legend}</legend>
      <p class="hint">{t().hint}</p>
      <div class="unit-choice-actions">
        <button type="button" onClick={() => props.onChange(new Set(props.departments.map((d) => d.id)))}>
          {t().all}
        </button>
        <button type="button" onClick={() => props.onChange(new Set())}>
          {t().none}
        </button>
        <span class="muted" role="status">
          {t().chosen(props.chosen.size)}
        </span>
      </div>
      <div class="unit-choice-list">
        <For each={props.departments}>
          {(department) => (
            <label class="choice">
              <input type="checkbox" checked={props.chosen.has(department.id)} onChange={(event) => toggle(department.id, event.currentTarget.checked)} />
              {department.shortName}
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
