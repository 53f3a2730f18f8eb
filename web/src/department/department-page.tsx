import { createSignal, Match, Show, Switch } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { Consultations } from '../district/consultations.tsx';
import { ErrorNotice } from '../error-notice.tsx';
import { ImportScreen } from '../imports/import-screen.tsx';
import { todayInChina, UnitLicensingReports } from '../evaluation/licensing-reports.tsx';
import { DeadlineBanner } from './deadline-banner.tsx';
import { SelfEvaluationPanel } from '../evaluation/self-evaluation.tsx';
import { PortalPage, PortalTabs, tabOf, type PortalUnit } from '../forms/portal.tsx';
import type { ResultOf } from '../graphql.ts';
import { common, labels } from '../i18n/labels.ts';
import { followLive } from '../live.ts';
import { ClaimsPanel } from './claims-panel.tsx';
import { DepartmentActivitySubscription, DepartmentCampaignsQuery } from './department-query.ts';
import { currentCampaign, parseGroup, type ProposalGroup } from './groups.ts';
import { ProposalEditor, type EditorTarget } from './proposal-editor.tsx';
import { ProposalGroups } from './proposal-groups.tsx';
import { strings } from './strings.ts';
import { UnitItems } from './unit-items.tsx';
import './department.css';

type Tab = 'proposals' | 'items' | 'claims' | 'consultations' | 'evaluation' | 'reports' | 'import';
const tabs: readonly Tab[] = ['proposals', 'items', 'claims', 'consultations', 'evaluation', 'reports', 'import'];

/**
 * The address of the portal's views: `?tab=`, `&group=` and `&q=`, `&show=closed` (consultations);
 * `?edit=<proposal>` or `?new=<item>|add` open the editor.
 */
type Params = { tab?: string; group?: string; q?: string; show?: string; edit?: string; new?: string };

/** 本单位事项: a department's power items, its proposals by what needs doing, and its claims. */
export default function DepartmentPage() {
  return (
    <PortalPage area="department" role="SUBMITTER" heading={strings().heading} refusal={strings().notSubmitter}>
      {(unit) => <Portal unit={unit} />}
    </PortalPage>
  );
}

function Portal(props: { unit: PortalUnit }) {
  const t = () => strings();
  const [campaigns, refetchCampaigns] = createQuery({ query: DepartmentCampaignsQuery });
  const campaign = () => currentCampaign(campaigns.data?.campaigns.nodes ?? []);

  return (
    <>
      <div class="page-heading">
        <div>
          <h1>
            {t().heading}
            <span class="heading-unit"> · {props.unit.shortName}</span>
          </h1>
          <Show when={campaign()}>
            {(c) => (
              <p class="portal-context muted">
                {c().title} · {labels().campaignStatus[c().status]}
                <Show when={c().submissionDeadline}>{(date) => <> · {t().deadline(date())}</>}</Show>
              </p>
            )}
          </Show>
        </div>
      </div>
      <Switch>
        <Match when={campaigns.error}>
          {(error) => <ErrorNotice error={error()} retry={() => refetchCampaigns({ requestPolicy: 'network-only' })} />}
        </Match>
        <Match when={campaign()} keyed>
          {(c) => <CampaignPortal unit={props.unit} campaign={c} logPosition={campaigns.data?.logPosition} />}
        </Match>
        <Match when={campaigns.data}>
          <p class="notice">{t().noCampaign}</p>
        </Match>
        <Match when={true}>
          <p class="notice">{common().loading}</p>
        </Match>
      </Switch>
    </>
  );
}

type Campaign = ResultOf<typeof DepartmentCampaignsQuery>['campaigns']['nodes'][number];

/** One campaign's work: remounted when the campaign changes. */
function CampaignPortal(props: {
  unit: PortalUnit;
  campaign: Campaign;
  /** Where the page's data began to be read: the live subscription starts there. */
  logPosition: number | undefined;
}) {
  const t = () => strings();
  const [params, setParams] = useSearchParams<Params>();
  const tab = () => tabOf(tabs, params.tab, 'proposals');
  const group = () => parseGroup(params.group);
  const editorTarget = (): EditorTarget | null =>
    params.edit
      ? { kind: 'edit', proposalId: params.edit }
      : params.new
        ? { kind: 'new', powerItemId: params.new === 'add' ? null : params.new }
        : null;

  // What the last action did, announced politely at the top of the portal.
  const [notice, setNotice] = createSignal<() => string>();
  // Bumped when the unit's proposals may have changed: after our own actions and on live events.
  const [refreshes, setRefreshes] = createSignal(0);
  let pendingRefresh: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    // A reviewer's bulk action sends many events at once: refetch once for the burst.
    clearTimeout(pendingRefresh);
    pendingRefresh = setTimeout(() => setRefreshes((n) => n + 1), 300);
  };
  followLive({ query: DepartmentActivitySubscription, variables: { campaignId: props.campaign.id }, since: () => props.logPosition }, refresh);

  const showGroup = (next: ProposalGroup, message?: () => string) => {
    setNotice(() => message);
    setParams({ tab: 'proposals', group: next, edit: undefined, new: undefined });
    refresh();
  };

  return (
    <>
      <Show when={!props.campaign.viewerCan.propose}>
        <p class="notice">{t().campaignClosed}</p>
      </Show>
      <Show when={props.campaign.viewerCan.propose}>
        <DeadlineBanner deadline={props.campaign.submissionDeadline} today={todayInChina()} />
      </Show>
      <p class="portal-notice" role="status">
        {notice()?.()}
      </p>
      <Show
        when={editorTarget()}
        keyed
        fallback={
          <>
            <PortalTabs
              tabs={tabs}
              current={tab()}
              label={t().tabs.label}
              title={(name) => t().tabs[name]}
              onSelect={() => setNotice(undefined)}
            />
            <Switch>
              <Match when={tab() === 'items'}>
                <UnitItems
                  unitId={props.unit.id}
                  search={params.q ?? ''}
                  onSearch={(q) => setParams({ q: q || undefined })}
                  canPropose={props.campaign.viewerCan.propose}
                />
              </Match>
              <Match when={tab() === 'claims'}>
                <ClaimsPanel onNotice={(message) => setNotice(() => message)} />
              </Match>
              <Match when={tab() === 'consultations'}>
                {/* Other departments' proposals the lead office asks this department about: the district's list and answer form. */}
                <Consultations
                  open={params.show !== 'closed'}
                  onShow={(open) => setParams({ show: open ? undefined : 'closed' })}
                  refreshes={refreshes}
                  onDone={(message) => {
                    setNotice(() => message);
                    refresh();
                  }}
                />
              </Match>
              <Match when={tab() === 'evaluation'}>
                <SelfEvaluationPanel onDone={(message) => setNotice(() => message)} />
              </Match>
              <Match when={tab() === 'reports'}>
                <UnitLicensingReports unitId={props.unit.id} today={todayInChina()} onDone={(message) => setNotice(() => message)} />
              </Match>
              <Match when={tab() === 'import'}>
                <ImportScreen
                  unit={props.unit}
                  campaign={props.campaign}
                  links={{ powerItems: () => '?tab=items', proposals: () => '?tab=proposals' }}
                />
              </Match>
              <Match when={tab() === 'proposals'}>
                <ProposalGroups
                  campaignId={props.campaign.id}
                  unitId={props.unit.id}
                  classificationOptions={props.campaign.classificationOptions}
                  canPropose={props.campaign.viewerCan.propose}
                  group={group()}
                  refreshes={refreshes}
                  onDone={showGroup}
                />
              </Match>
            </Switch>
          </>
        }
      >
        {(target) => (
          <ProposalEditor
            target={target}
            campaignId={props.campaign.id}
            unitId={props.unit.id}
            onCreated={(proposalId, message) => {
              setNotice(() => message);
              setParams({ edit: proposalId, new: undefined }, { replace: true });
              refresh();
            }}
            onDone={showGroup}
            backHref={`?tab=proposals&group=${group()}`}
          />
        )}
      </Show>
    </>
  );
}
