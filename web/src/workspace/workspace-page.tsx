import { createEffect, createMemo, createSignal, Match, Show, Switch } from 'solid-js';
import { A, useLocation, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { type CombinedError, createQuery, useClient } from '@urql/solid';
import { useSession } from '../accounts/session.tsx';
import { CommentThreads } from '../comments/comment-threads.tsx';
import { ErrorNotice } from '../error-notice.tsx';
import { common, labels } from '../i18n/labels.ts';
import { locale } from '../i18n/locale.ts';
import { followLive } from '../live.ts';
import { isTeam, sectionPaths } from '../navigation.ts';
import { usePageTitle } from '../page-title.ts';
import { followPresence, type PresenceEntry } from '../presence/presence.ts';
import { PresenceAvatars } from '../presence/presence-avatars.tsx';
import { ActivityTimeline } from './activity-timeline.tsx';
import { ClassificationPanel } from './classification-panel.tsx';
import { ActionConflict } from './conflict-panel.tsx';
import { DecisionPanel } from './decision-panel.tsx';
import { DistrictAnswers } from './district-answers.tsx';
import { createEditing } from './editing.ts';
import { PowerItemFacts, ProposalFacts } from './proposal-facts.tsx';
import { PublicCommentsPanel } from './public-comments-panel.tsx';
import { createRecentChanges } from './recent-changes.ts';
import { snapshotFields, snapshotOf, valueOf } from './snapshot.ts';
import { workspaceStrings as t } from './strings.ts';
import { type Anchor, useWorkspace, type Workspace, WorkspaceContext, type WorkspaceProposal } from './workspace-context.ts';
import { proposalPath, proposalRef } from './proposal-address.ts';
import { QueueNav } from './queue-nav.tsx';
import {
  DeliberationQuery,
  ProposalByCodeQuery,
  ProposalChangedSubscription,
  ThreadAnchorsQuery,
  WorkspaceQuery,
} from './workspace-query.ts';
import './workspace.css';


/**
 * `/2019/440101070002` (canonical), `/proposals/440101070002` and `/proposals/<global id>` (both
 * redirected to the canonical address when the proposal has a code): one proposal, everything a
 * reviewer needs on one screen. See proposal-address.ts.
 */
export default function WorkspacePage() {
  const params = useParams<{ ref?: string; year?: string; code?: string }>();
  const ref = createMemo(() => proposalRef(params), null, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  return (
    // A different proposal is a fresh workspace: no draft or highlight carries over.
    <Show when={ref()} keyed fallback={<NotFound />}>
      {(current) => ('id' in current ? <ProposalWorkspace proposalId={current.id} /> : <ByCode code={current.code} year={current.year} />)}
    </Show>
  );
}

/** A bad address (an unknown id or code, or garbage) is not found, not a failure to retry. */
function isNotFound(error: CombinedError): boolean {
  return error.graphQLErrors.some((e) => e.extensions['code'] === 'VALIDATION' || e.extensions['code'] === 'NOT_FOUND');
}

/** The address with the same query string (the queue it was opened from), replacing this entry of the history. */
function useRedirect(): (path: string) => void {
  const navigate = useNavigate();
  const location = useLocation();
  return (path) => {
    if (path !== location.pathname) navigate(path + location.search + location.hash, { replace: true });
  };
}

/** A readable address: the proposal of that code (and year), found by the server under its read rule. */
function ByCode(props: { code: string; year: number | null }) {
  const redirect = useRedirect();
  const [result, reexecute] = createQuery({ query: ProposalByCodeQuery, variables: () => ({ code: props.code, year: props.year }) });
  const found = () => result.data?.proposalByCode ?? undefined;
  // Without a year: on to /<year>/<code>, the address to keep and share.
  createEffect(() => {
    const proposal = found();
    if (proposal && props.year === null) redirect(proposalPath(proposal));
  });
  return (
    <Switch fallback={<Loading />}>
      <Match when={props.year !== null && found()}>{(proposal) => <ProposalWorkspace proposalId={proposal().id} />}</Match>
      <Match when={result.error}>
        {(error) =>
          isNotFound(error()) ? (
            <NotFound />
          ) : (
            <main class="page" id="main">
              <ErrorNotice error={error()} retry={() => reexecute({ requestPolicy: 'network-only' })} />
            </main>
          )
        }
      </Match>
      <Match when={result.data && !found()}>
        <NotFound />
      </Match>
    </Switch>
  );
}

function Loading() {
  return (
    <main class="page" id="main">
      <p class="notice">{common().loading}</p>
    </main>
  );
}

/** In Chinese and English like every screen, with a way back: the queue it came from, the queue, or home. */
function NotFound() {
  const location = useLocation();
  const [search] = useSearchParams<{ queue?: string }>();
  const session = useSession();
  usePageTitle(() => t().notFoundTitle);
  const queueHref = () => (search.queue !== undefined ? `${sectionPaths.queue}?${search.queue}` : sectionPaths.queue);
  return (
    <main class="page not-found" id="main">
      <h1>{t().notFoundHeading}</h1>
      <p>{t().notFound}</p>
      <p class="muted">{t().notFoundAddress(location.pathname)}</p>
      <p class="not-found-links">
        <Show when={isTeam(session.me()?.user.roles ?? [])}>
          <A href={queueHref()}>{t().backToQueue}</A>
        </Show>
        <A href="/">{t().home}</A>
      </p>
    </main>
  );
}

function ProposalWorkspace(props: { proposalId: string }) {
  const variables = () => ({ id: props.proposalId });
  const [result, reexecute] = createQuery({ query: WorkspaceQuery, variables });
  const proposal = createMemo(() => {
    const node = result.data?.node;
    return node?.__typename === 'Proposal' ? node : undefined;
  });
  // An older /proposals/<global id> link: on to the readable address.
  const redirect = useRedirect();
  createEffect(() => {
    const loaded = proposal();
    if (loaded?.powerItem) redirect(proposalPath(loaded));
  });

  return (
    <Switch fallback={<Loading />}>
      <Match when={proposal()}>
        {(loaded) => (
          <main class="page workspace-page" id="main">
            <Loaded proposalId={props.proposalId} proposal={loaded()} logPosition={result.data?.logPosition} />
          </main>
        )}
      </Match>
      <Match when={result.error && !isNotFound(result.error) ? result.error : undefined}>
        {(error) => (
          <main class="page" id="main">
            <ErrorNotice error={error()} retry={() => reexecute({ requestPolicy: 'network-only' })} />
          </main>
        )}
      </Match>
      <Match when={result.error || result.data}>
        <NotFound />
      </Match>
    </Switch>
  );
}

/** The fields a live update can change: all but the viewer's own vote. */
const liveFields = snapshotFields.filter((field) => field !== 'myVote');

function Loaded(props: {
  proposalId: string;
  proposal: WorkspaceProposal;
  /** Where the page's data was read: the live subscription starts there. */
  logPosition: number | undefined;
}) {
  const client = useClient();
  const session = useSession();
  const variables = () => ({ id: props.proposalId });
  const [deliberationResult, reexecuteDeliberation] = createQuery({ query: DeliberationQuery, variables });
  const [threadAnchors] = createQuery({ query: ThreadAnchorsQuery, variables });
  const [activityRefreshes, setActivityRefreshes] = createSignal(0);

  const deliberation = createMemo(() => {
    const node = deliberationResult.data?.node;
    return node?.__typename === 'Proposal' ? node : undefined;
  });
  const me = () => session.me()?.user;
  const roles = () => me()?.roles ?? [];
  const snapshot = createMemo(() => {
    const votes = deliberation()?.classificationVotes;
    return votes ? snapshotOf(props.proposal, votes, me()?.id) : undefined;
  });

  /** Votes, records, answers and the timeline: new rows never reach the cache by themselves. */
  const refreshLists = () => {
    reexecuteDeliberation({ requestPolicy: 'network-only' });
    setActivityRefreshes((n) => n + 1);
  };
  // Each event brings the proposal itself (graphcache updates it from the event's selection).
  // When the server cannot replay what was missed (REFETCH_REQUIRED), fetch it again as well.
  followLive({ query: ProposalChangedSubscription, variables, since: () => props.logPosition }, (event) => {
    if (event === undefined) void client.query(WorkspaceQuery, variables(), { requestPolicy: 'network-only' }).toPromise();
    refreshLists();
  });

  const edit = createEditing({
    client,
    proposalId: props.proposalId,
    current: snapshot,
    reload: async () => {
      await Promise.all([
        client.query(WorkspaceQuery, variables(), { requestPolicy: 'network-only' }).toPromise(),
        client.query(DeliberationQuery, variables(), { requestPolicy: 'network-only' }).toPromise(),
      ]);
    },
    done: refreshLists,
    reasonLimit: () => deliberationResult.data?.textLimits.reason,
  });

  // Someone else's changes only: the viewer's own vote is never theirs, and what changes while this
  // tab's own action is being sent is the action's result.
  const changed = createRecentChanges(
    () => {
      const now = snapshot();
      return now && new Map(liveFields.map((field) => [field, JSON.stringify(valueOf(now, field))]));
    },
    () => edit.editing()?.phase === 'submitting',
  );
  const changedNames = () => liveFields.filter(changed).map((field) => t().conflict.fields[field]);

  const options = createMemo(() => new Map(props.proposal.campaign.classificationOptions.map((o) => [o.code, o])));
  const [composeAnchor, setComposeAnchor] = createSignal<Anchor | null>(null);
  // As the API decides it: the team reads its internal deliberation (votes) and every thread, the
  // proposal's department its shared threads; districts read neither.
  const readsVotes = () => props.proposal.viewerCan.readVotes;
  const readsThreads = () => props.proposal.viewerCan.readThreads;

  const workspace: Workspace = {
    proposal: () => props.proposal,
    deliberation,
    snapshot,
    myUserId: () => me()?.id,
    hasRole: (role) => roles().includes(role),
    classificationLabel: (code) => {
      const option = options().get(code);
      return option ? (locale() === 'en' ? option.labelEn : option.labelZh) : code;
    },
    changed,
    edit,
    canComment: () => props.proposal.viewerCan.startThread.length > 0,
    composeComment: setComposeAnchor,
    reasonLimit: () => deliberationResult.data?.textLimits.reason,
    openThreads: (anchor) => {
      const node = threadAnchors.data?.node;
      const threads = node?.__typename === 'Proposal' ? node.commentThreads.nodes : [];
      return threads.filter((thread) => thread.anchor === anchor && !thread.resolved).length;
    },
  };
  const presence = followPresence(() => props.proposalId);
  usePageTitle(() => {
    const item = props.proposal.powerItem;
    return item ? `${item.basicCode} ${item.name}` : (props.proposal.proposedItemName ?? t().addedItem);
  });

  return (
    <WorkspaceContext.Provider value={workspace}>
      <QueueNav proposal={props.proposal} />
      <Header presence={presence()} />
      <p class="live-note" role="status">
        <Show when={changedNames().length > 0}>{t().liveUpdated(changedNames())}</Show>
      </p>
      <Show when={edit.editing()?.phase === 'conflict' ? edit.editing() : undefined}>
        {(conflict) => <ActionConflict editing={conflict()} />}
      </Show>
      <Show when={deliberationResult.error && !deliberation()}>
        <ErrorNotice error={deliberationResult.error!} retry={refreshLists} />
      </Show>
      <div class="workspace" classList={{ 'with-threads': readsThreads() }}>
        <div class="workspace-column">
          <ProposalFacts />
          <PowerItemFacts />
          <DistrictAnswers />
          <Show when={isTeam(roles())}>
            <PublicCommentsPanel proposalId={props.proposalId} refreshes={activityRefreshes} />
          </Show>
        </div>
        <div class="workspace-column">
          <DecisionPanel />
          <Show when={readsVotes()}>
            <ClassificationPanel />
          </Show>
          <ActivityTimeline proposalId={props.proposalId} refreshes={activityRefreshes} />
        </div>
        <Show when={readsThreads()}>
          <aside class="workspace-column threads-column">
            <CommentThreads
              proposalId={props.proposalId}
              presence={presence()}
              composeAnchor={composeAnchor()}
              onComposeAnchorHandled={() => setComposeAnchor(null)}
            />
          </aside>
        </Show>
      </div>
    </WorkspaceContext.Provider>
  );
}

/** The item's code and name, the proposal's action, stage and status, and who else is looking. */
function Header(props: { presence: PresenceEntry[] }) {
  const workspace = useWorkspace();
  const ws = workspace.proposal;
  return (
    <header class="workspace-header">
      <div class="workspace-title">
        <p class="eyebrow">
          <Show when={ws().powerItem} fallback={t().addedItem}>
            {(item) => <span class="code">{item().basicCode}</span>}
          </Show>
          <span> · {ws().campaign.title}</span>
        </p>
        <h1>{ws().powerItem?.name ?? ws().proposedItemName ?? t().addedItem}</h1>
        <p class="header-tags">
          <span class="tag" data-action={ws().action}>
            {labels().action[ws().action]}
          </span>
          <span class="stage">{labels().stage[ws().stage]}</span>
          <span class="status" data-status={ws().status}>
            {labels().status[ws().status]}
          </span>
          <span class="muted">{t().submittedBy(ws().submittingUnit.shortName)}</span>
        </p>
      </div>
      <PresenceAvatars entries={props.presence} />
    </header>
  );
}
