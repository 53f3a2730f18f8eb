import { createSignal, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { createMutation, createQuery } from '@urql/solid';
import { describedBy, FieldError, FormError } from '../forms/form-fields.tsx';
import { outcomeOf, placeProblem, type FieldMessages } from '../mutation-outcome.ts';
import { CreateCampaignMutation, DepartmentsQuery } from './overview-query.ts';
import { changedWindows, windowsOf } from './schedule.ts';
import { ScheduleFields, UnitChoices } from './schedule-fields.tsx';
import { strings } from './strings.ts';

type Field = 'year' | 'title' | 'noticeNumber';
const fields: readonly Field[] = ['year', 'title', 'noticeNumber'];

/**
 * 新建工作年度: the year's round with its notice, units taking part and stage dates. The
 * classification vocabulary is the previous year's (the API's default).
 */
export function CreateCampaignForm(props: { year: number; onCreated: (year: number) => void; onCancel?: () => void }) {
  const t = () => strings().create;
  const [departments] = createQuery({ query: DepartmentsQuery });
  const [year, setYear] = createSignal(String(props.year));
  const [title, setTitle] = createSignal(t().titleOf(props.year));
  const [noticeNumber, setNoticeNumber] = createSignal('');
  const [chosen, setChosen] = createSignal<Set<string>>(new Set());
  const blank = windowsOf({});
  const [windows, setWindows] = createStore(windowsOf({}));
  const [errors, setErrors] = createSignal<FieldMessages<Field>>({});
  const [state, execute] = createMutation(CreateCampaignMutation);
  const id = (field: Field) => `create-campaign-${field}`;

  async function submit() {
    setErrors({});
    const response = await execute({
      input: {
        year: Number(year()),
        title: title(),
        noticeNumber: noticeNumber() || null,
        unitIds: [...chosen()],
        ...changedWindows(windows, blank),
      },
    });
    const outcome = outcomeOf(response, response.data?.createCampaign, 'Campaign');
    if (outcome.ok) props.onCreated(outcome.value.year);
    else setErrors(placeProblem(outcome, fields));
  }

  return (
    <section class="create-campaign" aria-labelledby="create-campaign-heading">
      <h2 id="create-campaign-heading">{t().heading}</h2>
      <form
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div class="form-row">
          <div class="form-field">
            <label for={id('year')}>{t().year}</label>
            <FieldError id={id('year')} message={errors().year} />
            <input
              id={id('year')}
              type="number"
              min="2000"
              max="2100"
              value={year()}
              aria-invalid={errors().year ? 'true' : undefined}
              aria-describedby={describedBy(id('year'), { error: errors().year })}
              onInput={(event) => setYear(event.currentTarget.value)}
            />
          </div>
          <div class="form-field grow">
            <label for={id('title')}>{t().title}</label>
            <FieldError id={id('title')} message={errors().title} />
            <input
              id={id('title')}
              value={title()}
              aria-invalid={errors().title ? 'true' : undefined}
              aria-describedby={describedBy(id('title'), { error: errors().title })}
              onInput={(event) => setTitle(event.currentTarget.value)}
            />
          </div>
        </div>
        <div class="form-field">
          <label for={id('noticeNumber')}>{t().noticeNumber}</label>
          <p class="hint" id={`${id('noticeNumber')}-hint`}>
            {t().noticeHint}
          </p>
          <FieldError id={id('noticeNumber')} message={errors().noticeNumber} />
          <input
            id={id('noticeNumber')}
            value={noticeNumber()}
            aria-invalid={errors().noticeNumber ? 'true' : undefined}
            aria-describedby={describedBy(id('noticeNumber'), { hint: true, error: errors().noticeNumber })}
            onInput={(event) => setNoticeNumber(event.currentTarget.value)}
          />
        </div>
        <UnitChoices departments={departments.data?.departments ?? []} chosen={chosen()} onChange={setChosen} />
        <ScheduleFields idPrefix="create-campaign" windows={windows} setWindows={setWindows} />
        <p class="muted">{t().vocabularyNote}</p>
        <FormError message={errors().form} />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={state.fetching}>
            {t().submit}
          </button>
          <Show when={props.onCancel}>
            {(cancel) => (
              <button type="button" onClick={() => cancel()()}>
                {strings().cancelCreate}
              </button>
            )}
          </Show>
        </div>
      </form>
    </section>
  );
}
