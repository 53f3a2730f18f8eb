import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { useSession } from '../accounts/session.tsx';
import { followLive } from '../live.ts';
import { Consultations } from './consultations.tsx';
import { Delegations } from './delegations.tsx';
import { DistrictChangedSubscription } from './district-query.ts';
import { Handovers, parseHandoverStatus } from './handovers.tsx';
import { strings } from './strings.ts';
import './district.css';

type Tab = 'consultations' | 'proposals' | 'handovers';
const tabs: readonly Tab[] = ['consultations', 'proposals', 'handovers'];

/** The address of the portal's views: `?tab=`, with `&show=closed` (consultations) and `&status=` (handovers). */
type Params = { tab?: string; show?: string; status?: string };

/** 本区承接: what the city asks of a district, its answers, and its handovers. */
export default function DistrictPage() {
  const session = useSession();
  const district = () => (session.me()?.user.roles.includes('DISTRICT_LIAISON') ? session.me()?.user.unit : undefined);
  return (
    <main class="page portal district" id="main">
      <Show
        when={district()}
        fallback={
          <>
            <h1>{strings().heading}</h1>
            <p class="notice">{strings().notLiaison}</p>
          </>
        }
      >
        {(unit) => <Portal district={unit()} />}
      </Show>
    </main>
  );
}

function Portal(props: { district: { id: string; name: string; shortName: string } }) {
  const t = () => strings();
  const [params, setParams] = useSearchParams<Params>();
  const tab = (): Tab => ((tabs as readonly string[]).includes(params.tab ?? '') ? (params.tab as Tab) : 'consultations');

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
  followLive({ query: DistrictChangedSubscription, variables: {} }, refresh);
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
      <nav class="portal-tabs" aria-label={t().tabs.label}>
        <For each={tabs}>
          {(name) => (
            <A
              href={`?tab=${name}`}
              aria-current={tab() === name ? 'page' : undefined}
              classList={{ active: tab() === name }}
              onClick={() => setNotice(undefined)}
            >
              {t().tabs[name]}
            </A>
          )}
        </For>
      </nav>
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
