import type { Accessor } from 'solid-js';
import { For } from 'solid-js';
import { A } from '@solidjs/router';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import { labels } from '../i18n/labels.ts';
import { formatDateTime, formatRelative } from '../i18n/locale.ts';
import { DistrictProposalsQuery } from './district-query.ts';
import { districtNames, itemName } from './shared.ts';
import { strings } from './strings.ts';

const pageSize = 20;

/** 下放委托事项: the delegations and entrustments to the district (`districtId`), with where each stands. */
export function Delegations(props: { districtId: string; refreshes: Accessor<number> }) {
  const t = () => strings();
  const proposals = createPagedQuery({
    query: DistrictProposalsQuery,
    variables: (after) => ({ districtId: props.districtId, after }),
    page: (data) => data.proposals,
    refreshes: props.refreshes,
  });
  return (
    <section class="delegations">
      <p class="muted">{t().proposals.hint}</p>
      <Paged query={proposals} pageSize={pageSize}>
        {(page) => (
          <>
            <p class="count">{t().proposals.total(page.totalCount)}</p>
            <table class="portal-table">
              <thead>
                <tr>
                  <th scope="col">{t().columns.item}</th>
                  <th scope="col">{t().columns.department}</th>
                  <th scope="col">{t().columns.action}</th>
                  <th scope="col">{t().columns.districts}</th>
                  <th scope="col">{t().columns.stage}</th>
                  <th scope="col">{t().columns.status}</th>
                  <th scope="col">{t().columns.updated}</th>
                </tr>
              </thead>
              <tbody>
                <For
                  each={page.nodes}
                  fallback={
                    <tr>
                      <td colspan="7" class="notice">
                        {t().proposals.empty}
                      </td>
                    </tr>
                  }
                >
                  {(p) => (
                    <tr>
                      <td class="item-cell">
                        <A href={`/proposals/${p.id}`} class="item-link">
                          {itemName(p)}
                        </A>
                        <span class="code">{p.powerItem?.basicCode}</span>
                      </td>
                      <td>{p.submittingUnit.shortName}</td>
                      <td>
                        <span class="tag" data-action={p.action}>
                          {labels().action[p.action]}
                        </span>
                      </td>
                      <td class="districts">{districtNames(p.targetDistricts)}</td>
                      <td>{labels().stage[p.stage]}</td>
                      <td>
                        <span class="status" data-status={p.status}>
                          {labels().status[p.status]}
                        </span>
                      </td>
                      <td>
                        <time datetime={p.updatedAt} title={formatDateTime(p.updatedAt)}>
                          {formatRelative(p.updatedAt)}
                        </time>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </>
        )}
      </Paged>
    </section>
  );
}
