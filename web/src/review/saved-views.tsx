import { createSignal, For, onCleanup, Show } from 'solid-js';
import { createMutation, createQuery } from '@urql/solid';
import { FormError } from '../forms/form-fields.tsx';
import { useTextLimits } from '../forms/text-limits.ts';
import { type MutationOutcome, outcomeOf } from '../mutation-outcome.ts';
import { parseQueueQuery } from './queue-url.ts';
import {
  CreateSavedViewMutation,
  DeleteSavedViewMutation,
  SavedViewsQuery,
  SetSavedViewSharedMutation,
  UpdateSavedViewMutation,
} from './saved-views-query.ts';
import { strings } from './strings.ts';

type View = { id: string; name: string; version: number; shared: boolean };

/** The same filter, however its query string is spelled (the server keeps a canonical form). */
const sameFilter = (a: string, b: string) => JSON.stringify(parseQueueQuery(a)) === JSON.stringify(parseQueueQuery(b));

/**
 * 视图 in the queue's filter bar: apply a saved view (it sets the address's filter), save the
 * current filter under a name, rename or delete my own, and (the coordinator, as the server says)
 * share one with the team. Not a form: it sits inside the filter bar's.
 */
export function SavedViewsMenu(props: {
  /** The current filter as the address's query string. */
  current: string;
  apply: (filter: string) => void;
}) {
  const t = () => strings().views;
  const [views, refetch] = createQuery({ query: SavedViewsQuery });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const [, create] = createMutation(CreateSavedViewMutation);
  const [, update] = createMutation(UpdateSavedViewMutation);
  const [, share] = createMutation(SetSavedViewSharedMutation);
  const [, remove] = createMutation(DeleteSavedViewMutation);
  const [name, setName] = createSignal('');
  const [renaming, setRenaming] = createSignal<string | null>(null);
  const [newName, setNewName] = createSignal('');
  /** The server's limit on a view's name (Query.textLimits.savedViewName). */
  const textLimits = useTextLimits();
  const nameLimit = () => textLimits()?.savedViewName;
  const [problem, setProblem] = createSignal<(() => string) | undefined>();
  const [done, setDone] = createSignal('');
  const list = () => views.data?.me?.savedViews.nodes ?? [];

  /** Shows the outcome: a message on success (announced), the refusal's reason otherwise. */
  const settle = (outcome: MutationOutcome<unknown>, message: string) => {
    if (outcome.ok) {
      setProblem(undefined);
      setDone(message);
      reload();
      return true;
    }
    setDone('');
    setProblem(() => outcome.message);
    if (outcome.conflict) reload();
    return false;
  };

  async function save() {
    const response = await create({ input: { name: name(), filter: props.current || null } });
    if (settle(outcomeOf(response, response.data?.createSavedView, 'SavedView'), t().saved(name().trim()))) setName('');
  }

  async function renameView(view: View) {
    const response = await update({ input: { id: view.id, expectedVersion: view.version, name: newName() } });
    if (settle(outcomeOf(response, response.data?.updateSavedView, 'SavedView'), t().renamed(newName().trim()))) setRenaming(null);
  }

  async function deleteView(view: View) {
    const response = await remove({ input: { id: view.id, expectedVersion: view.version } });
    settle(outcomeOf(response, response.data?.deleteSavedView, 'SavedViewDeleted'), t().deleted(view.name));
  }

  async function toggleShared(view: View) {
    const response = await share({ input: { id: view.id, expectedVersion: view.version, shared: !view.shared } });
    settle(outcomeOf(response, response.data?.setSavedViewShared, 'SavedView'), view.shared ? t().unsharedDone(view.name) : t().sharedDone(view.name));
  }

  let menu!: HTMLDetailsElement;
  const closeOutside = (event: PointerEvent) => {
    if (event.target instanceof Node && !menu.contains(event.target)) menu.open = false;
  };
  onCleanup(() => document.removeEventListener('pointerdown', closeOutside));

  return (
    <details
      ref={menu}
      class="filter-menu saved-views"
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
      <summary>
        <span class="filter-name">{t().label}</span>
        <span class="filter-value">{t().count(list().length)}</span>
      </summary>
      <fieldset>
        <legend class="visually-hidden">{t().label}</legend>
        <Show when={list().length > 0} fallback={<p class="muted">{t().none}</p>}>
          <ul class="saved-view-list" aria-label={t().list}>
            <For each={list()}>
              {(view) => (
                <li>
                  <Show
                    when={renaming() === view.id}
                    fallback={
                      <button
                        type="button"
                        class="quiet saved-view-apply"
                        aria-current={sameFilter(view.filter, props.current) ? 'true' : undefined}
                        onClick={() => {
                          props.apply(view.filter);
                          menu.open = false;
                        }}
                      >
                        {view.name}
                      </button>
                    }
                  >
                    <input
                      aria-label={t().newName(view.name)}
                      value={newName()}
                      maxLength={nameLimit()}
                      onInput={(event) => setNewName(event.currentTarget.value)}
                      onKeyDown={(event) => {
                        if (event.key !== 'Enter') return;
                        event.preventDefault();
                        void renameView(view);
                      }}
                    />
                  </Show>
                  <Show when={view.shared}>
                    <span class="saved-view-shared">{t().shared}</span>
                  </Show>
                  <Show when={view.viewerCan.edit && renaming() !== view.id}>
                    <button
                      type="button"
                      class="quiet"
                      aria-label={t().rename(view.name)}
                      onClick={() => {
                        setNewName(view.name);
                        setRenaming(view.id);
                      }}
                    >
                      {t().renameShort}
                    </button>
                    <button
                      type="button"
                      class="quiet"
                      aria-label={t().delete(view.name)}
                      onClick={() => void deleteView(view)}
                    >
                      {t().deleteShort}
                    </button>
                  </Show>
                  <Show when={view.viewerCan.share}>
                    <button
                      type="button"
                      class="quiet"
                      aria-pressed={view.shared}
                      aria-label={t().shareWithTeam(view.name)}
                      onClick={() => void toggleShared(view)}
                    >
                      {t().shareShort}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <div class="saved-view-save">
          <label class="field">
            <span>{t().saveCurrent}</span>
            <input
              value={name()}
              maxLength={nameLimit()}
              placeholder={t().nameHint}
              onInput={(event) => setName(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void save();
                }
              }}
            />
          </label>
          <button type="button" onClick={() => void save()}>
            {t().save}
          </button>
        </div>
        <FormError message={problem()} />
        <p class="visually-hidden" role="status">
          {done()}
        </p>
      </fieldset>
    </details>
  );
}
