import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { createQuery } from '@urql/solid';
import { ErrorNotice } from '../error-notice.tsx';
import type { ResultOf } from '../graphql.ts';
import { common as commonStrings, labels } from '../i18n/labels.ts';
import { formatNumber } from '../i18n/locale.ts';
import { CampaignsQuery, ProposalQueueQuery } from './queue-query.ts';

type ProposalPage = ResultOf<typeof ProposalQueueQuery>['proposals'];
type Proposal = ProposalPage['nodes'][number];

/** The review queue: pick a campaign, then page through its proposals. */
export default function QueuePage() {
  const [campaigns, refetchCampaigns] = createQuery({ query: CampaignsQuery });
  const [chosenId, setChosenId] = createSignal<string>();
  const common = commonStrings();
  const campaignList = () => campaigns.data?.campaigns.nodes ?? [];
  // Until one is chosen: the newest campaign that has proposals (a new year's starts empty).
  const campaignId = () =>
    chosenId() ?? (campaignList().find((c) => c.proposalCount > 0) ?? campaignList()[0])?.id;

  return (
    <main class="page" id="main">
      <div class="page-heading">
        <h1>{t.heading}</h1>
        <Show when={campaignList().length > 0}>
          <label class="field">
            <span>{t.campaign}</span>
            <select onChange={(event) => setChosenId(event.currentTarget.value)}>
              <For each={campaignList()}>
                {(campaign) => (
                  <option value={campaign.id} selected={campaign.id === campaignId()}>
                    {campaignLabel(campaign)}
                  </option>
                )}
              </For>
            </select>
          </label>
        </Show>
      </div>

      <Switch>
        <Match when={campaigns.error}>
          {(error) => (
            <ErrorNotice error={error()} retry={() => refetchCampaigns({ requestPolicy: 'network-only' })} />
          )}
        </Match>
        <Match when={campaignId()} keyed>
          {(id) => <ProposalQueue campaignId={id} />}
        </Match>
        <Match when={campaigns.data}>
          <p class="notice">{t.noCampaigns}</p>
        </Match>
        <Match when={campaigns.fetching}>
          <p class="notice">{common.loading}</p>
        </Match>
      </Switch>
    </main>
  );
}

/** 2019年行政职权事项精简调整 as is; a title without its year gets one: 2019 · 精简调整. */
function campaignLabel(campaign: { year: number; title: string }): string {
  return campaign.title.includes(String(campaign.year)) ? campaign.title : `${campaign.year} · ${campaign.title}`;
}

/** One campaign's proposals, 50 at a time, oldest first. Remounted when the campaign changes. */
function ProposalQueue(props: { campaignId: string }) {
  const common = commonStrings();
  const [after, setAfter] = createSignal<string | null>(null);
  const [result, reexecute] = createQuery({
    query: ProposalQueueQuery,
    variables: () => ({ campaignId: props.campaignId, after: after() }),
  });
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  // A failed "加载更多" clears `result.data`; keep showing the rows already loaded.
  const loaded = createMemo<ProposalPage | undefined>((last) => result.data?.proposals ?? last);

  return (
    <Show
      when={loaded()}
      fallback={
        <Show when={result.error} fallback={<p class="notice">{common.loading}</p>}>
          {(error) => <ErrorNotice error={error()} retry={retry} />}
        </Show>
      }
    >
      {(page) => (
        <section aria-busy={result.fetching}>
          <p class="count">
            <strong>{t.total(page().totalCount)}</strong>
            <Show when={page().nodes.length < page().totalCount}>
              <span class="muted"> · {t.shown(page().nodes.length)}</span>
            </Show>
          </p>

          <table class="queue">
            <thead>
              <tr>
                <th scope="col">{t.columns.basicCode}</th>
                <th scope="col">{t.columns.itemName}</th>
                <th scope="col">{t.columns.itemType}</th>
                <th scope="col">{t.columns.submittingUnit}</th>
                <th scope="col">{t.columns.action}</th>
                <th scope="col">{t.columns.targetDistricts}</th>
                <th scope="col">{t.columns.stage}</th>
                <th scope="col">{t.columns.status}</th>
                <th scope="col" class="num">{t.columns.threads}</th>
              </tr>
            </thead>
            <tbody>
              <For
                each={page().nodes}
                fallback={
                  <tr>
                    <td colspan="9" class="notice">{t.empty}</td>
                  </tr>
                }
              >
                {(proposal) => <ProposalRow proposal={proposal} />}
              </For>
            </tbody>
          </table>

          <div class="more">
            <Switch>
              <Match when={result.error}>
                {(error) => <ErrorNotice error={error()} retry={retry} />}
              </Match>
              <Match when={page().pageInfo.hasNextPage}>
                <button
                  type="button"
                  disabled={result.fetching}
                  onClick={() => setAfter(page().pageInfo.endCursor)}
                >
                  {result.fetching ? common.loading : t.loadMore}
                </button>
              </Match>
            </Switch>
          </div>
        </section>
      )}
    </Show>
  );
}

function ProposalRow(props: { proposal: Proposal }) {
  const p = () => props.proposal;
  const districts = () => p().targetDistricts.map((d) => d.shortName);
  return (
    <tr>
      <td class="code">{p().powerItem?.basicCode ?? '—'}</td>
      <td class="name">{p().powerItem?.name ?? p().proposedItemName ?? '—'}</td>
      <td>{p().powerItem?.typeNameZh ?? labels().powerType[p().powerType]}</td>
      <td>{p().submittingUnit.shortName}</td>
      <td>
        <span class="tag" data-action={p().action}>
          {labels().action[p().action]}
        </span>
      </td>
      <td class="districts">{districts().length > 0 ? t.joinNames(districts()) : '—'}</td>
      <td>{labels().stage[p().stage]}</td>
      <td>
        <span class="status" data-status={p().status}>
          {labels().status[p().status]}
        </span>
      </td>
      <td class="num" classList={{ muted: p().threadCount === 0 }}>
        {p().threadCount}
      </td>
    </tr>
  );
}

const t = {
  heading: '精简意见审查队列',
  campaign: '工作年度',
  noCampaigns: '暂无工作年度。',
  total: (n: number) => `共 ${formatNumber(n)} 条`,
  shown: (n: number) => `已显示 ${formatNumber(n)} 条`,
  empty: '该年度暂无精简意见。',
  loadMore: '加载更多',
  columns: {
    basicCode: '基本编码',
    itemName: '事项名称',
    itemType: '事项类型',
    submittingUnit: '申报单位',
    action: '处理意见',
    targetDistricts: '目标区',
    stage: '阶段',
    status: '状态',
    threads: '意见',
  },
  joinNames: (names: readonly string[]) => names.join('、'),
};
