import { A, useParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { labels } from '../i18n/labels.ts';
import { formatDate, formatList, locale } from '../i18n/locale.ts';
import type { ListedItem } from './list-page.tsx';
import { publicRequest } from './request.ts';
import { publicStrings } from './strings.ts';
import { Loaded, usePageTitle } from './ui.tsx';

interface Change {
  kind: string;
  summary: string;
  createdAt: string;
  delegatedTo: { code: string; name: string; nameEn: string | null }[];
}

interface Item extends ListedItem {
  legalBasis: string;
  handlingDivision: string | null;
  coImplementers: string | null;
  responsibilitySteps: string[];
  accountability: string | null;
  source: 'STATUTORY' | 'DELEGATED_FROM_ABOVE' | 'ENTRUSTED';
  history: { nodes: Change[] };
}

const itemQuery = /* GraphQL */ `
  query PublicItem($code: String!) {
    powerItem(code: $code) {
      basicCode name subItemName type level status legalBasis handlingDivision coImplementers
      responsibilitySteps accountability source
      implementingUnit { name nameEn }
      history(first: 50) { nodes { kind summary createdAt delegatedTo { code name nameEn } } }
    }
  }
`;

/** Changes the approval of a proposal made: their summary is internal bookkeeping, the kind says it all. */
const decidedKinds = new Set(['cancelled', 'delegated', 'merged']);

/** One power item at /list/:code (基本编码, or its global id): its facts, legal basis, steps and history. */
export default function ItemPage() {
  const t = publicStrings;
  const params = useParams<{ code: string }>();
  const [data, { refetch }] = createResource(
    () => params.code,
    (code) => publicRequest<{ powerItem: Item | null }>(itemQuery, { code }),
  );
  usePageTitle(() => data()?.powerItem?.name ?? t().list.heading);
  const en = () => locale() === 'en';

  return (
    <Loaded resource={data} retry={() => void refetch()}>
      {(loaded) => (
        <Show
          when={loaded().powerItem}
          fallback={
            <>
              <h1>{t().notFound.heading}</h1>
              <p>{t().notFound.item}</p>
              <A href="/list">{t().notFound.back}</A>
            </>
          }
        >
          {(item) => (
            <article class="public-article">
              <p class="public-breadcrumb">
                <A href="/list">{t().list.heading}</A>
              </p>
              <h1>{item().name}</h1>
              <dl class="public-facts">
                <dt>{t().item.code}</dt>
                <dd class="public-code">{item().basicCode}</dd>
                <Show when={item().subItemName}>
                  <dt>{t().item.subItem}</dt>
                  <dd>{item().subItemName}</dd>
                </Show>
                <dt>{t().item.type}</dt>
                <dd>{labels().powerType[item().type]}</dd>
                <dt>{t().item.level}</dt>
                <dd>{t().levels[item().level - 1]}</dd>
                <dt>{t().item.unit}</dt>
                <dd>
                  {item().implementingUnit
                    ? en() && item().implementingUnit!.nameEn
                      ? item().implementingUnit!.nameEn
                      : item().implementingUnit!.name
                    : t().list.unclaimed}
                </dd>
                <Show when={item().handlingDivision}>
                  <dt>{t().item.division}</dt>
                  <dd>{item().handlingDivision}</dd>
                </Show>
                <Show when={item().coImplementers}>
                  <dt>{t().item.coImplementers}</dt>
                  <dd>{item().coImplementers}</dd>
                </Show>
                <dt>{t().item.source}</dt>
                <dd>{labels().powerSource[item().source]}</dd>
                <dt>{t().item.status}</dt>
                <dd>
                  <span class={`public-status public-status-${item().status.toLowerCase()}`}>{labels().powerItemStatus[item().status]}</span>
                </dd>
                <dt>{t().item.link}</dt>
                <dd>
                  <a href={`/list/${encodeURIComponent(item().basicCode)}`}>{`${location.origin}/list/${item().basicCode}`}</a>
                </dd>
              </dl>

              <h2>{t().item.legalBasis}</h2>
              <p class="public-text">{item().legalBasis}</p>

              <Show when={item().responsibilitySteps.length > 0}>
                <h2>{t().item.steps}</h2>
                <ol class="public-steps">
                  <For each={item().responsibilitySteps}>{(step) => <li>{step}</li>}</For>
                </ol>
              </Show>
              <Show when={item().accountability}>
                <h2>{t().item.accountability}</h2>
                <p class="public-text">{item().accountability}</p>
              </Show>

              <h2>{t().item.history}</h2>
              <ol class="public-history">
                <For each={item().history.nodes}>
                  {(change) => (
                    <li>
                      <time datetime={change.createdAt}>{formatDate(change.createdAt)}</time>
                      <strong>{t().item.kinds[change.kind] ?? change.kind}</strong>
                      <Show when={change.delegatedTo.length > 0}>
                        <span>
                          {t().item.delegatedTo(formatList(change.delegatedTo.map((d) => (en() && d.nameEn ? d.nameEn : d.name))))}
                        </span>
                      </Show>
                      <Show when={!decidedKinds.has(change.kind)}>
                        <span class="muted">{change.summary}</span>
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
            </article>
          )}
        </Show>
      )}
    </Loaded>
  );
}
