import { For, type JSX, Show } from 'solid-js';
import { changeBasisLabel, labels } from '../i18n/labels.ts';
import { formatDateTime, formatList } from '../i18n/locale.ts';
import { enumLabel } from './activity-sentence.ts';
import type { SnapshotField } from './snapshot.ts';
import { workspaceStrings as t } from './strings.ts';
import { type Anchor, useWorkspace } from './workspace-context.ts';

/** "评论" beside a field: opens a new thread about it, with the count of its open threads. */
function CommentButton(props: { anchor: Anchor; field: string }) {
  const ws = useWorkspace();
  const open = () => ws.openThreads(props.anchor);
  const name = () => (open() > 0 ? `${t().comments.buttonLabel(props.field)} · ${t().comments.open(open())}` : t().comments.buttonLabel(props.field));
  return (
    <button type="button" class="comment-button" aria-label={name()} onClick={() => ws.composeComment(props.anchor)}>
      {t().comments.button}
      <Show when={open() > 0}>
        <span class="comment-count" aria-hidden="true">
          {open()}
        </span>
      </Show>
    </button>
  );
}

/** One labelled value; `field` lights it up when it changes live, `anchor` lets people comment on it. */
function Fact(props: { label: string; field?: SnapshotField; anchor?: Anchor; wide?: boolean; children: JSX.Element }) {
  const ws = useWorkspace();
  return (
    <div class="fact" classList={{ wide: props.wide, changed: props.field !== undefined && ws.changed(props.field) }}>
      <dt>
        <span>{props.label}</span>
        <Show when={props.anchor !== undefined && ws.canComment()}>
          <CommentButton anchor={props.anchor!} field={props.label} />
        </Show>
      </dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** Text the department wrote: kept as typed, line breaks included. */
function Prose(props: { text: string | null | undefined }) {
  return <Show when={props.text} fallback={<span class="muted">{t().none}</span>}>{(text) => <p class="prose">{text()}</p>}</Show>;
}

function Person(props: { person: { displayName: string; unit: { shortName: string } } }) {
  return <>{t().person(props.person.displayName, props.person.unit.shortName)}</>;
}

/** The proposal: what the department asks for and why, where it stands, who reviews it. */
export function ProposalFacts() {
  const ws = useWorkspace();
  const p = () => ws.proposal();
  const s = () => t().proposal;
  const districts = () => p().targetDistricts.map((d) => d.shortName);

  return (
    <section class="card" aria-labelledby="proposal-heading">
      <h2 id="proposal-heading">{s().heading}</h2>
      <dl class="facts">
        <Fact label={s().action} field="action" anchor="ACTION">
          <span class="tag" data-action={p().action}>
            {labels().action[p().action]}
          </span>
        </Fact>
        <Fact label={s().stage} field="stage">
          {labels().stage[p().stage]} ·{' '}
          <span class="status" data-status={p().status}>
            {labels().status[p().status]}
          </span>
        </Fact>
        <Show when={p().action === 'DELEGATE' || p().action === 'ENTRUST' || districts().length > 0}>
          <Fact label={s().targetDistricts} field="targetDistricts" anchor="TARGET_DISTRICTS" wide>
            <Show when={districts().length > 0} fallback={<span class="muted">{t().none}</span>}>
              {formatList(districts())}
            </Show>
          </Fact>
        </Show>
        <Show when={p().mergeIntoItem}>
          {(item) => (
            <Fact label={s().mergeInto} field="mergeIntoItem" wide>
              <span class="code">{item().basicCode}</span> {item().name}
            </Fact>
          )}
        </Show>
        <Show when={p().action === 'ADD'}>
          <Fact label={s().proposedName} field="proposedItemName" wide>
            {p().proposedItemName ?? t().none}
          </Fact>
        </Show>
        <Fact label={s().rationale} field="rationale" anchor="RATIONALE" wide>
          <Prose text={p().rationale} />
        </Fact>
        <Fact label={changeBasisLabel(p().action)} field="changeLegalBasis" anchor="CHANGE_LEGAL_BASIS" wide>
          <Prose text={p().changeLegalBasis} />
        </Fact>
        <Fact label={s().submittingUnit}>{p().submittingUnit.name}</Fact>
        <Fact label={s().leadReviewer} field="leadReviewer">
          <Show when={p().leadReviewer} fallback={<span class="muted">{s().noLeadReviewer}</span>}>
            {(lead) => <Person person={lead()} />}
          </Show>
        </Fact>
        <Fact label={s().assignees} field="assignees" wide>
          <Show when={p().assignees.length > 0} fallback={<span class="muted">{s().noAssignees}</span>}>
            <ul class="people">
              <For each={p().assignees}>{(person) => <li><Person person={person} /></li>}</For>
            </ul>
          </Show>
        </Fact>
        <Fact label={s().dates} wide>
          <ul class="dates">
            <li>
              {s().created} <time dateTime={p().createdAt}>{formatDateTime(p().createdAt)}</time>
            </li>
            <Show when={p().submittedAt}>
              {(at) => (
                <li>
                  {s().submitted} <time dateTime={at()}>{formatDateTime(at())}</time>
                </li>
              )}
            </Show>
            <li>
              {s().updated} <time dateTime={p().updatedAt}>{formatDateTime(p().updatedAt)}</time>
            </li>
            <Show when={p().decidedAt}>
              {(at) => (
                <li>
                  {s().decided} <time dateTime={at()}>{formatDateTime(at())}</time>
                </li>
              )}
            </Show>
          </ul>
        </Fact>
      </dl>
    </section>
  );
}

/** The power item the proposal is about, as the power list has it, with its history. */
export function PowerItemFacts() {
  const ws = useWorkspace();
  const s = () => t().item;

  return (
    <section class="card" aria-labelledby="item-heading">
      <h2 id="item-heading">{s().heading}</h2>
      <Show
        when={ws.proposal().powerItem}
        fallback={
          <>
            <dl class="facts">
              <Fact label={s().type}>{labels().powerType[ws.proposal().powerType]}</Fact>
            </dl>
            <p class="muted">{s().noItem}</p>
          </>
        }
      >
        {(item) => (
          <>
            <dl class="facts">
              <Fact label={s().basicCode} anchor="POWER_ITEM">
                <span class="code">{item().basicCode}</span>
              </Fact>
              <Fact label={s().type}>
                {item().typeCode} {labels().powerType[ws.proposal().powerType]}
              </Fact>
              <Fact label={s().name} wide>
                {item().name}
              </Fact>
              <Show when={item().subItemName}>
                {(sub) => (
                  <Fact label={s().subItem} wide>
                    {sub()}
                  </Fact>
                )}
              </Show>
              <Fact label={s().implementingUnit}>
                <Show when={item().implementingUnit} fallback={<span class="tag unclaimed">{s().unclaimed}</span>}>
                  {(unit) => unit().name}
                </Show>
              </Fact>
              <Fact label={s().handlingDivision}>{item().handlingDivision ?? t().none}</Fact>
              <Fact label={s().source}>{labels().powerSource[item().source]}</Fact>
              <Fact label={s().level}>{s().levels[item().level] ?? String(item().level)}</Fact>
              <Fact label={s().status}>{labels().powerItemStatus[item().status]}</Fact>
              <Show when={item().coImplementers}>
                {(co) => <Fact label={s().coImplementers}>{co()}</Fact>}
              </Show>
              <Fact label={s().legalBasis} anchor="LEGAL_BASIS" wide>
                <Prose text={item().legalBasis} />
              </Fact>
            </dl>
            <h3>{s().history}</h3>
            <Show when={item().history.pageInfo.hasNextPage}>
              <p class="muted">{s().earlierHistory}</p>
            </Show>
            <ol class="history">
              <For each={[...item().history.nodes].reverse()}>
                {(change) => (
                  <li>
                    <span class="muted">
                      {s().version(change.version)} · <time dateTime={change.createdAt}>{formatDateTime(change.createdAt)}</time>
                    </span>
                    <span>
                      {change.kind === 'created' ? s().historyKindCreated : enumLabel(labels().powerItemStatus, change.kind)}
                      {' · '}
                      {change.summary}
                      <Show when={change.actor}>{(actor) => <> · {actor().displayName}</>}</Show>
                    </span>
                  </li>
                )}
              </For>
            </ol>
          </>
        )}
      </Show>
    </section>
  );
}
