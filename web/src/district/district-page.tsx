import { createSignal, Match, Switch } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { SelfEvaluationPanel } from '../evaluation/self-evaluation.tsx';
import { PortalPage, PortalTabs, tabOf, type PortalUnit } from '../forms/portal.tsx';
import { followLive } from '../live.ts';
import { Consultations } from './consultations.tsx';
import { Delegations } from './delegations.tsx';
import { DistrictChangedSubscription } from './district-query.ts';
import { Handovers, parseHandoverStatus } from './handovers.tsx';
import { strings } from './strings.ts';
import './district.css';

type Tab = 'consultations' | 'proposals' | 'handovers' | 'evaluation';
const tabs: readonly Tab[] = ['consultations', 'proposals', 'handovers', 'evaluation'];

/** The address of the portal's views: `?tab=`, with `&show=closed` (consultations) and `&status=` (handovers). */
type Params = { tab?: string; show?: string; status?: string };

/** 本区承接: what the city asks of a district, its answers, and its handovers. */
export default function DistrictPage() {
  return (
    <PortalPage area="district" role="DISTRICT_LIAISON" heading={strings().heading} refusal={strings().notLiaison}>
      {(district) => <Portal district={district} />}
    </PortalPage>
  );
}

function Portal(props: { district: PortalUnit }) {
  const t = () => strings();
  const [params, setParams] = useSearchParams<Params>();
  const tab = () => tabOf(tabs, params.tab, 'consultations');

  // What the last action did, announced politely at the top of the portal.
  const [notice, setNotice] = createSignal<() => string>();
  // Bumped when the district's lists may have changed: on live events and after our own answers.
  const [refreshes, setRefreshes] = createSignal(0);
  let pendingRefresh: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    // The coordinator opening many consultations at once sends a burst: refetch once for it.
    clearTimeout(pendingRefresh);
    pendingRefresh = setTimeout(() => setRefreshes((n) => n + 1), 300);
  };
  followLive({ query: DistrictChangedSubscription }, refresh);
  const done = (message: () => string) => {
    setNotice(() => message);
    refresh();
  };

  return (
    <>
      <div class="page-heading">
        <h1>
          {t().heading}
          <span class="heading-unit"> · {props.district.shortName}</span>
        </h1>
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
      />
      <Switch>
        <Match when={tab() === 'consultations'}>
          <Consultations
            open={params.show !== 'closed'}
            onShow={(open) => setParams({ show: open ? undefined : 'closed' })}
            refreshes={refreshes}
            onDone={done}
          />
        </Match>
        <Match when={tab() === 'proposals'}>
          <Delegations districtId={props.district.id} refreshes={refreshes} />
        </Match>
        <Match when={tab() === 'evaluation'}>
          <SelfEvaluationPanel onDone={done} />
        </Match>
        <Match when={tab() === 'handovers'}>
          <Handovers
            status={parseHandoverStatus(params.status)}
            onStatus={(status) => setParams({ status: status ?? undefined })}
            refreshes={refreshes}
            onDone={done}
          />
        </Match>
      </Switch>
    </>
  );
}
