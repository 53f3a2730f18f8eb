import { type Accessor, createEffect, createSignal, For, on, Show } from 'solid-js';
import { createMutation, createQuery } from '@urql/solid';
import { ErrorNotice } from '../error-notice.tsx';
import { describedBy, FieldError, FormError } from '../forms/form-fields.tsx';
import { createPagedQuery, Paged } from '../forms/pager.tsx';
import type { EnumValue, ResultOf } from '../graphql.ts';
import { common } from '../i18n/labels.ts';
import { formatDate, locale } from '../i18n/locale.ts';
import { outcomeOf, placeProblem, type FieldMessages } from '../mutation-outcome.ts';
import { ClaimPowerItemMutation, ClaimsQuery, PowerItemsQuery } from './department-query.ts';
import { useTextLimits } from '../forms/text-limits.ts';
import { ItemsEmpty } from './empty-states.tsx';
import { problemMessage, reasonProblem } from './proposal-form.ts';
import { SearchForm } from './search-form.tsx';
import { strings } from './strings.ts';

type Claim = { status: EnumValue<'ClaimStatus'>; contested: boolean };
type Item = ResultOf<typeof PowerItemsQuery>['powerItems']['nodes'][number];

const pageSize = 20;

/** Where a claim stands, in words: pending, contested (the lead office decides), granted, turned down. */
function claimLabel(claim: Claim): string {
  const t = strings().claims;
  if (claim.status === 'GRANTED') return t.granted;
  if (claim.status === 'REJECTED') return t.rejected;
  return claim.contested ? t.contested : t.pending;
}

/** 认领: the unit's claims, and the unclaimed items it may claim. */
export function ClaimsPanel(props: { onNotice: (message: () => string) => void }) {
  const t = () => strings().claims;
  const [search, setSearch] = createSignal('');
  const [claimsChanged, setClaimsChanged] = createSignal(0);

  return (
    <div class="claims">
      <section aria-labelledby="my-claims-heading">
        <h2 id="my-claims-heading">{t().mineHeading}</h2>
        <MyClaims refreshes={claimsChanged} />
      </section>
      <section aria-labelledby="unclaimed-heading">
        <h2 id="unclaimed-heading">{t().unclaimedHeading}</h2>
        <p class="muted">{t().unclaimedHint}</p>
        <SearchForm id="unclaimed-search" value={search()} onSearch={setSearch} />
        {/* A new search starts a new table (and its paging) afresh. */}
        <Show when={{ search: search() }} keyed>
          {({ search }) => (
            <UnclaimedItems
              search={search}
              onClearSearch={() => setSearch('')}
              onClaimed={(message) => {
                props.onNotice(message);
                setClaimsChanged((n) => n + 1);
              }}
            />
          )}
        </Show>
      </section>
    </div>
  );
}

function MyClaims(props: { refreshes: Accessor<number> }) {
  const t = () => strings();
  const [result, reexecute] = createQuery({ query: ClaimsQuery, variables: { status: null } });
  createEffect(on(props.refreshes, () => reexecute({ requestPolicy: 'network-only' }), { defer: true }));
  return (
    <Show
      when={result.data}
      fallback={
        <Show when={result.error} fallback={<p class="notice">{common().loading}</p>}>
          {(error) => <ErrorNotice error={error()} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
        </Show>
      }
    >
      {(data) => (
        <Show when={data().powerItemClaims.nodes.length > 0} fallback={<p class="notice">{t().claims.mineEmpty}</p>}>
          <table class="portal-table">
            <thead>
              <tr>
                <th scope="col">{t().columns.basicCode}</th>
                <th scope="col">{t().columns.name}</th>
                <th scope="col">{t().columns.status}</th>
                <th scope="col">{t().columns.reason}</th>
                <th scope="col">{t().columns.decision}</th>
                <th scope="col">{t().columns.claimedOn}</th>
              </tr>
            </thead>
            <tbody>
              <For each={data().powerItemClaims.nodes}>
                {(claim) => (
                  <tr>
                    <td class="code">{claim.powerItem.basicCode}</td>
                    <td class="name">{claim.powerItem.name}</td>
                    <td>
                      <span class="claim-status" data-status={claim.status} data-contested={claim.contested}>
                        {claimLabel(claim)}
                      </span>
                    </td>
                    <td class="name">{claim.reason ?? common().none}</td>
                    <td class="name">{claim.decisionNote ?? common().none}</td>
                    <td>{formatDate(claim.createdAt)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      )}
    </Show>
  );
}

function UnclaimedItems(props: { search: string; onClearSearch: () => void; onClaimed: (message: () => string) => void }) {
  const t = () => strings();
  const items = createPagedQuery({
    query: PowerItemsQuery,
    variables: (after) => ({
      filter: { claimed: false, ...(props.search ? { search: props.search } : {}) },
      after,
      first: pageSize,
    }),
    page: (data) => data.powerItems,
  });

  return (
    <Paged query={items} pageSize={pageSize}>
      {(page) => (
        <>
          <p class="count">
            {props.search ? t().items.found(page.totalCount, props.search) : t().claims.unclaimedTotal(page.totalCount)}
          </p>
          <table class="portal-table">
            <thead>
              <tr>
                <th scope="col">{t().columns.basicCode}</th>
                <th scope="col">{t().columns.name}</th>
                <th scope="col">{t().columns.type}</th>
                <th scope="col">{t().columns.claim}</th>
              </tr>
            </thead>
            <For
              each={page.nodes}
              fallback={
                <tbody>
                  <tr>
                    <td colspan="4">
                      <ItemsEmpty scope="unclaimed" search={props.search} onClearSearch={props.onClearSearch} />
                    </td>
                  </tr>
                </tbody>
              }
            >
              {(item) => <UnclaimedRow item={item} onClaimed={props.onClaimed} />}
            </For>
          </table>
        </>
      )}
    </Paged>
  );
}

type ClaimField = 'reason';

/** An unclaimed item: the unit's claim on it, or 认领 with a reason. */
function UnclaimedRow(props: { item: Item; onClaimed: (message: () => string) => void }) {
  const t = () => strings().claims;
  // The item's claims are the unit's own (a department sees no other unit's); a turned-down one may be renewed.
  const claim = () => props.item.claims.find((c) => c.status !== 'REJECTED');
  const [open, setOpen] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [errors, setErrors] = createSignal<FieldMessages<ClaimField>>({});
  const [state, execute] = createMutation(ClaimPowerItemMutation);
  const textLimits = useTextLimits();
  const reasonId = () => `claim-reason-${props.item.id}`;
  let reasonInput: HTMLTextAreaElement | undefined;

  async function send() {
    const problem = reasonProblem(reason(), textLimits()?.reason);
    if (problem) {
      setErrors({ reason: problemMessage(problem) });
      reasonInput?.focus();
      return;
    }
    setErrors({});
    const response = await execute({ input: { powerItemId: props.item.id, reason: reason().trim() } });
    const outcome = outcomeOf(response, response.data?.claimPowerItem, 'PowerItemClaim');
    if (!outcome.ok) {
      setErrors(placeProblem(outcome, ['reason'] as const));
      if (outcome.inputField === 'reason') reasonInput?.focus();
      return;
    }
    setOpen(false);
    const name = props.item.name;
    const result = outcome.value;
    props.onClaimed(() =>
      result.status === 'GRANTED'
        ? t().claimedGranted(name)
        : result.contested
          ? t().claimedContested(name)
          : t().claimedPending(name),
    );
  }

  return (
    <tbody classList={{ 'has-detail': open() && !claim() }}>
      <tr>
        <td class="code">{props.item.basicCode}</td>
        <td class="name">{props.item.name}</td>
        <td>{locale() === 'en' ? props.item.typeNameEn : props.item.typeNameZh}</td>
        <td class="row-actions">
          <Show
            when={claim()}
            fallback={
              <Show when={!open()}>
                <button type="button" onClick={() => setOpen(true)} aria-label={t().claimFor(props.item.name)}>
                  {t().claim}
                </button>
              </Show>
            }
          >
            {(mine) => (
              <span class="claim-status" data-status={mine().status} data-contested={mine().contested}>
                {claimLabel(mine())}
              </span>
            )}
          </Show>
        </td>
      </tr>
      <Show when={open() && !claim()}>
        <tr class="detail-row">
          <td colspan="4">
            <form
              class="claim-form"
              novalidate
              onSubmit={(event) => {
                event.preventDefault();
                void send();
              }}
            >
              <div class="form-field">
                <label for={reasonId()}>{t().reason}</label>
                <p class="hint" id={`${reasonId()}-hint`}>
                  {t().reasonHint}
                </p>
                <FieldError id={reasonId()} message={errors().reason} />
                <textarea
                  id={reasonId()}
                  ref={(el) => (reasonInput = el)}
                  rows="2"
                  value={reason()}
                  aria-invalid={errors().reason ? 'true' : undefined}
                  aria-describedby={describedBy(reasonId(), { hint: true, error: errors().reason })}
                  onInput={(event) => setReason(event.currentTarget.value)}
                />
              </div>
              <FormError message={errors().form} />
              <div class="button-row">
                <button type="submit" class="primary" disabled={state.fetching}>
                  {t().send}
                </button>
                <button type="button" onClick={() => setOpen(false)}>
                  {t().cancel}
                </button>
              </div>
            </form>
          </td>
        </tr>
      </Show>
    </tbody>
  );
}
