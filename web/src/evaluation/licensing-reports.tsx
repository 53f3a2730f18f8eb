import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { domainNow } from '../domain-clock.ts';
import { FormError } from '../forms/form-fields.tsx';
import { formatDate } from '../i18n/locale.ts';
import { outcomeOf } from '../mutation-outcome.ts';
import { type LicensingReportRow, LicensingReportsQuery, PublishLicensingReportMutation } from './evaluation-query.ts';
import { strings } from './strings.ts';
import './evaluation.css';

/** The domain clock's day in China Standard Time (UTC+8), as deadlines are kept. */
export const todayInChina = (): string => new Date(domainNow().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The state a report's row shows: published, pending, or pending past its deadline on `today`. */
export const reportState = (r: LicensingReportRow, today: string) => (r.status === 'PUBLISHED' ? 'PUBLISHED' : r.deadline < today ? 'OVERDUE' : 'PENDING');

/** 年度报告 for a licensing unit: its annual licensing reports, each pending one with a form to mark it published. */
export function UnitLicensingReports(props: { unitId: string; today: string; onDone: (message: () => string) => void }) {
  const t = () => strings().reports;
  const [reports, refetch] = createQuery({ query: LicensingReportsQuery, variables: () => ({ filter: { unitId: props.unitId } }) });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section class="licensing-reports">
      <h2>{t().heading}</h2>
      <For each={reports.data?.licensingReports.nodes ?? []} fallback={<p class="notice">{reports.data ? t().noReports : ''}</p>}>
        {(report) => (
          <article class="report">
            <h3>{t().yearHeading(report.year)}</h3>
            <Show
              when={report.status === 'PENDING'}
              fallback={<p>{t().publishedOn(formatDate(report.publishedOn!), report.publishedOnTime ?? true)} {report.link ?? report.reference}</p>}
            >
              <p class={reportState(report, props.today) === 'OVERDUE' ? 'danger' : 'muted'}>{t().due(formatDate(report.deadline))}</p>
              <PublishForm report={report} today={props.today} onDone={(message) => (props.onDone(message), reload())} />
            </Show>
          </article>
        )}
      </For>
    </section>
  );
}

function PublishForm(props: { report: LicensingReportRow; today: string; onDone: (message: () => string) => void }) {
  const t = () => strings().reports;
  const [link, setLink] = createSignal('');
  const [reference, setReference] = createSignal('');
  const [publishedOn, setPublishedOn] = createSignal(props.today);
  const [problem, setProblem] = createSignal<() => string>();
  const [state, publish] = createMutation(PublishLicensingReportMutation);
  const id = (part: string) => `report-${props.report.id}-${part}`;
  return (
    <form
      class="inline-form"
      aria-label={t().markPublishedFor(props.report.year)}
      onSubmit={(event) => {
        event.preventDefault();
        void publish({
          input: { reportId: props.report.id, link: link(), reference: reference(), publishedOn: publishedOn(), expectedVersion: props.report.version },
        }).then((response) => {
          const outcome = outcomeOf(response, response.data?.publishLicensingReport, 'LicensingReport');
          if (!outcome.ok) return setProblem(() => outcome.message);
          props.onDone(() => strings().reports.done(props.report.year));
        });
      }}
    >
      <label class="field" for={id('link')}>
        <span>{t().link}</span>
        <input id={id('link')} type="url" value={link()} onInput={(e) => setLink(e.currentTarget.value)} />
      </label>
      <label class="field" for={id('reference')}>
        <span>{t().reference}</span>
        <input id={id('reference')} value={reference()} onInput={(e) => setReference(e.currentTarget.value)} />
      </label>
      <label class="field" for={id('on')}>
        <span>{t().publishedOnLabel}</span>
        <input id={id('on')} type="date" value={publishedOn()} max={props.today} onInput={(e) => setPublishedOn(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={state.fetching}>
        {t().markPublished}
      </button>
      <FormError message={problem()} />
    </form>
  );
}
