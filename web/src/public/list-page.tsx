import { A, useSearchParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js';
import { labels } from '../i18n/labels.ts';
import { locale } from '../i18n/locale.ts';
import { publicRequest } from './request.ts';
import { publicStrings } from './strings.ts';
import { Loaded, usePageTitle } from './ui.tsx';

const powerTypes = ['LICENSING', 'PENALTY', 'COMPULSORY', 'LEVY', 'BENEFIT', 'INSPECTION', 'CONFIRMATION', 'REWARD', 'ADJUDICATION', 'OTHER'] as const;
const itemStatuses = ['IN_FORCE', 'CANCELLED', 'DELEGATED', 'MERGED'] as const;
type PowerTypeKey = (typeof powerTypes)[number];
type ItemStatus = (typeof itemStatuses)[number];

export interface ListedItem {
  basicCode: string;
  name: string;
  subItemName: string | null;
  type: PowerTypeKey;
  level: number;
  status: ItemStatus;
  implementingUnit: { name: string; nameEn: string | null } | null;
}

interface Page {
  powerItems: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ListedItem[] };
}

const searchQuery = /* GraphQL */ `
  query PublicList($filter: PowerItemFilter, $after: String) {
    powerItems(first: 30, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { basicCode name subItemName type level status implementingUnit { name nameEn } }
    }
  }
`;

const unitsQuery = /* GraphQL */ `
  query PublicUnits { units(kind: DEPARTMENT) { id name nameEn } }
`;

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined =>
  values.find((candidate) => candidate === value);

/** 权责清单: search the power list by name or code, unit, type, level and status; the filters live in the URL. */
export default function ListPage() {
  const t = publicStrings;
  usePageTitle(() => t().list.heading);
  const [params, setParams] = useSearchParams<{ q?: string; unit?: string; type?: string; level?: string; status?: string }>();
  const filter = () => {
    const level = Number(params.level);
    return {
      search: params.q?.trim() || undefined,
      unitId: params.unit || undefined,
      type: oneOf(powerTypes, params.type),
      level: level >= 1 && level <= 7 ? level : undefined,
      status: oneOf(itemStatuses, params.status),
    };
  };
  const [units] = createResource(() => publicRequest<{ units: { id: string; name: string; nameEn: string | null }[] }>(unitsQuery));
  const [page, { refetch }] = createResource(filter, (f) => publicRequest<Page>(searchQuery, { filter: f }));
  // Pages after the first, appended by "load more"; a new search starts over.
  const [more, setMore] = createSignal<ListedItem[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const pageInfo = () => (cursor() === null ? page()?.powerItems.pageInfo : { hasNextPage: true, endCursor: cursor() });
  const [hasMore, setHasMore] = createSignal<boolean | null>(null);
  // A new search (or going back to an earlier one) starts from its first page.
  createEffect(
    on(filter, () => {
      setMore([]);
      setCursor(null);
      setHasMore(null);
    }, { defer: true }),
  );

  async function loadMore() {
    const after = pageInfo()?.endCursor;
    if (!after) return;
    setLoadingMore(true);
    try {
      const next = await publicRequest<Page>(searchQuery, { filter: filter(), after });
      setMore((rows) => [...rows, ...next.powerItems.nodes]);
      setCursor(next.powerItems.pageInfo.endCursor);
      setHasMore(next.powerItems.pageInfo.hasNextPage);
    } finally {
      setLoadingMore(false);
    }
  }

  function search(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setParams({ q: value('q'), unit: value('unit'), type: value('type'), level: value('level'), status: value('status') });
  }

  return (
    <>
      <h1>{t().list.heading}</h1>
      <p class="muted">{t().list.intro}</p>
      <form class="public-search" role="search" onSubmit={search}>
        <div class="public-field public-field-wide">
          <label for="public-search">{t().list.search}</label>
          <div class="public-search-row">
            <input id="public-search" name="q" type="search" value={params.q ?? ''} maxlength={100} autocomplete="off" />
            <button type="submit" class="primary">
              {t().list.searchButton}
            </button>
          </div>
        </div>
        {/* On a phone the filters fold away; open when one is set. */}
        <details class="public-filters" open={Boolean(params.unit || params.type || params.level || params.status)}>
          <summary>{t().list.filters}</summary>
          <div class="public-filter-grid">
            <div class="public-field">
              <label for="public-unit">{t().list.unit}</label>
              <select id="public-unit" name="unit">
                <option value="">{t().list.anyUnit}</option>
                <For each={units()?.units ?? []}>
                  {(unit) => (
                    <option value={unit.id} selected={params.unit === unit.id}>
                      {locale() === 'en' && unit.nameEn ? unit.nameEn : unit.name}
                    </option>
                  )}
                </For>
              </select>
            </div>
            <div class="public-field">
              <label for="public-type">{t().list.type}</label>
              <select id="public-type" name="type">
                <option value="">{t().list.anyType}</option>
                <For each={powerTypes}>
                  {(type) => (
                    <option value={type} selected={params.type === type}>
                      {labels().powerType[type]}
                    </option>
                  )}
                </For>
              </select>
            </div>
            <div class="public-field">
              <label for="public-level">{t().list.level}</label>
              <select id="public-level" name="level">
                <option value="">{t().list.anyLevel}</option>
                <For each={t().levels}>
                  {(name, i) => (
                    <option value={String(i() + 1)} selected={params.level === String(i() + 1)}>
                      {name}
                    </option>
                  )}
                </For>
              </select>
            </div>
            <div class="public-field">
              <label for="public-status">{t().list.status}</label>
              <select id="public-status" name="status">
                <option value="">{t().list.anyStatus}</option>
                <For each={itemStatuses}>
                  {(status) => (
                    <option value={status} selected={params.status === status}>
                      {labels().powerItemStatus[status]}
                    </option>
                  )}
                </For>
              </select>
            </div>
          </div>
        </details>
      </form>

      <section aria-labelledby="public-results-heading">
        <h2 id="public-results-heading">{t().list.results}</h2>
        <Loaded resource={page} retry={() => void refetch()}>
          {(loaded) => (
            <>
              <p class="muted" role="status">
                {t().count(loaded().powerItems.totalCount)}
              </p>
              <Show when={loaded().powerItems.totalCount > 0} fallback={<p>{t().list.empty}</p>}>
                <ul class="public-items">
                  <For each={[...loaded().powerItems.nodes, ...more()]}>{(item) => <ItemRow item={item} />}</For>
                </ul>
                <Show when={hasMore() ?? loaded().powerItems.pageInfo.hasNextPage}>
                  <button type="button" disabled={loadingMore()} onClick={() => void loadMore()}>
                    {loadingMore() ? t().loading : t().more}
                  </button>
                </Show>
              </Show>
            </>
          )}
        </Loaded>
      </section>
    </>
  );
}

function ItemRow(props: { item: ListedItem }) {
  const t = publicStrings;
  const unit = () => props.item.implementingUnit;
  return (
    <li class="public-item">
      <A href={`/list/${encodeURIComponent(props.item.basicCode)}`} class="public-item-name">
        {props.item.name}
        <Show when={props.item.subItemName}>{(sub) => <>（{sub()}）</>}</Show>
      </A>
      <div class="public-item-facts">
        <span class="public-code">{props.item.basicCode}</span>
        <span>{labels().powerType[props.item.type]}</span>
        <span>{unit() ? (locale() === 'en' && unit()!.nameEn ? unit()!.nameEn : unit()!.name) : t().list.unclaimed}</span>
        <span>{t().levels[props.item.level - 1]}</span>
        <span class={`public-status public-status-${props.item.status.toLowerCase()}`}>{labels().powerItemStatus[props.item.status]}</span>
      </div>
    </li>
  );
}
