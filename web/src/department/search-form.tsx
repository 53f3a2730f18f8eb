import { createEffect, createSignal, on, Show } from 'solid-js';
import { strings } from './strings.ts';

/** Search by item name or basic code: sent with Enter or 搜索; 清除 shows everything again. */
export function SearchForm(props: { id: string; value: string; onSearch: (search: string) => void }) {
  const t = () => strings().items;
  const [text, setText] = createSignal(props.value);
  // The search can also be cleared from outside (an empty list's 清除搜索): the box follows.
  createEffect(on(() => props.value, setText, { defer: true }));
  return (
    <form
      class="search-form"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSearch(text().trim());
      }}
    >
      <label for={props.id}>{t().searchLabel}</label>
      <input id={props.id} type="search" value={text()} onInput={(event) => setText(event.currentTarget.value)} />
      <button type="submit">{t().search}</button>
      <Show when={props.value}>
        <button
          type="button"
          class="quiet"
          onClick={() => {
            setText('');
            props.onSearch('');
          }}
        >
          {t().clear}
        </button>
      </Show>
    </form>
  );
}
