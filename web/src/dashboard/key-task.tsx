import { For, Match, Show, Switch } from 'solid-js';
import type { ResultOf } from '../graphql.ts';
import { labels } from '../i18n/labels.ts';
import { formatList } from '../i18n/locale.ts';
import { printOnly } from '../print.ts';
import type { CampaignLiveQuery, KeyTaskQuery } from './dashboard-query.ts';
import { strings } from './strings.ts';

type KeyTask = NonNullable<ResultOf<typeof KeyTaskQuery>['keyTask']>;
type Quarter = KeyTask['quarters'][number];

/** The numbers the API counts for a key task (CampaignFigures), and the power list's unclaimed items. */
export type Figures = Extract<NonNullable<ResultOf<typeof CampaignLiveQuery>['node']>, { figures: unknown }>['figures'] & {
  unclaimedItems: number;
};

/** The report's .docx, served by the API (server/src/documents/http.ts) with the session cookie. */
export const keyTaskDocumentPath = (year: number, number: number) => `/documents/key-tasks/${year}/${number}.docx`;

/**
 * A key task laid out like the government's own progress page (任务20): the task, its lead and
 * cooperating units, the year's goals per quarter, then each quarter's progress with its status.
 * The figures the page once typed in by hand come live from the API. The task's texts are Chinese
 * records and stay Chinese (marked `lang`) when the interface speaks English.
 */
export function KeyTaskSection(props: {
  task: KeyTask;
  leadUnit: string;
  cooperatingUnits: readonly string[];
  figures: Figures | undefined;
}) {
  const t = () => strings().keyTask;
  return (
    <section class="key-task" id="key-task" aria-labelledby="key-task-heading">
      <div class="key-task-heading">
        <h2 id="key-task-heading">{t().heading(props.task.number)}</h2>
        <div class="key-task-actions" role="group" aria-label={t().documentActions}>
          <button type="button" onClick={() => printOnly('key-task')}>
            {t().print}
          </button>
          <a class="button-link" href={keyTaskDocumentPath(props.task.year, props.task.number)} download="">
            {t().download}
          </a>
        </div>
      </div>
      <p class="print-only report-title" lang="zh-CN">
        {t().reportTitle(props.task.year, props.task.number)}
      </p>
      <dl class="key-task-facts">
        <div>
          <dt>{t().task}</dt>
          <dd lang="zh-CN">{props.task.title}</dd>
        </div>
        <div>
          <dt>{t().leadUnit}</dt>
          <dd>{props.leadUnit}</dd>
        </div>
        <Show when={props.cooperatingUnits.length > 0}>
          <div>
            <dt>{t().cooperatingUnits}</dt>
            <dd>{formatList(props.cooperatingUnits)}</dd>
          </div>
        </Show>
      </dl>

      <h3>{t().goals}</h3>
      <table class="data-table key-task-goals">
        <thead>
          <tr>
            <th scope="col">{t().quarterColumn}</th>
            <th scope="col">{t().goalsColumn}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.task.quarters}>
            {(quarter) => (
              <tr>
                <th scope="row">{t().quarter(quarter.quarter)}</th>
                <td lang="zh-CN">
                  <NumberedTexts texts={quarter.goals} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>

      <h3>{t().progress}</h3>
      <Show when={props.figures}>{(figures) => <LiveFigures figures={figures()} />}</Show>
      <For each={props.task.quarters}>{(quarter) => <QuarterProgress quarter={quarter} />}</For>
    </section>
  );
}

/** One text as a paragraph, several as the numbered list the page uses (1. 2. 3.). */
function NumberedTexts(props: { texts: readonly string[] }) {
  return (
    <Switch>
      <Match when={props.texts.length === 1}>
        <p>{props.texts[0]}</p>
      </Match>
      <Match when={props.texts.length > 1}>
        <ol class="goal-list">
          <For each={props.texts}>{(text) => <li>{text}</li>}</For>
        </ol>
      </Match>
    </Switch>
  );
}

/** 第一季度： 按计划推进中。 一、… 二、… (the console previews a draft with it, in the same shape). */
export function QuarterProgress(props: { quarter: Pick<Quarter, 'quarter' | 'progress'> }) {
  const t = () => strings().keyTask;
  const headingId = () => `key-task-q${props.quarter.quarter}`;
  return (
    <article class="quarter-progress" aria-labelledby={headingId()}>
      <h4 id={headingId()}>{t().quarter(props.quarter.quarter)}</h4>
      <Show when={props.quarter.progress} fallback={<p class="muted">{t().notReported}</p>}>
        {(progress) => (
          <>
            <p class="quarter-status">
              <span class="progress-status" data-status={progress().status}>
                {t().statusSentence(labels().progressStatus[progress().status])}
              </span>
              <span class="muted">{t().reportedAt(progress().reportedAt)}</span>
            </p>
            <ol class="progress-items" lang="zh-CN">
              <For each={progress().items}>{(item) => <li>{item}</li>}</For>
            </ol>
          </>
        )}
      </Show>
    </article>
  );
}

/** The figures the API counts now, in the sentences the quarterly reports quote them in. */
function LiveFigures(props: { figures: Figures }) {
  const t = () => strings().keyTask;
  const f = () => props.figures;
  return (
    <aside class="live-figures" aria-labelledby="key-task-live-heading">
      <h4 id="key-task-live-heading">{t().liveHeading}</h4>
      <p class="muted">{t().liveNote}</p>
      <ul>
        <li>{t().liveSubmitted(f().unitsSubmitting, f().proposalsSubmitted)}</li>
        <li>{t().liveDecided(f().proposalsDecided)}</li>
        <li>{t().liveApproved(f().cancellationsApproved, f().delegationsApproved)}</li>
        <li>{t().liveHandovers(f().handoversTakenOver, f().handoversTotal)}</li>
        <li>{t().liveUnclaimed(f().unclaimedItems)}</li>
      </ul>
    </aside>
  );
}
