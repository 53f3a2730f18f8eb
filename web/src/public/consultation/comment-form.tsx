import { createSignal, createUniqueId, Match, Show, Switch } from 'solid-js';
import { locale } from '../../i18n/locale.ts';
import { publicRequest, PublicRequestError } from '../request.ts';
import { newIdempotencyKey, solveChallenge } from './proof-of-work.ts';
import { strings } from './strings.ts';

const limitsQuery = '{ textLimits { publicComment publicCommentAuthorName publicCommentContact } }';
type CommentLimits = { publicComment: number; publicCommentAuthorName: number; publicCommentContact: number };
let limitsRequest: Promise<CommentLimits | undefined> | undefined;

/**
 * The server's limits on a comment (Query.textLimits), counted as it counts: trimmed UTF-16 length.
 * Asked once for all the forms of the page; undefined if the question fails (the server checks
 * anyway, and it is asked again by the next form).
 */
function commentLimits(): Promise<CommentLimits | undefined> {
  limitsRequest ??= publicRequest<{ textLimits: CommentLimits }>(limitsQuery).then(
    (data) => data.textLimits,
    () => {
      limitsRequest = undefined;
      return undefined;
    },
  );
  return limitsRequest;
}

const challengeQuery = '{ publicCommentChallenge { challenge bits } }';
const submitMutation = `mutation SubmitPublicComment($input: SubmitPublicCommentInput!) {
  submitPublicComment(input: $input) {
    __typename
    ... on Error { code messageZh messageEn }
    ... on RateLimitedError { retryAfterSeconds }
  }
}`;

type SubmitResult =
  | { __typename: 'PublicCommentReceipt' }
  | { __typename: string; code: string; messageZh: string; messageEn: string; retryAfterSeconds?: number };

type Phase =
  | { kind: 'editing' }
  | { kind: 'proving'; tried: number }
  | { kind: 'sending' }
  | { kind: 'done' }
  | { kind: 'empty' }
  | { kind: 'refused'; error: PublicRequestError };

/**
 * One comment form of the consultation page: on a proposal (`proposalId`) or on the campaign as a
 * whole. 提交 runs the proof of work (the progress shows), then submits; a retry after a lost
 * answer sends the same submission again, which the idempotency key makes harmless.
 */
export function CommentForm(props: { campaignId: string; proposalId?: string }) {
  const t = () => strings().form;
  const id = createUniqueId();
  const [body, setBody] = createSignal('');
  const [name, setName] = createSignal('');
  const [contact, setContact] = createSignal('');
  const [phase, setPhase] = createSignal<Phase>({ kind: 'editing' });
  /** The last submission whose answer was lost, to send again unchanged. */
  let unanswered: Record<string, unknown> | null = null;
  let idempotencyKey = newIdempotencyKey();

  const [limits, setLimits] = createSignal<CommentLimits>();
  void commentLimits().then(setLimits);
  const bodyLimit = () => limits()?.publicComment;
  const used = () => body().trim().length;
  const tooLong = () => used() > (bodyLimit() ?? Infinity);
  const busy = () => phase().kind === 'proving' || phase().kind === 'sending';
  const tried = () => {
    const current = phase();
    return current.kind === 'proving' ? current.tried : null;
  };

  const refusal = (): string | null => {
    const current = phase();
    if (current.kind === 'empty') return t().empty;
    if (current.kind !== 'refused') return null;
    const { error } = current;
    if (error.code === 'INVALID_TRANSITION') return t().closed;
    if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== undefined) return t().rateLimited(error.retryAfterSeconds);
    return locale() === 'en' ? error.messageEn : error.messageZh;
  };

  async function send(input: Record<string, unknown>): Promise<void> {
    setPhase({ kind: 'sending' });
    unanswered = input;
    const { submitPublicComment: result } = await publicRequest<{ submitPublicComment: SubmitResult }>(submitMutation, { input });
    unanswered = null;
    if ('code' in result) throw new PublicRequestError(result.code, result.messageZh, result.messageEn, result.retryAfterSeconds);
    idempotencyKey = newIdempotencyKey();
    setBody('');
    setName('');
    setContact('');
    setPhase({ kind: 'done' });
  }

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    if (used() === 0) {
      setPhase({ kind: 'empty' });
      return;
    }
    if (tooLong()) return;
    try {
      if (unanswered) return await send(unanswered);
      setPhase({ kind: 'proving', tried: 0 });
      const { publicCommentChallenge: challenge } = await publicRequest<{ publicCommentChallenge: { challenge: string; bits: number } }>(challengeQuery);
      const nonce = await solveChallenge(challenge.challenge, challenge.bits, (tried) => setPhase({ kind: 'proving', tried }));
      await send({
        campaignId: props.campaignId,
        proposalId: props.proposalId,
        body: body(),
        authorName: name().trim() || null,
        contact: contact().trim() || null,
        challenge: challenge.challenge,
        nonce,
        idempotencyKey,
      });
    } catch (error) {
      const refused = error instanceof PublicRequestError ? error : new PublicRequestError('INTERNAL', '提交失败，请稍后再试', 'Could not submit; try again later');
      setPhase({ kind: 'refused', error: refused });
    }
  }

  return (
    <Show
      when={phase().kind !== 'done'}
      fallback={
        <div class="consultation-thanks" role="status">
          <p>{t().thanks}</p>
          <button type="button" onClick={() => setPhase({ kind: 'editing' })}>
            {t().another}
          </button>
        </div>
      }
    >
      <form class="consultation-form" onSubmit={(event) => void submit(event)} novalidate>
        <label for={`${id}-body`}>{t().body}</label>
        <textarea
          id={`${id}-body`}
          rows={4}
          value={body()}
          onInput={(event) => setBody(event.currentTarget.value)}
          aria-describedby={bodyLimit() === undefined ? undefined : `${id}-counter`}
          aria-invalid={tooLong()}
          disabled={busy()}
        />
        <Show when={bodyLimit()}>
          {(limit) => (
            <p id={`${id}-counter`} class="consultation-counter" classList={{ over: tooLong() }}>
              {t().counter(used(), limit())}
              <Show when={tooLong()}> · {t().tooLong(limit())}</Show>
            </p>
          )}
        </Show>
        <label for={`${id}-name`}>{t().name}</label>
        <input id={`${id}-name`} maxLength={limits()?.publicCommentAuthorName} value={name()} onInput={(event) => setName(event.currentTarget.value)} disabled={busy()} />
        <label for={`${id}-contact`}>{t().contact}</label>
        <input
          id={`${id}-contact`}
          maxLength={limits()?.publicCommentContact}
          value={contact()}
          onInput={(event) => setContact(event.currentTarget.value)}
          aria-describedby={`${id}-contact-note`}
          disabled={busy()}
        />
        <p id={`${id}-contact-note`} class="consultation-note">
          {t().contactNote}
        </p>
        <Show when={refusal()}>{(message) => <p class="consultation-refusal" role="alert">{message()}</p>}</Show>
        <div class="consultation-actions">
          <button type="submit" disabled={busy() || tooLong()}>
            {t().submit}
          </button>
          <span role="status" class="consultation-progress">
            <Switch>
              <Match when={tried() !== null}>{t().proving(tried() ?? 0)}</Match>
              <Match when={phase().kind === 'sending'}>{t().sending}</Match>
            </Switch>
          </span>
        </div>
      </form>
    </Show>
  );
}
