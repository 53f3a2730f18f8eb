import { createQuery } from '@urql/solid';
import { type JSX, Match, Show, Switch } from 'solid-js';
import { ErrorNotice } from '../error-notice.tsx';
import { common } from '../i18n/labels.ts';
import { locale } from '../i18n/locale.ts';
import { type CampaignEvaluation, CampaignEvaluationQuery, EvaluationCampaignsQuery } from './evaluation-query.ts';
import { strings } from './strings.ts';

/** Why evaluation is not open, in the interface language, or null when it is. */
export const closedReason = (c: CampaignEvaluation): string | null =>
  c.evaluationWindow.open ? null : ((locale() === 'en' ? c.evaluationWindow.reasonEn : c.evaluationWindow.reasonZh) ?? null);

/** Loads a campaign's evaluation for the viewer and renders `children` with it and a reload. */
export function WithCampaignEvaluation(props: { year: number; children: (c: CampaignEvaluation, reload: () => void) => JSX.Element }) {
  const [result, refetch] = createQuery({ query: CampaignEvaluationQuery, variables: () => ({ year: props.year }) });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Switch>
      <Match when={result.error}>{(error) => <ErrorNotice error={error()} retry={reload} />}</Match>
      <Match when={!result.data}>
        <p class="notice">{common().loading}</p>
      </Match>
      <Match when={result.data?.campaign}>{(campaign) => props.children(campaign(), reload)}</Match>
      <Match when={true}>
        <p class="notice">{strings().noCampaign}</p>
      </Match>
    </Switch>
  );
}

/** For a unit's and the evaluator's pages: the newest campaign open for evaluation, else the newest one. */
export function WithEvaluatedCampaign(props: { children: (c: CampaignEvaluation, reload: () => void) => JSX.Element }) {
  const [campaigns] = createQuery({ query: EvaluationCampaignsQuery });
  const year = () => {
    const list = campaigns.data?.campaigns.nodes ?? [];
    return (list.find((c) => c.evaluationWindow.open) ?? list[0])?.year;
  };
  return (
    <Show when={year()} fallback={<p class="notice">{campaigns.data ? strings().noCampaign : common().loading}</p>}>
      {(y) => (
        <>
          <h2>{strings().campaign(y())}</h2>
          <WithCampaignEvaluation year={y()}>{props.children}</WithCampaignEvaluation>
        </>
      )}
    </Show>
  );
}
