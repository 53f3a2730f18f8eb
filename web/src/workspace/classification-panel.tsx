import { createUniqueId, For, Show } from 'solid-js';
import { locale, formatRelative, formatDateTime } from '../i18n/locale.ts';
import { DraftForm, DraftText, FieldMessage, openDraft } from './draft-form.tsx';
import { createRecentChanges } from './recent-changes.ts';
import { workspaceStrings as t } from './strings.ts';
import { useWorkspace } from './workspace-context.ts';

/** A choice of the campaign's classification vocabulary. */
function CodeSelect(props: { value: string; onChange: (code: string) => void }) {
  const ws = useWorkspace();
  const id = createUniqueId();
  const messageId = `${id}-message`;
  const options = () => ws.proposal().campaign.classificationOptions;
  return (
    <div class="form-field">
      <label for={id}>{t().classification.code}</label>
      <select id={id} aria-describedby={messageId} onChange={(event) => props.onChange(event.currentTarget.value)}>
        <option value="" selected={props.value === ''}>
          {t().classification.chooseCode}
        </option>
        <For each={options()}>
          {(option) => (
            <option value={option.code} selected={option.code === props.value}>
              {locale() === 'en' ? option.labelEn : option.labelZh}
            </option>
          )}
        </For>
      </select>
      <FieldMessage id={messageId} field="code" />
    </div>
  );
}

/** What a final classification `code` goes against, as the server's classificationCheck says: warnings, each its own line. */
function ContradictionFlags(props: { code: string | null | undefined; before: boolean }) {
  const ws = useWorkspace();
  const s = () => t().classification;
  const check = () => ws.proposal().classificationCheck;
  const flags = () => {
    const code = props.code;
    if (!code) return [];
    return [
      check().codesAgainstVotes.includes(code) ? (props.before ? s().warnAgainstVotes : s().againstVotes) : null,
      check().codesAgainstAction.includes(code) ? (props.before ? s().warnAgainstAction : s().againstAction) : null,
    ].filter((flag) => flag !== null);
  };
  return (
    <For each={flags()}>
      {(flag) => (
        <p class="flag disagree" role={props.before ? 'alert' : undefined}>
          <span aria-hidden="true">⚠ </span>
          {flag}
        </p>
      )}
    </For>
  );
}

/**
 * The review team's classification: each reviewer's vote, the majority and whether the votes
 * disagree, the final classification and what it goes against (warned before saving too); a reviewer casts or changes their own vote, the lead reviewer
 * or the coordinator sets the final one (as the server's viewerCan says).
 */
export function ClassificationPanel() {
  const ws = useWorkspace();
  const s = () => t().classification;
  const p = () => ws.proposal();
  const votes = () => ws.deliberation()?.classificationVotes;
  const myVote = () => votes()?.find((vote) => vote.reviewer.id === ws.myUserId());
  const busy = () => ws.edit.editing() !== null || ws.snapshot() === undefined;
  // Others' votes only: the viewer's own is never someone else's live update.
  const changedVote = createRecentChanges(() => {
    const list = votes();
    return list && new Map(list.filter((vote) => vote.reviewer.id !== ws.myUserId()).map((vote) => [vote.id, `${vote.code}:${vote.version}`]));
  });
  const voteDraft = () => openDraft(ws, 'vote');
  const finalDraft = () => openDraft(ws, 'finalClassification');
  const label = (vote: { labelZh: string; labelEn: string }) => (locale() === 'en' ? vote.labelEn : vote.labelZh);

  return (
    <section class="card" aria-labelledby="classification-heading">
      <h2 id="classification-heading">{s().heading}</h2>

      <dl class="facts">
        <div class="fact" classList={{ changed: ws.changed('classificationCode') }}>
          <dt>{s().final}</dt>
          <dd>
            <Show when={p().classificationCode} fallback={<span class="muted">{s().notSet}</span>}>
              {(code) => <strong>{ws.classificationLabel(code())}</strong>}
            </Show>
          </dd>
        </div>
        <div class="fact">
          <dt>{s().consensus}</dt>
          <dd>
            <Show when={p().classificationConsensus} fallback={<span class="muted">{s().noConsensus}</span>}>
              {(code) => ws.classificationLabel(code())}
            </Show>
            <Show when={p().voteCount}>{(n) => <span class="muted"> · {s().votes(n())}</span>}</Show>
          </dd>
        </div>
      </dl>
      <Show when={p().classificationDisagreement}>
        <p class="flag disagree">
          <span aria-hidden="true">⚠ </span>
          {s().disagreement}
        </p>
      </Show>
      <Show when={p().classificationCheck.unanimous}>
        <p class="flag agree">{s().agreement}</p>
      </Show>
      <ContradictionFlags code={p().classificationCode} before={false} />

      <Show when={votes()}>
        {(list) => (
          <ul class="votes">
            <For each={list()} fallback={<li class="muted">{s().noVotes}</li>}>
              {(vote) => (
                <li classList={{ changed: changedVote(vote.id), mine: vote.reviewer.id === ws.myUserId() }}>
                  <div class="vote-line">
                    <span>
                      {t().person(vote.reviewer.displayName, vote.reviewer.unit.shortName)}
                      <Show when={vote.reviewer.id === ws.myUserId()}>{s().mine}</Show>
                    </span>
                    <span class="vote-code" title={vote.code}>
                      {label(vote)}
                    </span>
                  </div>
                  <Show when={vote.note}>{(note) => <p class="prose muted">{note()}</p>}</Show>
                  <time class="muted small" dateTime={vote.updatedAt} title={formatDateTime(vote.updatedAt)}>
                    {formatRelative(vote.updatedAt)}
                  </time>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>

      <Show when={!p().classificationOpen}>
        <p class="muted small">{s().closed}</p>
      </Show>

      <Show
        when={voteDraft()}
        fallback={
          <Show when={p().viewerCan.vote}>
            <button
              type="button"
              disabled={busy()}
              onClick={() => ws.edit.start({ kind: 'vote', code: myVote()?.code ?? '', note: myVote()?.note ?? '' })}
            >
              {myVote() ? s().changeVote : s().vote}
            </button>
          </Show>
        }
      >
        {(draft) => (
          <DraftForm label={myVote() ? s().changeVote : s().vote} submitLabel={s().submitVote}>
            <CodeSelect value={draft().code} onChange={(code) => ws.edit.change({ ...draft(), code })} />
            <DraftText
              field="note"
              label={s().note}
              required={false}
              value={draft().note}
              onInput={(note) => ws.edit.change({ ...draft(), note })}
            />
          </DraftForm>
        )}
      </Show>

      <Show
        when={finalDraft()}
        fallback={
          <Show when={p().viewerCan.finalizeClassification}>
            <button
              type="button"
              class="final-button"
              disabled={busy()}
              onClick={() =>
                ws.edit.start({ kind: 'finalClassification', code: p().classificationCode ?? p().classificationConsensus ?? '' })
              }
            >
              {s().setFinal}
            </button>
          </Show>
        }
      >
        {(draft) => (
          <DraftForm label={s().setFinal} submitLabel={s().submitFinal}>
            <CodeSelect value={draft().code} onChange={(code) => ws.edit.change({ ...draft(), code })} />
            <ContradictionFlags code={draft().code} before={true} />
          </DraftForm>
        )}
      </Show>
    </section>
  );
}
