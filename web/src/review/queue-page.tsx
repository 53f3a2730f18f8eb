import { createMemo, For, Match, Show, Switch } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import type { Client } from '@urql/core';
import { createQuery } from '@urql/solid';
import { useSession } from '../accounts/session.tsx';
import { ErrorNotice } from '../error-notice.tsx';
import type { EnumValue } from '../graphql.ts';
import { common } from '../i18n/labels.ts';
import { bulkAbilities, hasBulkActions, noBulkActions } from './bulk.ts';
import { QueueFilters, type UpdateView } from './queue-filters.tsx';
import { QueueList } from './queue-list.tsx';
import { BulkActionsQuery, CampaignsQuery, DepartmentsQuery } from './queue-query.ts';
import { noFilters, parseQueueView, queueFilter, queueViewParams } from './queue-url.ts';
import { strings } from './strings.ts';
import { createTeam } from './team.ts';
import './queue.css';

/** Who may list the team (the API's mentionableUsers is open to the team's writers). */
const teamReaders: readonly EnumValue<'Role'>[] = ['COORDINATOR', 'REVIEWER', 'LEGAL_REVIEWER'];

/**
 * Asks now what the page asks first (its campaigns, bulk actions and departments), so that these
 * answers are on their way while the session is checked: right after signing in to the queue,
 * they would otherwise wait for it (the page mounts once the session is known).
 */
export function prefetchQueue(client: Client): void {
  for (const query of [CampaignsQuery, BulkActionsQuery, DepartmentsQuery]) void client.query(query, {}).toPromise();
}

/**
 * The review team's queue: every proposal of a campaign under the filters in the address, in a
 * virtual list that reads pages as it scrolls and follows live changes, with bulk actions.
 */
export default function QueuePage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const view = createMemo(() => parseQueueView(params));
  const update: UpdateView = (change, options) =>
    setParams(queueViewParams({ ...view(), ...change }), { replace: options?.replace ?? false });

  const roles = () => session.me()?.user.roles ?? [];
  const [bulkActions] = createQuery({ query: BulkActionsQuery });
  const abilities = createMemo(() => {
    const offered = bulkActions.data?.me?.bulkActions;
    return offered ? bulkAbilities(offered) : noBulkActions;
  });
  const mayReadTeam = () => roles().some((role) => teamReaders.includes(role));

  const [campaigns, refetchCampaigns] = createQuery({ query: CampaignsQuery });
  const [departments] = createQuery({ query: DepartmentsQuery });
  const campaignList = () => campaigns.data?.campaigns.nodes ?? [];
  // Unless the address names one: the newest campaign that has proposals (a new year's starts empty).
  const campaign = createMemo(() => {
    const list = campaignList();
    const chosen = view().campaignId;
    return (chosen ? list.find((c) => c.id === chosen) : undefined) ?? list.find((c) => c.proposalCount > 0) ?? list[0];
  });
  const team = createTeam(() => campaign()?.id, mayReadTeam);

  /** What the list shows; a new one remounts it (rows, selection and subscription start afresh). */
  const shown = createMemo(
    () => {
      const current = campaign();
      return current ? { filter: queueFilter(view(), current.id), order: view().order } : undefined;
    },
    undefined,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );

  // The page's first list returns to where this queue was left (coming back from a proposal);
  // a list remounted for a new filter starts afresh.
  let restored = false;
  const takeRestore = () => {
    const first = !restored;
    restored = true;
    return first;
  };

  const t = () => strings();
  return (
    <main class="page queue-page" id="main">
      <div class="queue-top">
        <div class="page-heading">
          <h1>{t().heading}</h1>
          <Show when={campaignList().length > 0}>
            <label class="field">
              <span>{t().campaign}</span>
              <select onChange={(event) => update({ campaignId: event.currentTarget.value })}>
                <For each={campaignList()}>
                  {(c) => (
                    <option value={c.id} selected={c.id === campaign()?.id}>
                      {campaignLabel(c)}
                    </option>
                  )}
                </For>
              </select>
            </label>
          </Show>
        </div>
        <Show when={campaign()}>
          {(current) => (
            <QueueFilters
              view={view()}
              update={update}
              departments={departments.data?.units ?? []}
              classificationOptions={current().classificationOptions}
              team={team()}
              showMine={roles().includes('REVIEWER') || roles().includes('LEGAL_REVIEWER')}
            />
          )}
        </Show>
      </div>

      <Switch>
        <Match when={campaigns.error}>
          {(error) => <ErrorNotice error={error()} retry={() => refetchCampaigns({ requestPolicy: 'network-only' })} />}
        </Match>
        <Match when={shown()} keyed>
          {(queue) => {
            // Read once per list (a prop that calls it would be read again on each access).
            const restore = takeRestore();
            return (
              <QueueList
                restore={restore}
                campaignId={queue.filter.campaignId}
                year={campaign()?.year ?? 0}
                filter={queue.filter}
                order={queue.order}
                abilities={abilities()}
                selectable={hasBulkActions(abilities())}
                team={team()}
                classificationOptions={campaign()?.classificationOptions ?? []}
                campaignProposalCount={campaign()?.proposalCount ?? 0}
                onClearFilters={() => update(noFilters)}
              />
            );
          }}
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

/** 2019年行政职权事项精简调整 as is; a title without its year gets one: 2019 · 精简调整. */
function campaignLabel(campaign: { year: number; title: string }): string {
  return campaign.title.includes(String(campaign.year)) ? campaign.title : `${campaign.year} · ${campaign.title}`;
}
