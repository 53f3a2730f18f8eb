import { createEffect, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { createMutation, createQuery } from '@urql/solid';
import { strings as dashboardStrings } from '../dashboard/strings.ts';
import { QuarterProgress } from '../dashboard/key-task.tsx';
import { ErrorNotice } from '../error-notice.tsx';
import { describedBy, FieldError, FormError } from '../forms/form-fields.tsx';
import type { EnumValue } from '../graphql.ts';
import { common, labels } from '../i18n/labels.ts';
import { locale } from '../i18n/locale.ts';
import { outcomeOf } from '../mutation-outcome.ts';
import type { ConsoleTabProps } from './console-tab.ts';
import {
  ConsoleKeyTasksQuery,
  CreateKeyTaskMutation,
  PublishKeyTaskProgressMutation,
  SaveKeyTaskProgressMutation,
  type ConsoleKeyTask,
  type ConsoleQuarter,
} from './progress-query.ts';
import { ConfirmStep } from './confirm-step.tsx';
import { strings } from './strings.ts';

const quarters = [1, 2, 3, 4] as const;
const progressStatuses: readonly EnumValue<'ProgressStatus'>[] = ['ON_TRACK', 'DONE', 'DELAYED'];
const quarterName = (quarter: number) => dashboardStrings().keyTask.quarter(quarter);
/** The key task the seed page reports (任务20), offered first when setting one up. */
const usualTaskNumber = 20;

/** 进展填报: the lead office writes each quarter's progress of the year's key task, previews it and publishes it. */
export default function ProgressTab(props: ConsoleTabProps) {
  const [tasks, refetch] = createQuery({ query: ConsoleKeyTasksQuery, variables: () => ({ year: props.campaign.year }) });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Switch>
      <Match when={tasks.error}>{(error) => <ErrorNotice error={error()} retry={reload} />}</Match>
      <Match when={tasks.data?.keyTasks}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <CreateKeyTaskForm
                campaign={props.campaign}
                onCreated={(number) => {
                  reload();
                  props.announce(() => strings().progress.created(number));
                }}
              />
            }
          >
            <For each={list()}>{(task) => <TaskProgress task={task} announce={props.announce} reload={reload} />}</For>
          </Show>
        )}
      </Match>
      <Match when={true}>
        <p class="notice">{common().loading}</p>
      </Match>
    </Switch>
  );
}

/** 设立重点工作: the year's key task with its goals per quarter, tied to the campaign for its figures. */
function CreateKeyTaskForm(props: { campaign: ConsoleTabProps['campaign']; onCreated: (number: number) => void }) {
  const t = () => strings().progress;
  const [number, setNumber] = createSignal(String(usualTaskNumber));
  const [title, setTitle] = createSignal('');
  const [goals, setGoals] = createSignal<Record<number, string>>({});
  const [problem, setProblem] = createSignal<() => string>();
  const [state, execute] = createMutation(CreateKeyTaskMutation);

  async function submit() {
    setProblem(undefined);
    const response = await execute({
      input: {
        year: props.campaign.year,
        number: Number(number()),
        title: title(),
        campaignId: props.campaign.id,
        goals: quarters.map((quarter) => ({ quarter, texts: linesOf(goals()[quarter] ?? '') })).filter((g) => g.texts.length > 0),
      },
    });
    const outcome = outcomeOf(response, response.data?.createKeyTask, 'KeyTask');
    if (outcome.ok) props.onCreated(Number(number()));
    else setProblem(() => outcome.message);
  }

  return (
    <section aria-labelledby="create-key-task-heading">
      <p class="notice">{t().noTask(props.campaign.year)}</p>
      <h2 id="create-key-task-heading">{t().createHeading}</h2>
      <form
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div class="form-field">
          <label for="key-task-number">{t().number}</label>
          <input id="key-task-number" type="number" min="1" value={number()} onInput={(event) => setNumber(event.currentTarget.value)} />
        </div>
        <div class="form-field">
          <label for="key-task-title">{t().title}</label>
          <textarea id="key-task-title" rows="2" value={title()} onInput={(event) => setTitle(event.currentTarget.value)} />
        </div>
        <For each={quarters}>
          {(quarter) => (
            <div class="form-field">
              <label for={`key-task-goals-${quarter}`}>{t().goalsOf(quarterName(quarter))}</label>
              <textarea
                id={`key-task-goals-${quarter}`}
                rows="2"
                value={goals()[quarter] ?? ''}
                onInput={(event) => setGoals({ ...goals(), [quarter]: event.currentTarget.value })}
              />
            </div>
          )}
        </For>
        <FormError message={problem()} />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={state.fetching}>
            {t().create}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The non-blank lines of a text area: one numbered text each. */
const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** One key task: a quarter picked, its published entry or its draft being written. */
function TaskProgress(props: { task: ConsoleKeyTask; announce: ConsoleTabProps['announce']; reload: () => void }) {
  const t = () => strings().progress;
  // The first quarter without a published entry, where the work is.
  const [quarter, setQuarter] = createSignal(props.task.quarters.find((q) => !q.progress)?.quarter ?? 4);
  const current = () => props.task.quarters.find((q) => q.quarter === quarter())!;
  return (
    <section class="key-task-progress" aria-labelledby={`key-task-${props.task.id}-heading`}>
      <h2 id={`key-task-${props.task.id}-heading`}>{t().taskHeading(props.task.number)}</h2>
      <p lang="zh-CN">{props.task.title}</p>
      <div class="form-field">
        <label for="progress-quarter">{t().quarterPicker}</label>
        <select id="progress-quarter" onChange={(event) => setQuarter(Number(event.currentTarget.value))}>
          <For each={quarters}>
            {(q) => (
              <option value={q} selected={q === quarter()}>
                {quarterName(q)}
              </option>
            )}
          </For>
        </select>
      </div>
      <Show
        when={current().progress}
        fallback={<QuarterEditor task={props.task} quarter={current()} announce={props.announce} reload={props.reload} />}
      >
        {(published) => (
          <>
            <p class="muted">{t().publishedNote(published().publishedAt ?? published().reportedAt)}</p>
            <QuarterProgress quarter={current()} />
          </>
        )}
      </Show>
    </section>
  );
}

/** A quarter's draft: status and achievements with figures to insert, saved, previewed, then published. */
function QuarterEditor(props: { task: ConsoleKeyTask; quarter: ConsoleQuarter; announce: ConsoleTabProps['announce']; reload: () => void }) {
  const t = () => strings().progress;
  const name = () => quarterName(props.quarter.quarter);
  const [status, setStatus] = createSignal<EnumValue<'ProgressStatus'>>(props.quarter.draft?.status ?? 'ON_TRACK');
  const [text, setText] = createSignal(props.quarter.draft?.template.join('\n') ?? '');
  const [itemsError, setItemsError] = createSignal<() => string>();
  const [problem, setProblem] = createSignal<() => string>();
  const [saving, save] = createMutation(SaveKeyTaskProgressMutation);
  const [publishing, publish] = createMutation(PublishKeyTaskProgressMutation);
  let textarea!: HTMLTextAreaElement;
  // Another quarter picked, or the draft reloaded: the form starts from it.
  createEffect(
    on(
      () => [props.quarter.quarter, props.quarter.draft?.version] as const,
      () => {
        setStatus(props.quarter.draft?.status ?? 'ON_TRACK');
        setText(props.quarter.draft?.template.join('\n') ?? '');
      },
      { defer: true },
    ),
  );

  /** Puts a figure's placeholder where the cursor is. */
  function insert(placeholder: string) {
    const at = textarea.selectionStart ?? text().length;
    const end = textarea.selectionEnd ?? at;
    setText(text().slice(0, at) + placeholder + text().slice(end));
    textarea.focus();
    textarea.setSelectionRange(at + placeholder.length, at + placeholder.length);
  }

  async function saveDraft() {
    setItemsError(undefined);
    setProblem(undefined);
    const quarterName = name();
    const response = await save({
      input: {
        keyTaskId: props.task.id,
        quarter: props.quarter.quarter,
        status: status(),
        items: linesOf(text()),
        expectedVersion: props.quarter.draft?.version ?? null,
      },
    });
    const outcome = outcomeOf(response, response.data?.saveKeyTaskProgress, 'KeyTask');
    if (outcome.ok) {
      props.reload();
      props.announce(() => strings().progress.saved(quarterName));
    } else if (outcome.conflict) {
      props.reload();
      setProblem(() => () => t().conflict);
    } else if (outcome.inputField?.startsWith('items')) setItemsError(() => outcome.message);
    else setProblem(() => outcome.message);
  }

  async function publishDraft(draft: NonNullable<ConsoleQuarter['draft']>): Promise<boolean> {
    setProblem(undefined);
    const quarterName = name();
    const response = await publish({ input: { progressId: draft.id, expectedVersion: draft.version } });
    const outcome = outcomeOf(response, response.data?.publishKeyTaskProgress, 'KeyTask');
    if (outcome.ok) {
      props.reload();
      props.announce(() => strings().progress.published(quarterName));
    } else {
      if (outcome.conflict) props.reload();
      setProblem(() => (outcome.conflict ? () => t().conflict : outcome.message));
    }
    return outcome.ok;
  }

  return (
    <div class="quarter-editor">
      <h3>{t().editHeading(name())}</h3>
      <form
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          void saveDraft();
        }}
      >
        <div class="form-field">
          <label for="progress-status">{t().status}</label>
          <select id="progress-status" onChange={(event) => setStatus(event.currentTarget.value as EnumValue<'ProgressStatus'>)}>
            <For each={progressStatuses}>
              {(value) => (
                <option value={value} selected={value === status()}>
                  {labels().progressStatus[value]}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="form-field">
          <label for="progress-items">{t().items}</label>
          <p class="hint" id="progress-items-hint">
            {t().itemsHint}
          </p>
          <FieldError id="progress-items" message={itemsError()} />
          <textarea
            id="progress-items"
            ref={textarea}
            rows="6"
            value={text()}
            aria-invalid={itemsError() ? 'true' : undefined}
            aria-describedby={describedBy('progress-items', { hint: true, error: itemsError() })}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <section class="figure-list" aria-labelledby="progress-figures-heading">
          <h4 id="progress-figures-heading">{t().figures}</h4>
          <ul>
            <For each={props.task.availableFigures}>
              {(figure) => {
                const label = () => (locale() === 'en' ? figure.labelEn : figure.labelZh);
                return (
                  <li>
                    <button type="button" onClick={() => insert(figure.placeholder)}>
                      {t().insert(label())}
                    </button>
                    <code>{figure.placeholder}</code>
                    <span class="muted">{t().figureValue(figure.value ?? null)}</span>
                  </li>
                );
              }}
            </For>
          </ul>
        </section>
        <FormError message={problem()} />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={saving.fetching}>
            {t().save}
          </button>
        </div>
      </form>
      <Show when={props.quarter.draft}>
        {(draft) => (
          <section class="progress-preview" aria-labelledby="progress-preview-heading">
            <h3 id="progress-preview-heading">{t().preview}</h3>
            <p class="muted">{t().draftNote}</p>
            <QuarterProgress quarter={{ quarter: props.quarter.quarter, progress: draft() }} />
            <ConfirmStep
              id="progress-publish-confirm"
              action={t().publish}
              confirm={t().confirm}
              cancel={t().cancel}
              busy={publishing.fetching}
              onConfirm={() => publishDraft(draft())}
              question={t().confirmPublish}
            />
          </section>
        )}
      </Show>
    </div>
  );
}
