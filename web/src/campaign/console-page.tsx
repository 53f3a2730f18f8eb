import { createSignal, For, lazy, Match, Show, Switch, type Component } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { ErrorNotice } from '../error-notice.tsx';
import { PortalPage, PortalTabs, tabOf } from '../forms/portal.tsx';
import { common } from '../i18n/labels.ts';
import { domainNow } from '../domain-clock.ts';
import { ConsoleCampaignsQuery, type ConsoleCampaign } from './console-query.ts';
import { CreateCampaignForm } from './create-campaign.tsx';
import type { ConsoleTabProps } from './console-tab.ts';
import { strings } from './strings.ts';
import './campaign.css';

const tabs = ['overview', 'consultations', 'claims', 'reminders', 'handovers', 'evaluations', 'reports', 'progress', 'import'] as const;
type Tab = (typeof tabs)[number];

// Each tab is its own chunk: the console loads only the one it shows.
const tabPages: Record<Tab, Component<ConsoleTabProps>> = {
  overview: lazy(() => import('./overview-tab.tsx')),
  consultations: lazy(() => import('./consultations-tab.tsx')),
  claims: lazy(() => import('./claims-tab.tsx')),
  reminders: lazy(() => import('./reminders-tab.tsx')),
  handovers: lazy(() => import('./handovers-tab.tsx')),
  evaluations: lazy(() => import('./evaluations-tab.tsx')),
  reports: lazy(() => import('./reports-tab.tsx')),
  progress: lazy(() => import('./progress-tab.tsx')),
  import: lazy(() => import('./import-tab.tsx')),
};

/** The address of the console's views: `?year=` (the newest campaign when absent) and `?tab=`. */
type Params = { year?: string; tab?: string };

/** 年度工作: the lead office runs its campaign year from here. */
export default function CampaignConsolePage() {
  return (
    <PortalPage area="campaign" role="COORDINATOR" heading={strings().heading} refusal={strings().notCoordinator}>
      {() => <Console />}
    </PortalPage>
  );
}

function Console() {
  const t = () => strings();
  const [params, setParams] = useSearchParams<Params>();
  const tab = () => tabOf(tabs, params.tab, 'overview');
  const [campaigns, refetch] = createQuery({ query: ConsoleCampaignsQuery });
  const list = () => campaigns.data?.campaigns.nodes ?? [];
  const chosen = (): ConsoleCampaign | undefined => list().find((c) => String(c.year) === params.year) ?? list()[0];
  const [notice, setNotice] = createSignal<() => string>();
  const refreshCampaign = () => refetch({ requestPolicy: 'network-only' });
  const announce = (message: () => string) => setNotice(() => message);
  /** The year a new campaign is for: the one after the newest, or this year by the domain clock. */
  const nextYear = () => (list().length > 0 ? Math.max(...list().map((c) => c.year)) + 1 : domainNow().getFullYear());
  const [creating, setCreating] = createSignal(false);
  const created = (year: number) => {
    setCreating(false);
    refreshCampaign();
    setParams({ year: String(year), tab: 'overview' });
    announce(() => t().create.created(year));
  };

  return (
    <>
      <div class="page-heading">
        <h1>{t().heading}</h1>
        <Show when={list().length > 0}>
          <label class="console-year">
            {t().year}
            <select value={chosen()?.year} onChange={(e) => setParams({ year: e.currentTarget.value })}>
              <For each={list()}>{(c) => <option value={c.year}>{t().yearOption(c.year, c.title)}</option>}</For>
            </select>
          </label>
          <Show when={!creating()}>
            <button type="button" onClick={() => setCreating(true)}>
              {t().createNext(nextYear())}
            </button>
          </Show>
        </Show>
      </div>
      <p class="portal-notice" role="status">
        {notice()?.()}
      </p>
      <PortalTabs
        tabs={tabs}
        current={tab()}
        label={t().tabs.label}
        title={(name) => t().tabs[name]}
        onSelect={() => setNotice(undefined)}
        href={(name) => `?${new URLSearchParams({ ...(params.year ? { year: params.year } : {}), tab: name })}`}
      />
      <Switch>
        <Match when={campaigns.error}>{(error) => <ErrorNotice error={error()} retry={() => refetch({ requestPolicy: 'network-only' })} />}</Match>
        <Match when={campaigns.fetching && !campaigns.data}>
          <p class="notice">{common().loading}</p>
        </Match>
        <Match when={creating()}>
          <CreateCampaignForm year={nextYear()} onCreated={created} onCancel={() => setCreating(false)} />
        </Match>
        <Match when={true}>
          <Show
            when={chosen()}
            fallback={
              <>
                <p class="notice">
                  {t().noCampaign}
                  {t().noCampaignAction}
                </p>
                <CreateCampaignForm year={nextYear()} onCreated={created} />
              </>
            }
          >
            {(campaign) => (
              <Dynamic
                component={tabPages[tab()]}
                campaign={campaign()}
                refreshCampaign={refreshCampaign}
                announce={announce}
              />
            )}
          </Show>
        </Match>
      </Switch>
    </>
  );
}
