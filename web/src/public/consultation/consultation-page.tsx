import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { labels } from '../../i18n/labels.ts';
import { formatDate, formatList, locale } from '../../i18n/locale.ts';
import { PublicRequestError } from '../request.ts';
import { CommentForm } from './comment-form.tsx';
import {
  type ConsultationView,
  fetchCampaignComments,
  fetchConsultation,
  fetchLatestConsultation,
  type PublicCommentView,
  type PublicProposalView,
} from './consultation-query.ts';
import { strings } from './strings.ts';
import './consultation.css';

/** `/consultation/:year` names a year; `/consultation` (or a year that is no number) means the one open now. */
function yearOf(param: string | undefined): number | null {
  return param && /^\d{4}$/.test(param) ? Number(param) : null;
}

const messageOf = (error: unknown) =>
  error instanceof PublicRequestError ? (locale() === 'en' ? error.messageEn : error.messageZh) : String(error);

/** Accepted comments with the team's replies, as text (never HTML). */
function CommentList(props: { comments: PublicCommentView[] }) {
  const t = strings;
  return (
    <Show when={props.comments.length > 0} fallback={<p class="consultation-muted">{t().noComments}</p>}>
      <ol class="consultation-comments">
        <For each={props.comments}>
          {(comment) => (
            <li>
              <p class="consultation-meta">
                {comment.authorName ?? t().anonymous} · <time datetime={comment.receivedAt}>{formatDate(comment.receivedAt)}</time>
              </p>
              <p class="consultation-text">{comment.body}</p>
              <Show when={comment.reply}>
                {(reply) => (
                  <div class="consultation-reply">
                    <strong>{t().reply}</strong>
                    <p class="consultation-text">{reply()}</p>
                  </div>
                )}
              </Show>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}

/** A form behind a button, so a long list stays readable on a phone. */
function Commenting(props: { label: string; campaignId: string; proposalId?: string }) {
  const [shown, setShown] = createSignal(false);
  return (
    <Show
      when={shown()}
      fallback={
        <button type="button" class="consultation-toggle" aria-expanded="false" onClick={() => setShown(true)}>
          {props.label}
        </button>
      }
    >
      <CommentForm campaignId={props.campaignId} proposalId={props.proposalId} />
    </Show>
  );
}

function ProposalCard(props: { proposal: PublicProposalView; campaignId: string; open: boolean }) {
  const t = strings;
  const p = () => props.proposal;
  return (
    <article class="consultation-proposal" aria-labelledby={`proposal-${p().proposalId}`}>
      <h3 id={`proposal-${p().proposalId}`}>
        {p().itemName}
        <Show when={p().subItemName}>{(sub) => <span class="consultation-sub"> · {sub()}</span>}</Show>
      </h3>
      <dl class="consultation-facts">
        <Show when={p().itemCode}>
          {(code) => (
            <>
              <dt>{t().code}</dt>
              <dd>{code()}</dd>
            </>
          )}
        </Show>
        <dt>{t().action}</dt>
        <dd>{labels().action[p().action]}</dd>
        <Show when={p().targetDistricts.length > 0}>
          <dt>{t().districts}</dt>
          <dd>{formatList(p().targetDistricts)}</dd>
        </Show>
        <dt>{t().rationale}</dt>
        <dd class="consultation-text">{p().rationale}</dd>
        <Show when={p().basis}>
          {(basis) => (
            <>
              <dt>{t().basis}</dt>
              <dd class="consultation-text">{basis()}</dd>
            </>
          )}
        </Show>
      </dl>
      <h4>{t().comments}</h4>
      <CommentList comments={p().comments.nodes} />
      <Show when={props.open}>
        <Commenting label={t().commentOn} campaignId={props.campaignId} proposalId={p().proposalId} />
      </Show>
    </article>
  );
}

function Consultation(props: { consultation: ConsultationView }) {
  const t = strings;
  const c = () => props.consultation;
  const [more, setMore] = createSignal<PublicProposalView[]>([]);
  const [cursor, setCursor] = createSignal(c().proposals.pageInfo.hasNextPage ? c().proposals.pageInfo.endCursor : null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreError, setMoreError] = createSignal<unknown>(null);
  const [campaignComments] = createResource(() => c().campaignId, fetchCampaignComments);

  async function loadMore() {
    setLoadingMore(true);
    setMoreError(null);
    try {
      const next = await fetchConsultation(c().year, cursor());
      setMore((shown) => [...shown, ...(next?.proposals.nodes ?? [])]);
      setCursor(next?.proposals.pageInfo.hasNextPage ? next.proposals.pageInfo.endCursor : null);
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <>
      <h1>
        {t().heading} · {c().title}
      </h1>
      <Show when={c().opensOn && c().deadline}>
        <p class="consultation-window">{t().window(formatDate(c().opensOn ?? ''), formatDate(c().deadline ?? ''))}</p>
      </Show>
      <p class="consultation-intro">{c().open ? t().open : t().closed}</p>

      <section aria-labelledby="consultation-proposals">
        <h2 id="consultation-proposals">{t().proposals}</h2>
        <Show when={c().proposals.nodes.length > 0} fallback={<p class="consultation-muted">{t().noProposals}</p>}>
          <For each={[...c().proposals.nodes, ...more()]}>
            {(proposal) => <ProposalCard proposal={proposal} campaignId={c().campaignId} open={c().open} />}
          </For>
        </Show>
        <Show when={moreError()}>{(error) => <p class="consultation-refusal" role="alert">{t().loadFailed + messageOf(error())}</p>}</Show>
        <Show when={cursor()}>
          <button type="button" class="consultation-more" disabled={loadingMore()} onClick={() => void loadMore()}>
            {loadingMore() ? t().loading : t().more}
          </button>
        </Show>
      </section>

      <section aria-labelledby="consultation-campaign" class="consultation-campaign">
        <h2 id="consultation-campaign">{t().campaignThread}</h2>
        <Switch>
          <Match when={campaignComments.error}>
            <p class="consultation-refusal">{t().loadFailed + messageOf(campaignComments.error)}</p>
          </Match>
          <Match when={campaignComments()}>{(comments) => <CommentList comments={comments()} />}</Match>
        </Switch>
        <Show when={c().open}>
          <Commenting label={t().commentOnCampaign} campaignId={c().campaignId} />
        </Show>
      </section>
    </>
  );
}

/**
 * None open now (or none for the year asked): says so, names the latest window that has opened and
 * closed with a link to its accepted comments, and points on to the power list and the status page.
 */
function NoneOpen() {
  const t = strings;
  const [latest] = createResource(fetchLatestConsultation);
  return (
    <>
      <h1>{t().heading}</h1>
      <p class="consultation-intro">{t().none}</p>
      <Switch>
        <Match when={latest()?.open === false && latest()}>
          {(last) => (
            <p>
              {t().lastWindow(last().year, formatDate(last().opensOn ?? ''), formatDate(last().deadline ?? ''))}{' '}
              <A href={`/consultation/${last().year}`}>{t().lastLink(last().year)}</A>
            </p>
          )}
        </Match>
        <Match when={latest.state === 'ready' && latest() === null}>
          <p>{t().neverYet}</p>
        </Match>
      </Switch>
      <p>{t().onwards}</p>
      <ul class="consultation-onwards">
        <li>
          <A href="/list">{t().toList}</A>
        </li>
        <li>
          <A href="/status">{t().toStatus}</A>
        </li>
      </ul>
    </>
  );
}

/**
 * 公开征求意见: the public consultation page, mounted by the public shell at `/consultation` and
 * `/consultation/:year`. Lists the proposals put to the public with their rationale, the accepted
 * comments with the team's replies, and while the window is open a comment form per proposal and
 * one for the campaign. Everything shown is text: nothing a visitor wrote is read as HTML.
 */
export default function ConsultationPage() {
  const t = strings;
  const params = useParams<{ year?: string }>();
  const [consultation, { refetch }] = createResource(() => ({ year: yearOf(params.year) }), ({ year }) => fetchConsultation(year));
  return (
    <div class="consultation">
      <Switch fallback={<p class="consultation-muted">{t().loading}</p>}>
        <Match when={consultation.error}>
          <p class="consultation-refusal" role="alert">
            {t().loadFailed + messageOf(consultation.error)}
          </p>
          <button type="button" onClick={() => void refetch()}>
            {t().retry}
          </button>
        </Match>
        {/* Keyed: another year is another page, its "load more" state starting afresh. */}
        <Match when={consultation.state === 'ready' && consultation()} keyed>
          {(found) => <Consultation consultation={found} />}
        </Match>
        <Match when={consultation.state === 'ready'}>
          <NoneOpen />
        </Match>
      </Switch>
    </div>
  );
}
