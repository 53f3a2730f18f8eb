import { createSignal, For, Show } from 'solid-js';
import { createQuery } from '@urql/solid';
import { describedBy, FieldError } from '../forms/form-fields.tsx';
import { PowerItemsQuery } from './department-query.ts';
import { strings } from './strings.ts';

export type ChosenItem = { id: string; basicCode: string; name: string };

/**
 * Picks one of the unit's power items by name or code (the item to merge into). The search runs
 * as the person types, from the second character; at most 8 matches are offered.
 */
export function ItemPicker(props: {
  id: string;
  label: string;
  hint: string;
  unitId: string;
  /** The item the proposal is about: never offered. */
  excludeId: string | null;
  initial: ChosenItem | null;
  error: (() => string) | undefined;
  onChoose: (item: ChosenItem | null) => void;
}) {
  const t = () => strings().picker;
  const [chosen, setChosen] = createSignal<ChosenItem | null>(props.initial);
  const [search, setSearch] = createSignal('');
  const [results] = createQuery({
    query: PowerItemsQuery,
    variables: () => ({ filter: { unitId: props.unitId, search: search().trim() }, after: null, first: 8 }),
    pause: () => chosen() !== null || search().trim().length < 2,
  });
  const matches = () => (results.data?.powerItems.nodes ?? []).filter((item) => item.id !== props.excludeId);

  function choose(item: ChosenItem | null) {
    setChosen(item);
    props.onChoose(item);
  }

  return (
    <div class="form-field item-picker">
      <Show
        when={chosen()}
        fallback={
          <>
            <label for={props.id}>{props.label}</label>
            <p class="hint" id={`${props.id}-hint`}>
              {props.hint}
            </p>
            <FieldError id={props.id} message={props.error} />
            <input
              id={props.id}
              type="search"
              placeholder={t().searchHint}
              value={search()}
              aria-invalid={props.error ? 'true' : undefined}
              aria-describedby={describedBy(props.id, { hint: true, error: props.error })}
              onInput={(event) => setSearch(event.currentTarget.value)}
            />
            <Show when={search().trim().length >= 2 && results.data}>
              <ul class="picker-results" aria-label={t().search}>
                <For each={matches()} fallback={<li class="muted">{t().none}</li>}>
                  {(item) => (
                    <li>
                      <span class="code">{item.basicCode}</span> {item.name}{' '}
                      <button type="button" class="quiet" onClick={() => choose(item)}>
                        {t().choose}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        }
      >
        {(item) => (
          <>
            <span class="label" id={`${props.id}-label`}>
              {props.label}
            </span>
            <p class="item-summary">
              <span class="muted">{t().chosen}</span>
              <strong>{item().name}</strong> <span class="code">{item().basicCode}</span>{' '}
              <button type="button" id={props.id} class="quiet" onClick={() => choose(null)}>
                {t().change}
              </button>
            </p>
            <FieldError id={props.id} message={props.error} />
          </>
        )}
      </Show>
    </div>
  );
}
