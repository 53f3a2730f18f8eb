import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { labels } from '../i18n/labels.ts';
import {
  actionValues,
  isFiltered,
  maxSearchLength,
  noFilters,
  orderValues,
  parseQueueQuery,
  powerTypeValues,
  queueViewQuery,
  type QueueView,
  stageValues,
  statusValues,
  unclassified,
} from './queue-url.ts';
import { SavedViewsMenu } from './saved-views.tsx';
import { strings } from './strings.ts';
import { assignable, type ClassificationOption, classificationLabel, type TeamMember } from './team.ts';

/** How long typing pauses before the search applies. */
const searchDelayMs = 300;
/** The select's value for "not classified yet" (an option's value cannot be told apart from "any" when empty). */
const unclassifiedOption = '_none';

export type UpdateView = (change: Partial<QueueView>, options?: { replace?: boolean }) => void;

/** The queue's filter bar. Every change goes to the address (see queue-url.ts); the list follows it. */
export function QueueFilters(props: {
  view: QueueView;
  update: UpdateView;
  departments: readonly { id: string; shortName: string; name: string }[];
  classificationOptions: readonly ClassificationOption[];
  /** The team, for the assignee filter; undefined when the viewer may not list it. */
  team: readonly TeamMember[] | undefined;
  /** Whether "assigned to me" means anything for the viewer (reviewers and legal reviewers). */
  showMine: boolean;
}) {
  const t = () => strings().filters;
  const assignees = () => assignable(props.team ?? []);
  const assigneeKnown = () => props.view.assigneeId === null || assignees().some((m) => m.id === props.view.assigneeId);

  return (
    <form class="queue-filters" aria-label={t().label} role="search" onSubmit={(event) => event.preventDefault()}>
      <SavedViewsMenu current={queueViewQuery(props.view)} apply={(filter) => props.update(parseQueueQuery(filter))} />
      <SearchField value={props.view.search} onSearch={(search) => props.update({ search }, { replace: true })} />
      <FilterMenu
        label={t().stage}
        values={stageValues}
        chosen={props.view.stages}
        labelOf={(value) => labels().stage[value]}
        onChange={(stages) => props.update({ stages })}
      />
      <FilterMenu
        label={t().status}
        values={statusValues}
        chosen={props.view.statuses}
        labelOf={(value) => labels().status[value]}
        onChange={(statuses) => props.update({ statuses })}
      />
      <FilterMenu
        label={t().action}
        values={actionValues}
        chosen={props.view.actions}
        labelOf={(value) => labels().action[value]}
        onChange={(actions) => props.update({ actions })}
      />
      <FilterMenu
        label={t().powerType}
        values={powerTypeValues}
        chosen={props.view.powerTypes}
        labelOf={(value) => labels().powerType[value]}
        onChange={(powerTypes) => props.update({ powerTypes })}
      />
      <label class="field">
        <span>{t().department}</span>
        <select onChange={(event) => props.update({ unitId: event.currentTarget.value || null })}>
          <option value="">{t().any}</option>
          <For each={props.departments}>
            {(unit) => (
              <option value={unit.id} selected={unit.id === props.view.unitId}>
                {unit.shortName}
              </option>
            )}
          </For>
        </select>
      </label>
      <label class="field">
        <span>{t().classification}</span>
        <select
          onChange={(event) => {
            const value = event.currentTarget.value;
            props.update({ classification: value === '' ? null : value === unclassifiedOption ? unclassified : value });
          }}
        >
          <option value="">{t().any}</option>
          <option value={unclassifiedOption} selected={props.view.classification === unclassified}>
            {t().unclassified}
          </option>
          <For each={props.classificationOptions}>
            {(option) => (
              <option value={option.code} selected={option.code === props.view.classification}>
                {classificationLabel(option)}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={props.team !== undefined || props.view.assigneeId !== null}>
        <label class="field">
          <span>{t().assignee}</span>
          <select disabled={props.view.mine} onChange={(event) => props.update({ assigneeId: event.currentTarget.value || null })}>
            <option value="">{t().any}</option>
            <For each={assignees()}>
              {(member) => (
                <option value={member.id} selected={member.id === props.view.assigneeId}>
                  {member.displayName}
                </option>
              )}
            </For>
            <Show when={!assigneeKnown()}>
              <option value={props.view.assigneeId!} selected>
                {t().unknownPerson}
              </option>
            </Show>
          </select>
        </label>
      </Show>
      <Show when={props.showMine || props.view.mine}>
        <label class="check">
          <input type="checkbox" checked={props.view.mine} onChange={(event) => props.update({ mine: event.currentTarget.checked })} />
          {t().mine}
        </label>
      </Show>
      <label class="check">
        <input
          type="checkbox"
          checked={props.view.unansweredPublicComments}
          onChange={(event) => props.update({ unansweredPublicComments: event.currentTarget.checked })}
        />
        {t().unansweredPublicComments}
      </label>
      <label class="field">
        <span>{t().sort}</span>
        <select onChange={(event) => props.update({ order: event.currentTarget.value as QueueView['order'] })}>
          <For each={orderValues}>
            {(order) => (
              <option value={order} selected={order === props.view.order}>
                {labels().order[order]}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={isFiltered(props.view)}>
        <button
          type="button"
          class="quiet"
          onClick={() => props.update(noFilters)}
        >
          {t().clear}
        </button>
      </Show>
    </form>
  );
}

/** Search as you type, applied once typing pauses; follows the address when it changes (back, a shared link). */
function SearchField(props: { value: string; onSearch: (search: string) => void }) {
  const [text, setText] = createSignal(props.value);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  createEffect(
    on(
      () => props.value,
      (value) => {
        if (value !== text().trim()) setText(value);
      },
      { defer: true },
    ),
  );
  const apply = (value: string) => {
    clearTimeout(timer);
    if (value.trim() !== props.value) props.onSearch(value.trim());
  };
  return (
    <label class="field search-field">
      <span>{strings().filters.search}</span>
      <input
        type="search"
        value={text()}
        maxLength={maxSearchLength}
        placeholder={strings().filters.searchHint}
        onInput={(event) => {
          const value = event.currentTarget.value;
          setText(value);
          clearTimeout(timer);
          timer = setTimeout(() => apply(value), searchDelayMs);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply(event.currentTarget.value);
        }}
      />
    </label>
  );
}

/** A filter over an enum: a disclosure with a checkbox per value; none checked means any. */
function FilterMenu<Value extends string>(props: {
  label: string;
  values: readonly Value[];
  chosen: readonly Value[];
  labelOf: (value: Value) => string;
  onChange: (chosen: Value[]) => void;
}) {
  let menu!: HTMLDetailsElement;
  const closeOutside = (event: PointerEvent) => {
    if (event.target instanceof Node && !menu.contains(event.target)) menu.open = false;
  };
  onCleanup(() => document.removeEventListener('pointerdown', closeOutside));
  const toggle = (value: Value, on: boolean) => {
    const next = new Set(props.chosen);
    if (on) next.add(value);
    else next.delete(value);
    props.onChange(props.values.filter((v) => next.has(v)));
  };
  return (
    <details
      ref={menu}
      class="filter-menu"
      onToggle={() => {
        if (menu.open) document.addEventListener('pointerdown', closeOutside);
        else document.removeEventListener('pointerdown', closeOutside);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && menu.open) {
          menu.open = false;
          menu.querySelector('summary')?.focus();
        }
      }}
    >
      <summary classList={{ active: props.chosen.length > 0 }}>
        <span class="filter-name">{props.label}</span>
        <span class="filter-value">
          {props.chosen.length > 0 ? strings().filters.chosen(props.chosen.map(props.labelOf)) : strings().filters.any}
        </span>
      </summary>
      <fieldset>
        <legend class="visually-hidden">{props.label}</legend>
        <For each={props.values}>
          {(value) => (
            <label class="check">
              <input type="checkbox" checked={props.chosen.includes(value)} onChange={(event) => toggle(value, event.currentTarget.checked)} />
              {props.labelOf(value)}
            </label>
          )}
        </For>
      </fieldset>
    </details>
  );
}
