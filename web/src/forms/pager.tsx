import { type Accessor, createEffect, createMemo, createSignal, type JSX, on, Show } from 'solid-js';
import { createQuery } from '@urql/solid';
import type { AnyVariables, DocumentInput, RequestPolicy } from '@urql/core';
import { ErrorNotice } from '../error-notice.tsx';
import { common } from '../i18n/labels.ts';
import { pagerStrings } from './strings.ts';

/**
 * Cursor paging through a connection, page by page: the cursors of the pages before the current
 * one are kept, so 上一页 returns to exactly the page seen before.
 */
export function createPager() {
  const [cursors, setCursors] = createSignal<(string | null)[]>([null]);
  return {
    /** The `after` of the current page. */
    after: () => cursors()[cursors().length - 1] ?? null,
    /** 1-based. */
    page: () => cursors().length,
    next: (endCursor: string) => setCursors((list) => [...list, endCursor]),
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
  };
}
export type Pager = ReturnType<typeof createPager>;

interface PageShape {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/**
 * A paged list query: the current page's variables come from `variables(after)`; `refreshes`
 * (when given) refetches from the server each time it changes. While another page loads, or a
 * load fails, the page already shown stays.
 */
export function createPagedQuery<Data, Variables extends AnyVariables, Page extends PageShape>(args: {
  query: DocumentInput<Data, Variables>;
  variables: (after: string | null) => Variables;
  page: (data: Data) => Page;
  refreshes?: Accessor<number>;
  /** For lists the cache cannot know are stale (e.g. rows recomputed by a mutation that does not return them). */
  requestPolicy?: RequestPolicy;
}) {
  const pager = createPager();
  const [result, reexecute] = createQuery({
    query: args.query,
    variables: () => args.variables(pager.after()),
    ...(args.requestPolicy ? { requestPolicy: args.requestPolicy } : {}),
  });
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  if (args.refreshes) createEffect(on(args.refreshes, retry, { defer: true }));
  const page = createMemo<Page | undefined>((last) => (result.data ? args.page(result.data) : last));
  return { pager, page, retry, fetching: () => result.fetching, error: () => result.error };
}
export type PagedQuery<Page extends PageShape> = ReturnType<typeof createPagedQuery<unknown, AnyVariables, Page>>;

/** A paged list: loading and failure notices, the list (`children`), and the pager under it. */
export function Paged<Page extends PageShape>(props: { query: PagedQuery<Page>; pageSize: number; children: (page: Page) => JSX.Element }) {
  return (
    <Show
      when={props.query.page()}
      fallback={
        <Show when={props.query.error()} fallback={<p class="notice">{common().loading}</p>}>
          {(error) => <ErrorNotice error={error()} retry={props.query.retry} />}
        </Show>
      }
    >
      {(page) => (
        <div class="paged" aria-busy={props.query.fetching()}>
          <Show when={props.query.error()}>{(error) => <ErrorNotice error={error()} retry={props.query.retry} />}</Show>
          {props.children(page())}
          <PagerControls
            pager={props.query.pager}
            pageSize={props.pageSize}
            totalCount={page().totalCount}
            endCursor={page().pageInfo.endCursor}
            hasNextPage={page().pageInfo.hasNextPage}
            busy={props.query.fetching()}
          />
        </div>
      )}
    </Show>
  );
}

/** 上一页 · 第 2 / 7 页 · 下一页, under a paged list. */
function PagerControls(props: {
  pager: Pager;
  pageSize: number;
  totalCount: number;
  endCursor: string | null | undefined;
  hasNextPage: boolean;
  busy: boolean;
}) {
  const t = () => pagerStrings();
  const pages = () => Math.max(1, Math.ceil(props.totalCount / props.pageSize));
  return (
    <Show when={pages() > 1}>
      <nav class="pager" aria-label={t().label}>
        <button type="button" disabled={props.busy || props.pager.page() === 1} onClick={() => props.pager.previous()}>
          {t().previous}
        </button>
        <span>{t().position(props.pager.page(), pages())}</span>
        <button
          type="button"
          disabled={props.busy || !props.hasNextPage || !props.endCursor}
          onClick={() => props.endCursor && props.pager.next(props.endCursor)}
        >
          {t().next}
        </button>
      </nav>
    </Show>
  );
}
