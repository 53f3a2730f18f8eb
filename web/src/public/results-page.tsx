import { A, useNavigate, useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, Show } from 'solid-js';
import { labels } from '../i18n/labels.ts';
import { formatDate, formatList, formatNumber, locale } from '../i18n/locale.ts';
import { officialListsUrl } from '../exports/export-url.ts';
import { type CampaignRow, isPublished, loadCampaigns } from './campaigns.ts';
import { publicRequest } from './request.ts';
import { publicStrings } from './strings.ts';
import { Loaded, usePageTitle } from './ui.tsx';

const actions = ['CANCEL', 'DELEGATE', 'ENTRUST', 'MERGE', 'ADJUST', 'RETAIN', 'ADD'] as const;
type Action = (typeof actions)[number];
const typeKeys = ['LICENSING', 'PENALTY', 'COMPULSORY', 'LEVY', 'BENEFIT', 'INSPECTION', 'CONFIRMATION', 'REWARD', 'ADJUDICATION', 'OTHER'] as const;

interface Group {
  key: string;
  count: number;
}

interface ResultRow {
  action: Action;
  powerItem: { basicCode: string; name: string } | null;
  proposedItemName: string | null;
  submittingUnit: { name: string; nameEn: string | null };
  approvedDistricts: { name: string; nameEn: string | null }[];
}

interface Results {
  campaignResults: {
    year: number;
    campaign: { id: string };
    title: string;
    noticeNumber: string | null;
    publishedOn: string | null;
    approvedCount: number;
    byAction: Group[];
    byPowerType: Group[];
    byUnit: { unitId: string; name: string; nameEn: string | null; count: number }[];
    proposals: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ResultRow[] };
  } | null;
}

const resultsQuery = /* GraphQL */ `
  query PublicResults($year: Int!, $action: ProposalAction, $after: String) {
    campaignResults(year: $year) {
      year title noticeNumber publishedOn approvedCount campaign { id }
      byAction { key count }
      byPowerType { key count }
      byUnit { unitId name nameEn count }
      proposals(first: 50, action: $action, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          action proposedItemName
          powerItem { basicCode name }
          submittingUnit { name nameEn }
          approvedDistricts { name nameEn }
        }
      }
    }
  }
`;

const typeKeyOf = (code: string) => typeKeys[Number(code) - 1];

/** Why a campaign has no results to show yet (its year and stage), and where to go meanwhile. */
function NotYetPublished(props: { campaign: CampaignRow }) {
  const t = publicStrings;
  return (
    <div class="public-empty">
      <p>{t().results.notYet(props.campaign.year, labels().campaignStatus[props.campaign.status])}</p>
      <p>{t().results.onwards}</p>
      <ul>
        <li>
          <A href="/list">{t().nav.list}</A>
        </li>
        <li>
          <A href="/status">{t().nav.status}</A>
        </li>
      </ul>
    </div>
  );
}

/** 结果公开 at /results and /results/:year: what a published campaign cancelled, delegated, entrusted, adjusted. */
export default function ResultsPage() {
  const t = publicStrings;
  const params = useParams<{ year?: string }>();
  const navigate = useNavigate();
  const [campaigns, { refetch: refetchCampaigns }] = createResource(loadCampaigns);
  const published = () => (campaigns() ?? []).filter(isPublished);
  /** The campaign a visitor most likely waits for: the newest under way (past planning), else the newest. */
  const awaited = () => (campaigns() ?? []).find((campaign) => campaign.status !== 'PLANNING') ?? campaigns()?.[0];
  const campaignOf = (year: number) => (campaigns() ?? []).find((campaign) => campaign.year === year);
  // /results shows the latest published year.
  createEffect(() => {
    const latest = published()[0];
    if (!params.year && latest) navigate(`/results/${latest.year}`, { replace: true });
  });
  const year = () => (params.year && /^\d{4}$/.test(params.year) ? Number(params.year) : undefined);
  const [action, setAction] = createSignal<Action | undefined>(undefined);
  const [data, { refetch, mutate }] = createResource(
    () => (year() ? { year: year()!, action: action() } : false),
    (variables) => publicRequest<Results>(resultsQuery, variables),
  );
  usePageTitle(() => (year() ? t().results.heading(year()!) : t().nav.results));
  const en = () => locale() === 'en';
  const [loadingMore, setLoadingMore] = createSignal(false);

  async function loadMore() {
    const current = data()?.campaignResults;
    if (!current) return;
    setLoadingMore(true);
    try {
      const next = await publicRequest<Results>(resultsQuery, { year: year(), action: action(), after: current.proposals.pageInfo.endCursor });
      const page = next.campaignResults!.proposals;
      mutate({ campaignResults: { ...current, proposals: { pageInfo: page.pageInfo, nodes: [...current.proposals.nodes, ...page.nodes] } } });
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <>
      <Show when={year()} fallback={<h1>{t().nav.results}</h1>}>
        <h1>{t().results.heading(year()!)}</h1>
      </Show>
      <Loaded resource={campaigns} retry={() => void refetchCampaigns()}>
        {() => (
          <Show
            when={published().length > 0}
            fallback={
              <Show when={!year()}>
                <Show when={awaited()} fallback={<p>{t().results.none}</p>}>
                  {(campaign) => <NotYetPublished campaign={campaign()} />}
                </Show>
              </Show>
            }
          >
            <nav class="public-years" aria-label={t().results.choose}>
              <For each={published()}>
                {(campaign) => (
                  <A href={`/results/${campaign.year}`} activeClass="active">
                    {campaign.year}
                  </A>
                )}
              </For>
            </nav>
          </Show>
        )}
      </Loaded>
      <Show when={year()}>
        <Loaded resource={data} retry={() => void refetch()}>
          {(loaded) => (
            <Show
              when={loaded().campaignResults}
              fallback={
                <Show when={campaignOf(year()!)} fallback={<p>{t().notFound.results}</p>}>
                  {(campaign) => <NotYetPublished campaign={campaign()} />}
                </Show>
              }
            >
              {(results) => (
                <>
                  <p>
                    {results().title}
                    <Show when={results().noticeNumber}>（{results().noticeNumber}）</Show>
                  </p>
                  <Show when={results().publishedOn}>{(on) => <p class="muted">{t().results.published(formatDate(on()))}</p>}</Show>
                  <p class="public-total">{t().results.total(results().approvedCount)}</p>
                  <p>
                    {t().results.officialLists}：<a href={officialListsUrl(results().campaign.id, 'xlsx')} download="">.xlsx</a>{' '}
                    <a href={officialListsUrl(results().campaign.id, 'docx')} download="">.docx</a>
                  </p>

                  <h2 id="by-action">{t().results.byAction}</h2>
                  <ul class="public-tiles" aria-labelledby="by-action">
                    <For each={results().byAction}>
                      {(group) => (
                        <li>
                          <span class="public-tile-count">{formatNumber(group.count)}</span>
                          <span>{labels().action[group.key.toUpperCase() as Action]}</span>
                        </li>
                      )}
                    </For>
                  </ul>

                  <h2 id="by-type">{t().results.byType}</h2>
                  <table class="public-table" aria-labelledby="by-type">
                    <thead>
                      <tr>
                        <th scope="col">{t().results.type}</th>
                        <th scope="col">{t().results.countHeader}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={results().byPowerType}>
                        {(group) => (
                          <tr>
                            <td>{typeKeyOf(group.key) ? labels().powerType[typeKeyOf(group.key)!] : group.key}</td>
                            <td>{formatNumber(group.count)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>

                  <h2 id="by-unit">{t().results.byUnit}</h2>
                  <table class="public-table" aria-labelledby="by-unit">
                    <thead>
                      <tr>
                        <th scope="col">{t().results.unit}</th>
                        <th scope="col">{t().results.countHeader}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={results().byUnit}>
                        {(unit) => (
                          <tr>
                            <td>{en() && unit.nameEn ? unit.nameEn : unit.name}</td>
                            <td>{formatNumber(unit.count)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>

                  <h2>{t().results.items}</h2>
                  <div class="public-field">
                    <label for="results-action">{t().results.filter}</label>
                    <select id="results-action" onChange={(event) => setAction(oneAction(event.currentTarget.value))}>
                      <option value="">{t().results.allActions}</option>
                      <For each={actions}>
                        {(value) => (
                          <option value={value} selected={action() === value}>
                            {labels().action[value]}
                          </option>
                        )}
                      </For>
                    </select>
                  </div>
                  <ul class="public-items">
                    <For each={results().proposals.nodes}>
                      {(row) => (
                        <li class="public-item">
                          <Show when={row.powerItem} fallback={<span class="public-item-name">{row.proposedItemName}</span>}>
                            {(item) => (
                              <A class="public-item-name" href={`/list/${encodeURIComponent(item().basicCode)}`}>
                                {item().name}
                              </A>
                            )}
                          </Show>
                          <div class="public-item-facts">
                            <span class={`public-action public-action-${row.action.toLowerCase()}`}>{labels().action[row.action]}</span>
                            <Show when={row.powerItem}>{(item) => <span class="public-code">{item().basicCode}</span>}</Show>
                            <span>{en() && row.submittingUnit.nameEn ? row.submittingUnit.nameEn : row.submittingUnit.name}</span>
                            <Show when={row.approvedDistricts.length > 0}>
                              <span>
                                {t().results.districts}：{formatList(row.approvedDistricts.map((d) => (en() && d.nameEn ? d.nameEn : d.name)))}
                              </span>
                            </Show>
                          </div>
                        </li>
                      )}
                    </For>
                  </ul>
                  <Show when={results().proposals.pageInfo.hasNextPage}>
                    <button type="button" disabled={loadingMore()} onClick={() => void loadMore()}>
                      {loadingMore() ? t().loading : t().more}
                    </button>
                  </Show>
                </>
              )}
            </Show>
          )}
        </Loaded>
      </Show>
    </>
  );
}

const oneAction = (value: string): Action | undefined => actions.find((candidate) => candidate === value);
