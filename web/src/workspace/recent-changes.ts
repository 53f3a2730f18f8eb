import { createEffect, createSignal, onCleanup, untrack } from 'solid-js';

/** How long a live change stays highlighted. */
export const highlightMs = 6_000;

/**
 * Which keys' values changed lately, for a subtle highlight of live updates. `signatures` gives
 * each key (a field, a vote, a district) a string that changes when what is shown changes; the
 * first set seen is the baseline, so nothing lights up on load. Undefined while loading.
 * `mine` says that what changes now is the person's own doing (the tab's own mutation under way):
 * it becomes the baseline without lighting up, never announced as someone else's update.
 */
export function createRecentChanges<Key>(
  signatures: () => ReadonlyMap<Key, string> | undefined,
  mine: () => boolean = () => false,
): (key: Key) => boolean {
  const [recent, setRecent] = createSignal<ReadonlySet<Key>>(new Set());
  const timers = new Map<Key, ReturnType<typeof setTimeout>>();
  let previous: ReadonlyMap<Key, string> | undefined;

  const fade = (key: Key) => {
    timers.delete(key);
    setRecent((keys) => new Set([...keys].filter((k) => k !== key)));
  };

  createEffect(() => {
    const current = signatures();
    if (current === undefined) return;
    if (previous !== undefined && !untrack(mine)) {
      const changed = [...current].filter(([key, signature]) => previous!.get(key) !== signature).map(([key]) => key);
      for (const key of changed) {
        clearTimeout(timers.get(key));
        timers.set(key, setTimeout(() => fade(key), highlightMs));
      }
      if (changed.length > 0) setRecent((keys) => new Set([...keys, ...changed]));
    }
    previous = current;
  });
  onCleanup(() => timers.forEach((timer) => clearTimeout(timer)));

  return (key) => recent().has(key);
}
