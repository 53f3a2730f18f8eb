import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { ErrorNotice } from '../error-notice.tsx';
import { FormError } from '../forms/form-fields.tsx';
import { useTextLimits } from '../forms/text-limits.ts';
import type { EnumValue, ResultOf } from '../graphql.ts';
import { common } from '../i18n/labels.ts';
import { formatDateTime } from '../i18n/locale.ts';
import { followLive } from '../live.ts';
import { outcomeOf } from '../mutation-outcome.ts';
import { proposalPath } from '../workspace/proposal-address.ts';
import { InboxQuery, MarkNotificationsReadMutation, NotificationsChangedSubscription, UpdateNotificationSettingsMutation } from './inbox-query.ts';
import { strings } from './strings.ts';
import './inbox.css';

type Entry = NonNullable<ResultOf<typeof InboxQuery>['me']>['notifications']['edges'][number]['node'];
type Kind = EnumValue<'NotificationKind'>;
type Digest = EnumValue<'NotificationDigest'>;

const kinds: readonly Kind[] = [
  'MENTION',
  'REPLY',
  'ASSIGNMENT',
  'PROPOSAL_RETURNED',
  'PROPOSAL_DECIDED',
  'PROPOSAL_CONTESTED',
  'CONSULTATION',
  'REMINDER',
  'DEADLINE',
  'DEPARTMENT_COMMENT',
];
const digests: readonly Digest[] = ['OFF', 'DAILY', 'HOURLY'];

/** Where a notification leads: the thread in the workspace, the proposal, or the reminders in the to-do. */
export function notificationHref(entry: Pick<Entry, 'threadId' | 'proposal'>): string {
  if (!entry.proposal) return '/todo#reminders';
  const proposal = proposalPath(entry.proposal);
  return entry.threadId ? `${proposal}#thread-${encodeURIComponent(entry.threadId)}` : proposal;
}

/** 通知: my notifications, newest first, live; each opens where it happened and is then read. */
export default function InboxPage() {
  const t = () => strings();
  const [unreadOnly, setUnreadOnly] = createSignal(false);
  const [inbox, refetch] = createQuery({ query: InboxQuery, variables: () => ({ unreadOnly: unreadOnly() }), requestPolicy: 'cache-and-network' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  followLive({ query: NotificationsChangedSubscription, since: () => inbox.data?.logPosition }, () => reload());
  const [marking, mark] = createMutation(MarkNotificationsReadMutation);
  const [notice, setNotice] = createSignal<() => string>();
  const [problem, setProblem] = createSignal<() => string>();

  async function markRead(input: { ids: string[] } | { all: true }) {
    setProblem(undefined);
    const response = await mark({ input });
    const outcome = outcomeOf(response, response.data?.markNotificationsRead, 'NotificationsMarkedRead');
    if (!outcome.ok) return setProblem(() => outcome.message);
    if ('all' in input) setNotice(() => () => strings().allMarked);
    reload();
  }

  return (
    <main class="page inbox-page" id="main">
      <div class="page-heading">
        <h1>{t().heading}</h1>
      </div>
      <p class="portal-notice" role="status">
        {notice()?.()}
      </p>
      <FormError message={problem()} />
      <div class="inbox-tools">
        <label>
          <input type="checkbox" checked={unreadOnly()} onChange={(event) => setUnreadOnly(event.currentTarget.checked)} />
          {t().unreadOnly}
        </label>
        <button type="button" disabled={marking.fetching || (inbox.data?.me?.unreadNotificationCount ?? 0) === 0} onClick={() => void markRead({ all: true })}>
          {t().markAllRead}
        </button>
      </div>
      <Switch>
        <Match when={!inbox.data && inbox.error}>{(error) => <ErrorNotice error={error()} retry={reload} />}</Match>
        <Match when={!inbox.data}>
          <p class="notice">{common().loading}</p>
        </Match>
        <Match when={inbox.data?.me}>
          {(me) => (
            <>
              <Show when={me().notifications.edges.length > 0} fallback={<p class="notice">{unreadOnly() ? t().nothingUnread : t().nothing}</p>}>
                <ul class="inbox-list" aria-label={t().heading}>
                  <For each={me().notifications.edges}>
                    {({ node }) => <InboxEntry entry={node} busy={marking.fetching} onRead={() => void markRead({ ids: [node.id] })} />}
                  </For>
                </ul>
              </Show>
              <Settings settings={me().notificationSettings} onSaved={() => setNotice(() => () => strings().saved)} />
            </>
          )}
        </Match>
      </Switch>
    </main>
  );
}

function InboxEntry(props: { entry: Entry; busy: boolean; onRead: () => void }) {
  const t = () => strings();
  const name = () => props.entry.proposal?.powerItem?.name ?? props.entry.proposal?.proposedItemName ?? '';
  const who = () => (props.entry.kind === 'DEADLINE' ? '' : (props.entry.activity.actor?.displayName ?? t().system));
  return (
    <li class="inbox-entry" classList={{ unread: !props.entry.read }}>
      <A class="inbox-open" href={notificationHref(props.entry)} onClick={() => !props.entry.read && props.onRead()}>
        <Show when={!props.entry.read}>
          <span class="inbox-unread">{t().unread}</span>
        </Show>
        <span class="inbox-what">
          {who()} {t().kind[props.entry.kind]}
        </span>
        <Show when={name()}>
          <span class="inbox-item">{name()}</span>
        </Show>
      </A>
      <time class="inbox-time" datetime={props.entry.createdAt}>
        {formatDateTime(props.entry.createdAt)}
      </time>
      <Show when={!props.entry.read}>
        <button type="button" class="inbox-mark" disabled={props.busy} onClick={() => props.onRead()}>
          {t().markRead}
        </button>
      </Show>
    </li>
  );
}

type SettingsValue = NonNullable<ResultOf<typeof InboxQuery>['me']>['notificationSettings'];

/** Which kinds I want, and the e-mail digest. */
function Settings(props: { settings: SettingsValue; onSaved: () => void }) {
  const t = () => strings();
  const [muted, setMuted] = createSignal<Kind[]>([]);
  const [digest, setDigest] = createSignal<Digest>('OFF');
  const limits = useTextLimits();
  const [email, setEmail] = createSignal('');
  createEffect(() => {
    setMuted([...props.settings.mutedKinds]);
    setDigest(props.settings.digest);
    setEmail(props.settings.email ?? '');
  });
  const [saving, save] = createMutation(UpdateNotificationSettingsMutation);
  const [problem, setProblem] = createSignal<() => string>();

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setProblem(undefined);
    const response = await save({ input: { mutedKinds: muted(), digest: digest(), email: email().trim() || null } });
    const outcome = outcomeOf(response, response.data?.updateNotificationSettings, 'NotificationSettings');
    if (outcome.ok) props.onSaved();
    else setProblem(() => outcome.message);
  }

  return (
    <section class="inbox-settings" aria-labelledby="inbox-settings">
      <h2 id="inbox-settings">{t().settings}</h2>
      <form onSubmit={(event) => void submit(event)}>
        <FormError message={problem()} />
        <fieldset>
          <legend>{t().kinds}</legend>
          <For each={kinds}>
            {(kind) => (
              <label>
                <input
                  type="checkbox"
                  checked={!muted().includes(kind)}
                  onChange={(event) => setMuted(event.currentTarget.checked ? muted().filter((k) => k !== kind) : [...muted(), kind])}
                />
                {t().kind[kind]}
              </label>
            )}
          </For>
        </fieldset>
        <label>
          {t().digest}
          <select value={digest()} onChange={(event) => setDigest(event.currentTarget.value as Digest)}>
            <For each={digests}>{(value) => <option value={value}>{t().digestOption[value]}</option>}</For>
          </select>
        </label>
        <label>
          {t().email}
          <input type="email" value={email()} maxLength={limits()?.email} onInput={(event) => setEmail(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={saving.fetching}>
          {t().save}
        </button>
      </form>
    </section>
  );
}
