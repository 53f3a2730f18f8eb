import { createEffect, createMemo, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useSession } from '../accounts/session.tsx';
import { ErrorNotice } from '../error-notice.tsx';
import type { ResultOf } from '../graphql.ts';
import { common, labels } from '../i18n/labels.ts';
import { formatNumber, locale } from '../i18n/locale.ts';
import { followLive } from '../live.ts';
import { isTeam, sectionPaths } from '../navigation.ts';
import { BarChartFigure } from './bar-chart.tsx';
import {
  enumRows,
  powerTypeOfCode,
  ratio,
  throttle,
  topWithOther,
  unitLabel,
  unitRows,
} from './dashboard-data.ts';
import {
  CampaignActivitySubscription,
  CampaignLiveQuery,
  DashboardCampaignsQuery,
  DashboardUnitsQuery,
  KeyTaskQuery,
} from './dashboard-query.ts';
import { parseQueueView, queueViewParams } from '../review/queue-url.ts';
import { KeyTaskSection, type Figures } from './key-task.tsx';
import { strings } from './strings.ts';
import './dashboard.css';

type Campaign = ResultOf<typeof DashboardCampaignsQuery>['campaigns']['nodes'][number];
type LiveData = ResultOf<typeof CampaignLiveQuery>;

/** The key task this page reports on: 2019's task 20 is the seed page's own. */
const keyTaskNumber = 20;
/** The unit chart shows this many departments, and the rest as one "其他" bar. */
const unitsShown = 15;
/** Live changes refetch the figures at most this often. */
const refetchIntervalMs = 2000;

/** 工作进度: where a campaign stands, with live figures, charts and its key task. */
export default function DashboardPage() {
  const [campaigns, refetchCampaigns] = createQuery({ query: DashboardCampaignsQuery });
  const [chosenId, setChosenId] = createSignal<string>();
  const t = () => strings();
  const campaignList = () => campaigns.data?.campaigns.nodes ?? [];
  // Until one is chosen: the newest campaign that has proposals (a new year's starts empty).
  // The same campaign re-read from the cache (its counts change live) is not a new choice.
  const campaign = createMemo<Campaign | undefined>(
    () =>
      campaignList().find((c) => c.id === chosenId()) ??
      campaignList().find((c) => c.proposalCount > 0) ??
      campaignList()[0],
    undefined,
    { equals: (a, b) => a?.id === b?.id },
  );

  return (
    <main class="page dashboard" id="main">
      <div class="page-heading">
        <h1>{t().heading}</h1>
        <Show when={campaignList().length > 0}>
          <label class="field">
            <span>{t().campaign}</span>
            <select onChange={(event) => setChosenId(event.currentTarget.value)}>
              <For each={campaignList()}>
                {(c) => (
                  <option value={c.id} selected={c.id === campaign()?.id}>
                    {c.title.includes(String(c.year)) ? c.title : `${c.year} · ${c.title}`}
                  </option>
                )}
              </For>
            </select>
          </label>
        </Show>
      </div>

      <Switch>
        <Match when={campaigns.error}>
          {(error) => <ErrorNotice error={error()} retry={() => refetchCampaigns({ requestPolicy: 'network-only' })} />}
        </Match>
        <Match when={campaign()} keyed>
          {(chosen) => <CampaignDashboard campaignId={chosen.id} year={chosen.year} />}
        </Match>
        <Match when={campaigns.data}>
          <p class="notice">{t().noCampaigns}</p>
        </Match>
        <Match when={campaigns.fetching}>
          <p class="notice">{common().loading}</p>
        </Match>
      </Switch>
    </main>
  );
}

/** One campaign's figures and charts, kept live; remounted when another campaign is chosen. */
function CampaignDashboard(props: { campaignId: string; year: number }) {
  const t = () => strings();
  const [live, reexecuteLive] = createQuery({
    query: CampaignLiveQuery,
    variables: () => ({ campaignId: props.campaignId }),
  });
  const [units] = createQuery({ query: DashboardUnitsQuery });
  const refetch = () => reexecuteLive({ requestPolicy: 'network-only' });

  // A burst of changes (a bulk transition moves hundreds of proposals) costs two refetches, not hundreds.
  const throttled = throttle(refetch, refetchIntervalMs);
  onCleanup(throttled.cancel);
  followLive(
    { query: CampaignActivitySubscription, variables: () => ({ campaignId: props.campaignId }) },
    () => throttled.call(),
  );

  // A failed refetch clears `live.data`; keep showing the last figures meanwhile.
  const loaded = createMemo<LiveData | undefined>((last) => live.data ?? last);
  const [updatedAt, setUpdatedAt] = createSignal<Date>();
  createEffect(() => {
    if (live.data) setUpdatedAt(new Date());
  });

  const campaign = () => {
    const node = loaded()?.node;
    return node && 'progress' in node ? node : undefined;
  };
  const progress = () => campaign()?.progress;
  // Only the team reads public comments before they are answered: for others the count is always 0.
  const session = useSession();
  const team = () => isTeam(session.me()?.user.roles ?? []);
  // The key task reports on this campaign: its live figures are the campaign's.
  const figures = () => {
    const counted = campaign()?.figures;
    const unclaimed = loaded()?.unclaimedItems.totalCount;
    return counted && unclaimed !== undefined ? { ...counted, unclaimedItems: unclaimed } : undefined;
  };

  const unitNames = createMemo(() => {
    const language = locale();
    return new Map((units.data?.units ?? []).map((unit) => [unit.id, unitLabel(unit, language)]));
  });
  const cooperatingUnits = () =>
    (units.data?.units ?? []).filter((unit) => unit.kind === 'REVIEW_BODY').map((unit) => unitLabel(unit, locale()));

  return (
    <>
      <p class="live-status" role="status">
        <span class="live-dot" aria-hidden="true" />
        {t().live.following}
        <Show when={updatedAt()}>{(at) => <span class="muted"> · {t().live.updatedAt(at())}</span>}</Show>
      </p>

      <Show when={live.error}>{(error) => <ErrorNotice error={error()} retry={refetch} />}</Show>

      <Show when={loaded()} fallback={<Show when={!live.error}><p class="notice">{common().loading}</p></Show>}>
        <section class="dashboard-section" aria-labelledby="figures-heading">
          <h2 id="figures-heading">{t().figures.heading}</h2>
          <Show when={figures()}>
            {(f) => <HeadlineFigures figures={f()} />}
          </Show>
          <Show when={team() ? campaign() : undefined}>
            {(c) => <PublicCommentsFigure campaignId={props.campaignId} count={c().unansweredPublicCommentCount} />}
          </Show>
        </section>

        <Show when={progress()}>
          {(p) => <ProgressCharts progress={p()} unitName={(id) => unitNames().get(id)} />}
        </Show>
      </Show>

      <KeyTask year={props.year} figures={figures()} cooperatingUnits={cooperatingUnits()} />
    </>
  );
}

type Progress = Extract<NonNullable<LiveData['node']>, { progress: unknown }>['progress'];

/** The campaign's proposals by stage, status, action, power type and unit. */
function ProgressCharts(props: { progress: Progress; unitName: (unitId: string) => string | undefined }) {
  const t = () => strings().charts;
  const stageRows = createMemo(() => enumRows(props.progress.byStage, labels().stage));
  const statusRows = createMemo(() => enumRows(props.progress.byStatus, labels().status));
  const actionRows = createMemo(() => enumRows(props.progress.byAction, labels().action));
  const powerTypeRows = createMemo(() => enumRows(props.progress.byPowerType, labels().powerType, powerTypeOfCode));
  const allUnits = createMemo(() => unitRows(props.progress.byUnit, props.unitName));
  const unitChart = createMemo(() => topWithOther(allUnits(), unitsShown, t().others));
  return (
    <section class="dashboard-section" aria-labelledby="charts-heading">
      <h2 id="charts-heading">{t().heading}</h2>
      <Show when={stageRows().some((row) => row.count > 0)} fallback={<p class="notice">{t().empty}</p>}>
        <div class="chart-grid">
          <BarChartFigure title={t().stage.title} category={t().stage.category} rows={stageRows()} />
          <BarChartFigure title={t().status.title} category={t().status.category} rows={statusRows()} />
          <BarChartFigure title={t().action.title} category={t().action.category} rows={actionRows()} />
          <BarChartFigure title={t().powerType.title} category={t().powerType.category} rows={powerTypeRows()} />
        </div>
        <BarChartFigure
          title={t().unit.title}
          category={t().unit.category}
          rows={unitChart()}
          tableRows={allUnits()}
          note={unitChart().length < allUnits().length ? t().unitNote(unitsShown) : undefined}
        />
      </Show>
    </section>
  );
}

/** The campaign's headline numbers, large. */
function HeadlineFigures(props: { figures: Figures }) {
  const t = () => strings().figures;
  const f = () => props.figures;
  return (
    <dl class="figures">
      <Figure label={t().proposalsSubmitted} value={f().proposalsSubmitted} />
      <Figure label={t().unitsSubmitting} value={f().unitsSubmitting} />
      <Figure
        label={t().proposalsDecided}
        value={f().proposalsDecided}
        note={t().shareOf(ratio(f().proposalsDecided, f().proposalsSubmitted))}
      />
      <Figure label={t().cancellationsApproved} value={f().cancellationsApproved} />
      <Figure label={t().delegationsApproved} value={f().delegationsApproved} />
      <Figure
        label={t().handoversTakenOver}
        value={f().handoversTakenOver}
        note={t().ofTotal(f().handoversTotal, ratio(f().handoversTakenOver, f().handoversTotal))}
      />
      <Figure label={t().unclaimedItems} value={f().unclaimedItems} />
    </dl>
  );
}

/** 待处理的公众意见: the campaign's public comments received and not yet answered, with the queue filtered to them. */
function PublicCommentsFigure(props: { campaignId: string; count: number }) {
  const t = () => strings().figures;
  const href = () => {
    const params = queueViewParams({ ...parseQueueView({}), campaignId: props.campaignId, unansweredPublicComments: true });
    const set = Object.entries(params).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : []));
    return `${sectionPaths.queue}?${new URLSearchParams(set).toString()}`;
  };
  return (
    <dl class="figures">
      <div class="figure">
        <dt>{t().unansweredPublicComments}</dt>
        <dd class="figure-value">{formatNumber(props.count)}</dd>
        <dd class="figure-note">
          <A href={href()}>{t().inQueue}</A>
        </dd>
      </div>
    </dl>
  );
}

function Figure(props: { label: string; value: number; note?: string }) {
  return (
    <div class="figure">
      <dt>{props.label}</dt>
      <dd class="figure-value">{formatNumber(props.value)}</dd>
      <Show when={props.note}>
        <dd class="figure-note">{props.note}</dd>
      </Show>
    </div>
  );
}

/** The year's key task 20, as the seed page lays it out, with the live figures. */
function KeyTask(props: { year: number; figures: Figures | undefined; cooperatingUnits: readonly string[] }) {
  const t = () => strings().keyTask;
  const [result, reexecute] = createQuery({
    query: KeyTaskQuery,
    variables: () => ({ year: props.year, number: keyTaskNumber }),
  });
  return (
    <Switch>
      <Match when={result.error}>
        {(error) => <ErrorNotice error={error()} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      </Match>
      <Match when={result.data?.keyTask}>
        {(task) => (
          <KeyTaskSection
            task={task()}
            leadUnit={unitLabel(task().leadUnit, locale())}
            cooperatingUnits={props.cooperatingUnits}
            figures={props.figures}
          />
        )}
      </Match>
      <Match when={result.data}>
        <section class="dashboard-section" aria-labelledby="key-task-heading">
          <h2 id="key-task-heading">{t().heading(keyTaskNumber)}</h2>
          <p class="notice">{t().none(props.year, keyTaskNumber)}</p>
        </section>
      </Match>
    </Switch>
  );
}
