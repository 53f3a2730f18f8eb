import type { Order, QueueFilter, SearchParams } from './queue-url.ts';

/**
 * Where a person was in one queue (a campaign under one filter and order): how far the list was
 * scrolled, which rows were selected and which row had the keyboard. Kept for the browser tab
 * (sessionStorage), so opening a proposal and coming back finds the queue as it was left.
 */
export interface QueuePlace {
  scrollTop: number;
  selected: readonly string[];
  focus: { index: number; id: string | null } | null;
}

const prefix = 'devolve.queue-place:';

function key(filter: QueueFilter, order: Order): string {
  return prefix + JSON.stringify([filter, order]);
}

export function saveQueuePlace(filter: QueueFilter, order: Order, place: QueuePlace): void {
  try {
    sessionStorage.setItem(key(filter, order), JSON.stringify(place));
  } catch {
    // Storage full or disabled: the queue starts at the top, as before.
  }
}

export function loadQueuePlace(filter: QueueFilter, order: Order): QueuePlace | null {
  try {
    const saved = sessionStorage.getItem(key(filter, order));
    const place = saved ? (JSON.parse(saved) as Partial<QueuePlace>) : null;
    if (!place || typeof place.scrollTop !== 'number' || !Array.isArray(place.selected)) return null;
    return { scrollTop: place.scrollTop, selected: place.selected.filter((id) => typeof id === 'string'), focus: place.focus ?? null };
  } catch {
    return null;
  }
}

/** A queue's query string (as carried in a workspace address) read the way the router reads one. */
export function searchParamsOf(query: string): SearchParams {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const held = params[name];
    params[name] = held === undefined ? value : [...(Array.isArray(held) ? held : [held]), value];
  }
  return params;
}
