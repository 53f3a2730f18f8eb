import { createEffect, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { createMutation, createQuery } from '@urql/solid';
import { ErrorNotice } from '../error-notice.tsx';
import { FormError } from '../forms/form-fields.tsx';
import type { EnumValue } from '../graphql.ts';
import { common, labels } from '../i18n/labels.ts';
import { formatDate } from '../i18n/locale.ts';
import { outcomeOf } from '../mutation-outcome.ts';
import type { ConsoleTabProps } from './console-tab.ts';
import { ConfirmStep } from './confirm-step.tsx';
import { CampaignOverviewQuery, DepartmentsQuery, type OverviewCampaign, UpdateCampaignMutation } from './overview-query.ts';
import { changedWindows, nextStatus, stages, stageValue, windowsOf } from './schedule.ts';
import { ScheduleFields, UnitChoices } from './schedule-fields.tsx';
import { strings } from './strings.ts';
import { OfficialListLinks } from '../exports/export-menu.tsx';

/** 年度安排: the campaign's facts, where every stage stands against its deadline, moving it on, and its schedule. */
export default function OverviewTab(props: ConsoleTabProps) {
  const [overview, refetch] = createQuery({ query: CampaignOverviewQuery, variables: () => ({ id: props.campaign.id }) });
  const campaign = (): OverviewCampaign | undefined => {
    const node = overview.data?.node;
    return node && 'stages' in node ? node : undefined;
  };
  const reload = () => {
    refetch({ requestPolicy: 'network-only' });
    props.refreshCampaign();
  };
  return (
    <Switch>
      <Match when={overview.error}>{(error) => <ErrorNotice error={error()} retry={reload} />}</Match>
      <Match when={campaign()}>
        {(c) => (
          <div class="campaign-overview">
            <Facts campaign={c()} />
            <OfficialListLinks campaignId={c().id} />
            <Standing campaign={c()} today={overview.data!.domainNow} />
            <MoveOn campaign={c()} onMoved={(status) => { reload(); props.announce(() => strings().overview.moved(labels().campaignStatus[status])); }} onStale={reload} />
            <ScheduleForm campaign={c()} onSaved={() => { reload(); props.announce(() => strings().overview.saved); }} onStale={reload} />
          </div>
        )}
      </Match>
      <Match when={true}>
        <p class="notice">{common().loading}</p>
      </Match>
    </Switch>
  );
}

function Facts(props: { campaign: OverviewCampaign }) {
  const t = () => strings().overview;
  const c = () => props.campaign;
  return (
    <section aria-labelledby="campaign-facts-heading">
      <h2 id="campaign-facts-heading">{t().facts}</h2>
      <dl class="campaign-facts">
        <div>
          <dt>{t().title}</dt>
          <dd lang="zh-CN">{c().title}</dd>
        </div>
        <div>
          <dt>{t().noticeNumber}</dt>
          <dd lang="zh-CN">{c().noticeNumber ?? '—'}</dd>
        </div>
        <div>
          <dt>{t().leadUnit}</dt>
          <dd>{c().leadUnit.name}</dd>
        </div>
        <div>
          <dt>{t().status}</dt>
          <dd>{labels().campaignStatus[c().status]}</dd>
        </div>
        <div>
          <dt>{t().publishedOn}</dt>
          <dd>{c().publishedOn ? formatDate(c().publishedOn!) : t().notPublished}</dd>
        </div>
        <div>
          <dt>{t().units}</dt>
          <dd>{c().units.length > 0 ? t().unitCount(c().units.length) : t().noUnits}</dd>
        </div>
      </dl>
    </section>
  );
}

/** Every stage against its deadline, as the server computes it by the domain clock. */
function Standing(props: { campaign: OverviewCampaign; today: string }) {
  const t = () => strings().overview;
  const stageName = (value: EnumValue<'CampaignStage'>) => strings().schedule.stages[stages.find((s) => stageValue(s) === value)!];
  return (
    <section aria-labelledby="campaign-standing-heading">
      <h2 id="campaign-standing-heading">{t().standing}</h2>
      <table class="portal-table campaign-standing">
        <caption>{t().standingCaption(props.today)}</caption>
        <thead>
          <tr>
            <th scope="col">{strings().schedule.stageColumn}</th>
            <th scope="col">{t().window}</th>
            <th scope="col">{t().state}</th>
            <th scope="col">{t().days}</th>
            <th scope="col">{t().pending}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.campaign.stages}>
            {(stage) => (
              <tr data-state={stage.state}>
                <th scope="row">{stageName(stage.stage)}</th>
                <td>{t().windowText(stage.opensOn, stage.deadline)}</td>
                <td>
                  <span class="stage-state" data-state={stage.state}>
                    {t().states[stage.state]}
                  </span>
                </td>
                <td>{t().daysLeft(stage.daysLeft)}</td>
                <td>{t().pendingOf(stage.stage, stage.pending)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

/** The next step on the campaign's path, confirmed first: it cannot be undone. */
function MoveOn(props: { campaign: OverviewCampaign; onMoved: (status: EnumValue<'CampaignStatus'>) => void; onStale: () => void }) {
  const t = () => strings().overview;
  const next = () => nextStatus(props.campaign.status);
  const [problem, setProblem] = createSignal<() => string>();
  const [state, execute] = createMutation(UpdateCampaignMutation);

  async function move(status: EnumValue<'CampaignStatus'>): Promise<boolean> {
    setProblem(undefined);
    const response = await execute({ input: { campaignId: props.campaign.id, expectedVersion: props.campaign.version, status } });
    const outcome = outcomeOf(response, response.data?.updateCampaign, 'Campaign');
    if (outcome.ok) props.onMoved(status);
    else {
      if (outcome.conflict) props.onStale();
      setProblem(() => (outcome.conflict ? () => t().conflict : outcome.message));
    }
    return outcome.ok;
  }

  return (
    <section aria-labelledby="campaign-move-heading">
      <h2 id="campaign-move-heading">{t().move}</h2>
      <Show when={next()} fallback={<p class="muted">{t().atEnd}</p>}>
        {(status) => (
          <ConfirmStep
            id="campaign-move-confirm"
            action={t().moveTo(labels().campaignStatus[status()])}
            confirm={t().confirm}
            cancel={t().cancel}
            busy={state.fetching}
            onConfirm={() => move(status())}
            question={t().confirmHeading(labels().campaignStatus[status()])}
          >
            <p>{t().irreversible}</p>
            <Show when={status() === 'SUBMISSION'}>
              <p>{t().opensSubmission}</p>
            </Show>
            <Show when={status() === 'PUBLISHED'}>
              <p>{t().publishes}</p>
            </Show>
          </ConfirmStep>
        )}
      </Show>
      <FormError message={problem()} />
    </section>
  );
}

/** The stage dates and the units taking part, saved together. */
function ScheduleForm(props: { campaign: OverviewCampaign; onSaved: () => void; onStale: () => void }) {
  const t = () => strings().overview;
  const [departments] = createQuery({ query: DepartmentsQuery });
  const saved = () => windowsOf(props.campaign);
  const savedUnits = () => new Set(props.campaign.units.map((u) => u.id));
  const [windows, setWindows] = createStore(saved());
  const [chosen, setChosen] = createSignal(savedUnits());
  const [problem, setProblem] = createSignal<() => string>();
  const [state, execute] = createMutation(UpdateCampaignMutation);
  // A new version of the campaign (saved here or elsewhere) resets the form to it.
  createEffect(
    on(
      () => props.campaign.version,
      () => {
        setWindows(reconcile(saved()));
        setChosen(savedUnits());
      },
      { defer: true },
    ),
  );

  const unitsChanged = () => chosen().size !== savedUnits().size || [...chosen()].some((id) => !savedUnits().has(id));

  async function save() {
    setProblem(undefined);
    const response = await execute({
      input: {
        campaignId: props.campaign.id,
        expectedVersion: props.campaign.version,
        ...changedWindows(windows, saved()),
        ...(unitsChanged() ? { unitIds: [...chosen()] } : {}),
      },
    });
    const outcome = outcomeOf(response, response.data?.updateCampaign, 'Campaign');
    if (outcome.ok) props.onSaved();
    else {
      if (outcome.conflict) props.onStale();
      setProblem(() => (outcome.conflict ? () => t().conflict : outcome.message));
    }
  }

  return (
    <section aria-labelledby="campaign-schedule-heading">
      <h2 id="campaign-schedule-heading">{t().scheduleHeading}</h2>
      <form
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <ScheduleFields idPrefix="campaign-schedule" windows={windows} setWindows={setWindows} />
        <UnitChoices departments={departments.data?.departments ?? []} chosen={chosen()} onChange={setChosen} />
        <FormError message={problem()} />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={state.fetching}>
            {t().save}
          </button>
        </div>
      </form>
    </section>
  );
}
