import { render } from 'solid-js/web';
import { Navigate, Route, Router, type RouteSectionProps } from '@solidjs/router';
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { Provider } from '@urql/solid';
import { appTitle } from './i18n/zh-CN.ts';
import QueuePage from './review/queue-page.tsx';
import './styles.css';

/** Types without an `id`: graphcache stores them inside their parent. */
const embedded = () => null;

const client = new Client({
  url: '/graphql',
  exchanges: [
    cacheExchange({
      keys: {
        PageInfo: embedded,
        GroupCount: embedded,
        CampaignProgress: embedded,
        ClassificationOption: embedded,
        Attachment: embedded,
        KeyTaskQuarter: embedded,
        QuarterProgress: embedded,
        CampaignFigures: embedded,
        PowerItemChange: embedded,
        QueryCampaignsConnection: embedded,
        QueryCampaignsConnectionEdge: embedded,
        QueryPowerItemsConnection: embedded,
        QueryPowerItemsConnectionEdge: embedded,
        QueryProposalsConnection: embedded,
        QueryProposalsConnectionEdge: embedded,
      },
      resolvers: {
        // "加载更多" fetches the next page with `after`; this merges the pages into one list.
        Query: { proposals: relayPagination() },
      },
    }),
    fetchExchange,
  ],
});

function Shell(props: RouteSectionProps) {
  return (
    <>
      <header class="app-bar">
        <a class="app-name" href="/">
          {appTitle}
        </a>
        <span class="app-product">Devolve</span>
      </header>
      {props.children}
    </>
  );
}

render(
  () => (
    <Provider value={client}>
      <Router root={Shell}>
        <Route path="/" component={QueuePage} />
        <Route path="*" component={() => <Navigate href="/" />} />
      </Router>
    </Provider>
  ),
  document.getElementById('app')!,
);
