import { createSignal, For, Show } from 'solid-js';
import { localMessage } from '../error-notice.tsx';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import { locale } from '../i18n/locale.ts';
import {
  countOf,
  ImportRowsQuery,
  importOutcomes,
  type ImportCounts,
  type ImportOutcome,
  type ImportPreview,
  type ImportRow,
} from './import-query.ts';
import { strings } from './strings.ts';

/** Rows per page of the preview table. */
const pageSize = 50;

/** How many rows come out new, updated, unchanged, skipped or in error. */
export function OutcomeCounts(props: { counts: ImportCounts }) {
  const t = () => strings();
  return (
    <dl class="import-counts" aria-label={t().preview.counts}>
      <For each={importOutcomes}>
        {(outcome) => (
          <div class={`import-count outcome-${outcome.toLowerCase()}`}>
            <dt>{t().outcome[outcome]}</dt>
            <dd>{t().count(countOf(props.counts, outcome))}</dd>
          </div>
        )}
      </For>
    </dl>
  );
}

/** A field's name in the interface language. */
export function fieldName(field: { nameZh: string; nameEn: string }): string {
  return locale() === 'en' ? field.nameEn : field.nameZh;
}

/** Every row of the preview, page by page, filtered by outcome. */
export function PreviewRows(props: { preview: ImportPreview }) {
  const t = () => strings();
  const [outcome, setOutcome] = createSignal<ImportOutcome | null>(null);
  return (
    <>
      <fieldset class="import-filter">
        <legend>{t().preview.filter}</legend>
        <div class="choice-row">
          <For each={[null, ...importOutcomes]}>
            {(value) => (
              <label class="choice">
                <input type="radio" name="import-outcome" checked={outcome() === value} onChange={() => setOutcome(value)} />
                {value === null ? t().preview.all : t().outcome[value]}
              </label>
            )}
          </For>
        </div>
      </fieldset>
      {/* A new filter starts again from the first page. */}
      <Show when={{ outcome: outcome() }} keyed>
        {(filter) => <RowsTable preview={props.preview} outcome={filter.outcome} />}
      </Show>
    </>
  );
}

function RowsTable(props: { preview: ImportPreview; outcome: ImportOutcome | null }) {
  const t = () => strings();
  // The counts say how many rows there are of each outcome (the pager's page count).
  const totalCount = () =>
    props.outcome === null
      ? importOutcomes.reduce((sum, outcome) => sum + countOf(props.preview.counts, outcome), 0)
      : countOf(props.preview.counts, props.outcome);
  const query = createPagedQuery({
    query: ImportRowsQuery,
    variables: (after) => ({ id: props.preview.id, outcome: props.outcome, first: pageSize, after }),
    // A remap recomputes the rows under the same import: always ask the server.
    requestPolicy: 'network-only',
    page: (data) => {
      const rows = data.node?.__typename === 'Import' ? data.node.rows : { nodes: [], pageInfo: { endCursor: null, hasNextPage: false } };
      return { ...rows, totalCount: totalCount() };
    },
  });
  // The first two fields read (the code and the name) say which item a row is.
  const labelColumns = () => props.preview.mapping.flatMap((m) => (m.column ? [m.column] : [])).slice(0, 2);
  return (
    <Paged query={query} pageSize={pageSize}>
      {(page) => (
        <Show when={page.nodes.length > 0} fallback={<p class="notice">{t().preview.noRows}</p>}>
          <div class="import-table-scroll">
            <table class="portal-table import-rows">
              <thead>
                <tr>
                  <th scope="col">{t().preview.row}</th>
                  <th scope="col">{t().preview.outcome}</th>
                  <th scope="col">{t().preview.item}</th>
                  <th scope="col">{t().preview.details}</th>
                </tr>
              </thead>
              <tbody>
                <For each={page.nodes}>{(row) => <RowLine row={row} labelColumns={labelColumns()} />}</For>
              </tbody>
            </table>
          </div>
        </Show>
      )}
    </Paged>
  );
}

/** A cell of a row as read (the API gives text or numbers), or '' when empty. */
function cellText(cells: unknown, letter: string): string {
  const value = typeof cells === 'object' && cells !== null ? (cells as Record<string, unknown>)[letter] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function RowLine(props: { row: ImportRow; labelColumns: readonly string[] }) {
  const t = () => strings();
  const skipped = () => (locale() === 'en' ? props.row.skippedReasonEn : props.row.skippedReasonZh);
  const shown = (value: string | null) => (value === null || value === '' ? t().preview.empty : value);
  return (
    <tr class={`outcome-${props.row.outcome.toLowerCase()}`}>
      <th scope="row">{props.row.rowNumber}</th>
      <td>
        <span class="import-outcome">{t().outcome[props.row.outcome]}</span>
      </td>
      <td>
        {props.labelColumns
          .map((letter) => cellText(props.row.cells, letter))
          .filter(Boolean)
          .join(' ')}
      </td>
      <td>
        <Show when={props.row.changes.length > 0}>
          <ul class="import-diff">
            <For each={props.row.changes}>
              {(change) => (
                <li>
                  <span class="import-field">{fieldName(change)}</span>{' '}
                  <del aria-label={t().preview.before}>{shown(change.before)}</del> → <ins aria-label={t().preview.after}>{shown(change.after)}</ins>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={props.row.errors.length > 0}>
          <ul class="import-errors">
            <For each={props.row.errors}>{(error) => <li>{t().preview.cell(error.cell, localMessage(error))}</li>}</For>
          </ul>
        </Show>
        <Show when={skipped()}>{(reason) => <p class="muted">{reason()}</p>}</Show>
      </td>
    </tr>
  );
}
