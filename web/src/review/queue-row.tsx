import { createEffect, createMemo, on, Show } from 'solid-js';
import { common, labels } from '../i18n/labels.ts';
import { formatDate, formatDateTime, formatNumber, formatRelative } from '../i18n/locale.ts';
import type { QueueRow } from './queue-query.ts';
import type { Entry } from './row-cache.ts';
import { strings } from './strings.ts';

/** Every row is this tall (queue.css says so too): the virtual list places rows by arithmetic, not by measuring. */
export const rowHeight = 40;
/** The sticky header's height (queue.css says so too). */
export const headHeight = 40;

/** The item's name (or the name of the item proposed for addition). */
function rowName(row: QueueRow): string {
  return row.powerItem?.name ?? row.proposedItemName ?? common().none;
}

/** Basic code and name: how a proposal is named in labels and summaries. */
export function rowLabel(row: QueueRow): string {
  return row.powerItem ? `${row.powerItem.basicCode} ${rowName(row)}` : rowName(row);
}

interface RowProps {
  index: number;
  /** Where the row sits in the list body. */
  top: number;
  entry: Entry<QueueRow> | undefined;
  /** Whether the list offers selection (someone with bulk actions). */
  selectable: boolean;
  selected: boolean;
  focused: boolean;
  now: Date;
  /** The last column shows the submission date (the order follows submission) rather than the last change. */
  showSubmitted: boolean;
  onToggle: (id: string) => void;
  /** The proposal's address, carrying this queue (see workspace/proposal-address.ts). */
  href: string;
}

/**
 * One position of the virtual list: a proposal, or a placeholder until its page arrives. Rows are
 * ARIA table rows placed absolutely in the list body, each contained, so that rows coming and
 * going while the list scrolls lay out only themselves.
 */
export function QueueRowView(props: RowProps) {
  let element: HTMLDivElement | undefined;
  // The highlight restarts for every event that changes the row: drop the class, let the browser
  // notice, put it back.
  createEffect(
    on(
      () => props.entry?.flash ?? 0,
      (flash) => {
        if (!element) return;
        element.classList.remove('flash');
        if (flash > 0) {
          void element.offsetWidth;
          element.classList.add('flash');
        }
      },
    ),
  );
  const t = () => strings().table;
  const position = () => ({ transform: `translateY(${props.top}px)` });

  return (
    <Show
      when={props.entry?.row}
      fallback={
        <div
          ref={element}
          role="row"
          class="queue-row placeholder"
          classList={{ focused: props.focused }}
          style={position()}
          data-index={props.index}
          aria-rowindex={props.index + 2}
          aria-busy="true"
          tabindex="-1"
        >
          <Show when={props.selectable}>
            <div role="cell" />
          </Show>
          <div role="cell" class="loading">
            <span class="skeleton" aria-hidden="true" />
            <span class="visually-hidden">{t().loadingRow(props.index + 1)}</span>
          </div>
        </div>
      }
    >
      {(row) => {
        const name = () => rowName(row());
        // Items that share a name (行政处罚 of one law, say) differ by their sub-item (子项名称).
        const subItem = () => {
          const sub = row().powerItem?.subItemName;
          return sub ? t().subItem(sub) : '';
        };
        const districts = createMemo(() => t().names(row().targetDistricts.map((d) => d.shortName)));
        const assignees = createMemo(() => t().names(row().assignees.map((a) => a.displayName)));
        return (
          <div
            ref={element}
            role="row"
            class="queue-row"
            classList={{ focused: props.focused, selected: props.selected, surfaced: props.entry?.surfaced ?? false }}
            style={position()}
            data-index={props.index}
            data-id={row().id}
            aria-rowindex={props.index + 2}
            tabindex="-1"
          >
            <Show when={props.selectable}>
              <div role="cell" class="select">
                <input
                  type="checkbox"
                  checked={props.selected}
                  aria-label={t().selectRow(rowLabel(row()))}
                  onChange={() => props.onToggle(row().id)}
                />
              </div>
            </Show>
            <div role="cell" class="code">
              {row().powerItem?.basicCode ?? common().none}
            </div>
            <div role="cell" class="name">
              {/* In the name's cell, so that it never hides the code. */}
              <Show when={props.entry?.surfaced}>
                <span class="surfaced-tag" title={t().surfacedTitle}>
                  {t().surfaced}
                </span>
              </Show>
              {/* A plain link: the router follows it without a reload. */}
              <a href={props.href} title={name() + subItem()}>
                {name()}
                <Show when={subItem()}>
                  <span class="sub-item">{subItem()}</span>
                </Show>
              </a>
            </div>
            <div role="cell" title={labels().powerType[row().powerType]}>
              {labels().powerType[row().powerType]}
            </div>
            <div role="cell" title={row().submittingUnit.name}>
              {row().submittingUnit.shortName}
            </div>
            <div role="cell">
              <span class="tag" data-action={row().action}>
                {labels().action[row().action]}
              </span>
            </div>
            <div role="cell" title={districts()}>
              {districts() || common().none}
            </div>
            <div role="cell">{labels().stage[row().stage]}</div>
            <div role="cell">
              <span class="status" data-status={row().status}>
                {labels().status[row().status]}
              </span>
            </div>
            <div role="cell" title={assignees()}>
              {t().fewNames(row().assignees.map((a) => a.displayName)) || common().none}
            </div>
            <div role="cell" class="num" classList={{ muted: row().openThreadCount === 0 }}>
              {formatNumber(row().openThreadCount)}
            </div>
            <div role="cell">
              <Show
                when={props.showSubmitted}
                fallback={
                  <time dateTime={row().updatedAt} title={formatDateTime(row().updatedAt)}>
                    {formatRelative(row().updatedAt, props.now)}
                  </time>
                }
              >
                <Show when={row().submittedAt} fallback={common().none}>
                  {(submittedAt) => (
                    <time dateTime={submittedAt()} title={formatDateTime(submittedAt())}>
                      {formatDate(submittedAt())}
                    </time>
                  )}
                </Show>
              </Show>
            </div>
          </div>
        );
      }}
    </Show>
  );
}
