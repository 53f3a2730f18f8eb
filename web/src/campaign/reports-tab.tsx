import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { reportState, todayInChina } from '../evaluation/licensing-reports.tsx';
import { LicensingReportsQuery, LicensingReportTallyQuery, RequestLicensingReportsMutation } from '../evaluation/evaluation-query.ts';
import { RemindButton } from '../evaluation/roster.tsx';
import { strings } from '../evaluation/strings.ts';
import { FormError } from '../forms/form-fields.tsx';
import { formatDate } from '../i18n/locale.ts';
import { outcomeOf } from '../mutation-outcome.ts';
import type { ConsoleTabProps } from './console-tab.ts';

/**
 * 年度报告: the licensing units' reports on the year before the campaign's (published in its year):
 * the count that feeds key task 20, the deadline, who has not published, and 催办 for them.
 */
export default function ReportsTab(props: ConsoleTabProps) {
  const t = () => strings().reports;
  const year = () => props.campaign.year - 1;
  const today = todayInChina;
  const [tally, refetchTally] = createQuery({ query: LicensingReportTallyQuery, variables: () => ({ year: year() }) });
  const [pending, refetchPending] = createQuery({ query: LicensingReportsQuery, variables: () => ({ filter: { year: year(), status: 'PENDING' as const } }) });
  const reload = () => {
    refetchTally({ requestPolicy: 'network-only' });
    refetchPending({ requestPolicy: 'network-only' });
  };
  const [deadline, setDeadline] = createSignal(`${props.campaign.year}-03-31`);
  const [problem, setProblem] = createSignal<() => string>();
  const [requesting, request] = createMutation(RequestLicensingReportsMutation);
  const pendingReports = () => pending.data?.licensingReports.nodes ?? [];
  return (
    <section class="licensing-reports">
      <h2>{t().yearHeading(year())}</h2>
      <Show when={tally.data?.licensingReportTally}>
        {(counts) => (
          <p class="tally" role="status">
            {counts().due === 0 ? t().notRequested : t().tally(counts())}
          </p>
        )}
      </Show>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void request({ input: { year: year(), deadline: deadline() } }).then((response) => {
            const outcome = outcomeOf(response, response.data?.requestLicensingReports, 'RequestLicensingReportsPayload');
            if (!outcome.ok) return setProblem(() => outcome.message);
            setProblem(undefined);
            props.announce(() => strings().reports.requested(outcome.value.requested, outcome.value.extended));
            reload();
          });
        }}
      >
        <label class="field" for="reports-deadline">
          <span>{t().deadline}</span>
          <input id="reports-deadline" type="date" value={deadline()} onInput={(e) => setDeadline(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={requesting.fetching}>
          {t().request}
        </button>
        <FormError message={problem()} />
      </form>
      <Show when={pendingReports().length > 0}>
        <h3>{t().pendingHeading}</h3>
        <table class="portal-table">
          <thead>
            <tr>
              <th scope="col">{t().unit}</th>
              <th scope="col">{t().deadline}</th>
              <th scope="col">{t().status}</th>
            </tr>
          </thead>
          <tbody>
            <For each={pendingReports()}>
              {(report) => (
                <tr>
                  <th scope="row">{report.unit.shortName}</th>
                  <td>{formatDate(report.deadline)}</td>
                  <td data-state={reportState(report, today())}>{reportState(report, today()) === 'OVERDUE' ? t().overdue : t().pending}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <RemindButton
          campaignId={props.campaign.id}
          unitIds={() => pendingReports().map((r) => r.unit.id)}
          label={t().remind}
          message={t().remindMessage(year())}
          onSent={(n) => props.announce(() => strings().roster.reminded(n))}
        />
      </Show>
    </section>
  );
}
