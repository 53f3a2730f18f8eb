import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import { labels } from '../i18n/labels.ts';
import { locale } from '../i18n/locale.ts';
import { PowerItemsQuery } from './department-query.ts';
import { ItemsEmpty } from './empty-states.tsx';
import { SearchForm } from './search-form.tsx';
import { strings } from './strings.ts';
import { ExportMenu } from '../exports/export-menu.tsx';

const pageSize = 20;

/** 权责清单: the unit's own power items, searchable, each with a way to propose a change. */
export function UnitItems(props: { unitId: string; search: string; onSearch: (search: string) => void; canPropose: boolean }) {
  const t = () => strings();
  return (
    <section class="unit-items">
      <div class="toolbar">
        <SearchForm id="unit-item-search" value={props.search} onSearch={props.onSearch} />
        <Show when={props.canPropose}>
          <p class="add-item">
            <span class="muted">{t().items.addHint}</span>{' '}
            <A class="button-link" href="?new=add">
              {t().items.add}
            </A>
          </p>
        </Show>
      </div>
      {/* A new search starts a new table (and its paging) afresh. */}
      <Show when={{ search: props.search }} keyed>
        {({ search }) => <ItemTable unitId={props.unitId} search={search} canPropose={props.canPropose} onClearSearch={() => props.onSearch('')} />}
      </Show>
    </section>
  );
}

/** One search's results, page by page (remounted per search so paging starts over). */
function ItemTable(props: { unitId: string; search: string; canPropose: boolean; onClearSearch: () => void }) {
  const t = () => strings();
  const items = createPagedQuery({
    query: PowerItemsQuery,
    variables: (after) => ({
      filter: { unitId: props.unitId, ...(props.search ? { search: props.search } : {}) },
      after,
      first: pageSize,
    }),
    page: (data) => data.powerItems,
  });

  return (
    <Paged query={items} pageSize={pageSize}>
      {(page) => (
        <>
          <div class="toolbar">
            <p class="count">{props.search ? t().items.found(page.totalCount, props.search) : t().items.total(page.totalCount)}</p>
            <ExportMenu list="power-items" variables={{ filter: { unitId: props.unitId, ...(props.search ? { search: props.search } : {}) } }} />
          </div>
          <table class="portal-table">
            <thead>
              <tr>
                <th scope="col">{t().columns.basicCode}</th>
                <th scope="col">{t().columns.name}</th>
                <th scope="col">{t().columns.type}</th>
                <th scope="col">{t().columns.itemStatus}</th>
                <th scope="col">{t().columns.actions}</th>
              </tr>
            </thead>
            <tbody>
              <For
                each={page.nodes}
                fallback={
                  <tr>
                    <td colspan="5">
                      <ItemsEmpty scope="unit" search={props.search} onClearSearch={props.onClearSearch} />
                    </td>
                  </tr>
                }
              >
                {(item) => (
                  <tr>
                    <td class="code">{item.basicCode}</td>
                    <td class="name">
                      {item.name}
                      <Show when={item.subItemName}>{(sub) => <span class="muted"> · {sub()}</span>}</Show>
                    </td>
                    <td>{locale() === 'en' ? item.typeNameEn : item.typeNameZh}</td>
                    <td>{labels().powerItemStatus[item.status]}</td>
                    <td class="row-actions">
                      <Show when={props.canPropose && item.status === 'IN_FORCE'}>
                        <A class="button-link" href={`?new=${item.id}`} aria-label={t().items.proposeFor(item.name)}>
                          {t().items.propose}
                        </A>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </>
      )}
    </Paged>
  );
}
