import { createComputed, createEffect, createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { useLocation, useNavigate } from '@solidjs/router';
import { createVirtualizer } from '@tanstack/solid-virtual';
import { ErrorNotice } from '../error-notice.tsx';
import { domainNow } from '../domain-clock.ts';
import { ExportMenu } from '../exports/export-menu.tsx';
import { BulkBar } from './bulk-actions.tsx';
import type { BulkAbilities } from './bulk.ts';
import { createQueueLoader } from './queue-loader.ts';
import { moveFocus, queueKeyCommand } from './queue-keys.ts';
import { proposalPath, queueContextSearch } from '../workspace/proposal-address.ts';
import { loadQueuePlace, saveQueuePlace } from './queue-place.ts';
import type { QueueRow } from './queue-query.ts';
import { headHeight, QueueRowView, rowHeight } from './queue-row.tsx';
import { type Order, type QueueFilter, sortsBySubmission } from './queue-url.ts';
import { QueueEmpty } from './queue-empty.tsx';
import { type Entry, type EventChange, loadedRows, queueSize } from './row-cache.ts';
import { strings } from './strings.ts';
import type { ClassificationOption, TeamMember } from './team.ts';

/** Leaves the page this much room below the list. */
const bottomGap = 16;
const minListHeight = 320;

/**
 * One queue (a campaign under one filter and order): its count, the bulk bar, and the virtual
 * list with its keyboard. The page remounts it when the filter changes, which resets rows,
 * selection, focus, scrolling and the live subscription together. Leaving it (to open a proposal)
 * keeps its place for the tab: coming back to the same filter restores the scroll, the selection
 * and the focused row (queue-place.ts).
 */
export function QueueList(props: {
  campaignId: string;
  /** The campaign's year: proposals' addresses are /<year>/<code>. */
  year: number;
  /** Back from elsewhere (a proposal): return to the place kept for this filter. A new filter starts afresh. */
  restore: boolean;
  filter: QueueFilter;
  order: Order;
  abilities: BulkAbilities;
  selectable: boolean;
  team: readonly TeamMember[] | undefined;
  classificationOptions: readonly ClassificationOption[];
  /** The campaign's proposals the viewer may read (Campaign.proposalCount): says why an empty list is empty. */
  campaignProposalCount: number;
  onClearFilters: () => void;
}) {
  const navigate = useNavigate();
  const location = useLocation();
  let scroller!: HTMLDivElement;
  const saved = props.restore ? loadQueuePlace(props.filter, props.order) : null;
  const [visible, setVisible] = createSignal({ start: 0, end: 0 }, { equals: (a, b) => a.start === b.start && a.end === b.end });
  const [liveNote, noteChange] = createLiveNote();
  const loader = createQueueLoader({
    campaignId: props.campaignId,
    filter: props.filter,
    order: props.order,
    window: visible,
    onChange: (change, id) => {
      noteChange(change);
      if (change === 'left') setSelected((current) => without(current, id));
    },
  });
  const size = () => queueSize(loader.cache());

  const virtualizer = createVirtualizer({
    get count() {
      return size();
    },
    getScrollElement: () => scroller,
    estimateSize: () => rowHeight,
    overscan: 6,
    // The rows start below the sticky header, which also covers the top of the viewport.
    scrollMargin: headHeight,
    scrollPaddingStart: headHeight,
  });
  const items = () => virtualizer.getVirtualItems();
  createComputed(() => {
    const shown = items();
    setVisible({ start: shown[0]?.index ?? 0, end: (shown.at(-1)?.index ?? -1) + 1 });
  });

  // Selection: ids; only rows still in the list count (a row that leaves is dropped from it).
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set(saved?.selected ?? []));
  const rows = createMemo(() => loadedRows(loader.cache()));
  const selectedRows = createMemo(() => rows().filter((row) => selected().has(row.id)));
  const toggle = (id: string) =>
    setSelected((current) => (current.has(id) ? without(current, id) : new Set([...current, id])));
  const allLoadedSelected = () => rows().length > 0 && selectedRows().length === rows().length;
  const toggleAllLoaded = () => setSelected(allLoadedSelected() ? new Set<string>() : new Set(rows().map((row) => row.id)));

  // The focused row follows its proposal when live changes move it; a placeholder keeps its position.
  const [focus, setFocus] = createSignal<{ index: number; id: string | null } | null>(saved?.focus ?? null);
  const focusedIndex = createMemo(() => {
    const current = focus();
    if (!current) return null;
    const index = current.id === null ? -1 : loader.cache().entries.findIndex((entry) => entry.id === current.id);
    return index >= 0 ? index : Math.min(current.index, size() - 1);
  });
  const entryAt = (index: number) => loader.cache().entries[index];
  function focusRow(index: number) {
    setFocus({ index, id: entryAt(index)?.id ?? null });
    virtualizer.scrollToIndex(index, { align: 'auto' });
    // The row renders once the list has scrolled to it: look for it over the next few frames.
    const focusWhenShown = (frames: number) =>
      requestAnimationFrame(() => {
        const row = scroller.querySelector<HTMLElement>(`[role="row"][data-index="${index}"]`);
        if (row) row.focus({ preventScroll: true });
        else if (frames > 0) focusWhenShown(frames - 1);
      });
    focusWhenShown(5);
  }

  function onKeyDown(event: KeyboardEvent) {
    const command = queueKeyCommand({
      key: event.key,
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      defaultPrevented: event.defaultPrevented,
      target: event.target instanceof HTMLElement ? event.target : null,
    });
    if (!command) return;
    const index = focusedIndex();
    if (command === 'next' || command === 'previous') {
      const next = moveFocus(index, command, size());
      if (next === null) return;
      event.preventDefault();
      focusRow(next);
      return;
    }
    const row = index === null ? undefined : entryAt(index)?.row;
    if (!row) return;
    event.preventDefault();
    if (command === 'open') navigate(hrefOf(entryAt(index!)));
    else if (props.selectable) toggle(row.id);
  }

  /** A row's proposal, with this queue and the row's place in it (for 上一条 / 下一条 there). */
  function hrefOf(entry: Entry<QueueRow> | undefined): string {
    const row = entry?.row;
    if (!row) return '';
    const path = proposalPath({ id: row.id, campaign: { year: props.year }, powerItem: row.powerItem });
    return path + queueContextSearch({ queue: location.search.replace(/^\?/, ''), at: entry.cursor });
  }

  /** A click or Tab into a row makes it the focused one. */
  function onFocusIn(event: FocusEvent) {
    const row = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('[role="row"][data-index]') : null;
    if (row) setFocus({ index: Number(row.dataset['index']), id: row.dataset['id'] ?? null });
  }

  // The list fills the window below whatever is above it.
  function fit() {
    const top = scroller.getBoundingClientRect().top + window.scrollY;
    scroller.style.height = `${Math.max(minListHeight, window.innerHeight - top - bottomGap)}px`;
  }
  const [now, setNow] = createSignal(domainNow());
  onMount(() => {
    fit();
    const observer = new ResizeObserver(fit);
    const main = scroller.closest('main');
    if (main) observer.observe(main);
    window.addEventListener('resize', fit);
    document.addEventListener('keydown', onKeyDown);
    const ticking = setInterval(() => setNow(domainNow()), 60_000);
    onCleanup(() => {
      saveQueuePlace(props.filter, props.order, { scrollTop: scroller.scrollTop, selected: [...selected()], focus: focus() });
      observer.disconnect();
      window.removeEventListener('resize', fit);
      document.removeEventListener('keydown', onKeyDown);
      clearInterval(ticking);
    });
  });

  // Back from a proposal: once the list has rows to scroll over, return to where it was left.
  let restoring = saved;
  createEffect(() => {
    if (!restoring || size() === 0) return;
    const place = restoring;
    restoring = null;
    scroller.scrollTop = place.scrollTop;
    const index = focusedIndex();
    if (place.focus && index !== null) focusRow(index);
  });

  const t = () => strings();

  return (
    <section class="queue-list">
      <div class="queue-toolbar">
        <p class="count">
          <strong>{t().count.total(loader.cache().total)}</strong>
          <Show when={props.selectable && selectedRows().length > 0}>
            <span class="muted"> · {t().count.selected(selectedRows().length)}</span>
          </Show>
        </p>
        <Show when={props.selectable}>
          <BulkBar
            rows={selectedRows()}
            abilities={props.abilities}
            team={props.team}
            classificationOptions={props.classificationOptions}
            onClear={() => setSelected(new Set<string>())}
            onDone={(succeeded) => setSelected((current) => new Set([...current].filter((id) => !succeeded.has(id))))}
          />
        </Show>
        <p class="queue-keys muted">{props.selectable ? t().count.keys : t().count.keysReadOnly}</p>
        <ExportMenu list="proposals" variables={{ filter: props.filter, orderBy: props.order }} />
        <p class="visually-hidden" role="status">
          {liveNote()}
        </p>
      </div>

      <Show when={loader.error()}>{(error) => <ErrorNotice error={error()} retry={loader.retry} />}</Show>

      <div class="queue-scroll" ref={scroller} onFocusIn={onFocusIn}>
        <div role="table" class="queue-grid" classList={{ selectable: props.selectable }} aria-label={t().table.label} aria-rowcount={size() + 1}>
          <div role="rowgroup" class="queue-head">
            <div role="row" class="queue-row" aria-rowindex={1}>
              <Show when={props.selectable}>
                <div role="columnheader" class="select">
                  <input
                    type="checkbox"
                    checked={allLoadedSelected()}
                    ref={(box) => createEffect(() => (box.indeterminate = selectedRows().length > 0 && !allLoadedSelected()))}
                    disabled={rows().length === 0}
                    aria-label={t().table.selectLoaded(rows().length)}
                    onChange={toggleAllLoaded}
                  />
                </div>
              </Show>
              <div role="columnheader">{t().table.basicCode}</div>
              <div role="columnheader">{t().table.itemName}</div>
              <div role="columnheader">{t().table.itemType}</div>
              <div role="columnheader">{t().table.submittingUnit}</div>
              <div role="columnheader">{t().table.action}</div>
              <div role="columnheader">{t().table.targetDistricts}</div>
              <div role="columnheader">{t().table.stage}</div>
              <div role="columnheader">{t().table.status}</div>
              <div role="columnheader">{t().table.assignees}</div>
              <div role="columnheader" class="num" title={t().table.openThreadsTitle}>
                {t().table.openThreads}
              </div>
              <div role="columnheader">{sortsBySubmission(props.order) ? t().table.submitted : t().table.updated}</div>
            </div>
          </div>
          <div role="rowgroup" class="queue-body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
            <For each={items()}>
              {(item) => (
                <QueueRowView
                  index={item.index}
                  top={item.start - headHeight}
                  entry={entryAt(item.index)}
                  selectable={props.selectable}
                  selected={selected().has(entryAt(item.index)?.id ?? '')}
                  focused={focusedIndex() === item.index}
                  now={now()}
                  showSubmitted={sortsBySubmission(props.order)}
                  onToggle={toggle}
                  href={hrefOf(entryAt(item.index))}
                />
              )}
            </For>
          </div>
        </div>
        <Show when={loader.cache().complete && size() === 0}>
          <QueueEmpty
            campaignProposalCount={props.campaignProposalCount}
            filtered={Object.keys(props.filter).length > 1}
            onClearFilters={props.onClearFilters}
          />
        </Show>
      </div>
    </section>
  );
}

function without(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (!set.has(id)) return set;
  const next = new Set(set);
  next.delete(id);
  return next;
}

/**
 * A quiet sentence for screen readers about what live events just did ("2 条有更新，1 条移出队列"),
 * summed over a second so that a burst is one announcement.
 */
function createLiveNote(): [() => string, (change: EventChange) => void] {
  const [note, setNote] = createSignal('');
  let counts = { updated: 0, arrived: 0, left: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return [
    note,
    (change) => {
      if (change === 'none') return;
      if (change === 'left') counts.left += 1;
      else if (change === 'surfaced') counts.arrived += 1;
      else counts.updated += 1;
      clearTimeout(timer);
      timer = setTimeout(() => {
        setNote(strings().live.summary(counts));
        counts = { updated: 0, arrived: 0, left: 0 };
      }, 1000);
    },
  ];
}
