import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { labels } from '../i18n/labels.ts';
import { formatDate } from '../i18n/locale.ts';
import { isPublished, loadCampaigns } from './campaigns.ts';
import { publicRequest } from './request.ts';
import { publicStrings } from './strings.ts';
import { Loaded, usePageTitle } from './ui.tsx';

type ProgressStatus = 'ON_TRACK' | 'DONE' | 'DELAYED';

interface KeyTasks {
  keyTasks: {
    number: number;
    title: string;
    quarters: { quarter: number; goals: string[]; progress: { status: ProgressStatus; items: string[]; publishedAt: string | null } | null }[];
  }[];
}

const keyTasksQuery = /* GraphQL */ `
  query PublicKeyTasks($year: Int!) {
    keyTasks(year: $year) { number title quarters { quarter goals progress { status items publishedAt } } }
  }
`;

/** 工作进度: each campaign's stage and the key tasks' published quarterly progress. */
export default function StatusPage() {
  const t = publicStrings;
  usePageTitle(() => t().status.heading);
  const [campaigns, { refetch }] = createResource(loadCampaigns);
  // The key tasks of the newest campaign year that has any (a new year's are set during it).
  const [tasks, { refetch: refetchTasks }] = createResource(
    () => campaigns()?.map((campaign) => campaign.year),
    async (years) => {
      let found = { year: years[0] ?? new Date().getFullYear(), keyTasks: [] as KeyTasks['keyTasks'] };
      for (const year of years) {
        const { keyTasks } = await publicRequest<KeyTasks>(keyTasksQuery, { year });
        if (keyTasks.length > 0) return { year, keyTasks };
        found = year === years[0] ? { year, keyTasks } : found;
      }
      return found;
    },
  );

  return (
    <>
      <h1>{t().status.heading}</h1>
      <h2 id="campaign-stages">{t().status.campaigns}</h2>
      <Loaded resource={campaigns} retry={() => void refetch()}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<p>{t().status.noCampaigns}</p>}>
            <table class="public-table" aria-labelledby="campaign-stages">
              <thead>
                <tr>
                  <th scope="col">{t().status.year}</th>
                  <th scope="col">{t().status.title}</th>
                  <th scope="col">{t().status.stage}</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(campaign) => (
                    <tr>
                      <td>{campaign.year}</td>
                      <td>{campaign.title}</td>
                      <td>
                        {labels().campaignStatus[campaign.status]}
                        <Show when={isPublished(campaign)}>
                          {' · '}
                          <A href={`/results/${campaign.year}`}>{t().status.results}</A>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Loaded>

      <Loaded resource={tasks} retry={() => void refetchTasks()}>
        {(loaded) => (
          <>
            <h2>{t().status.keyTasks(loaded().year)}</h2>
            <Show when={loaded().keyTasks.length > 0} fallback={<p>{t().status.noTasks}</p>}>
              <For each={loaded().keyTasks}>
                {(task) => (
                  <section class="public-task" aria-labelledby={`task-${task.number}`}>
                    <h3 id={`task-${task.number}`}>
                      {task.number}. {task.title}
                    </h3>
                    <For each={task.quarters}>
                      {(quarter) => (
                        <div class="public-quarter">
                          <h4>
                            {t().status.quarter(quarter.quarter)}
                            {' · '}
                            {quarter.progress ? labels().progressStatus[quarter.progress.status] : t().status.notPublished}
                          </h4>
                          <p class="public-label">{t().status.goals}</p>
                          <ol>
                            <For each={quarter.goals}>{(goal) => <li>{goal}</li>}</For>
                          </ol>
                          <Show when={quarter.progress}>
                            {(progress) => (
                              <>
                                <p class="public-label">
                                  {t().status.progress}
                                  <Show when={progress().publishedAt}>{(at) => <span class="muted">（{formatDate(at())}）</span>}</Show>
                                </p>
                                <ol>
                                  <For each={progress().items}>{(item) => <li>{item}</li>}</For>
                                </ol>
                              </>
                            )}
                          </Show>
                        </div>
                      )}
                    </For>
                  </section>
                )}
              </For>
            </Show>
          </>
        )}
      </Loaded>
    </>
  );
}
