import { createSignal, For, Show } from 'solid-js';
import {
  changedColumns,
  chooseColumn,
  chooseSheet,
  differsFrom,
  fieldOfColumn,
  initialChoice,
  type InferredMapping,
  type MappingChoice,
} from './import-state.ts';
import { mappingOf, type ImportPreview } from './import-query.ts';
import { fieldName } from './preview-step.tsx';
import { strings } from './strings.ts';

/**
 * What the server inferred from the file (the sheet, the header row, each column's field with a
 * few sample values), as selects the user can correct before previewing again.
 */
export function MappingStep(props: { preview: ImportPreview; busy: boolean; onRerun: (choice: MappingChoice) => void }) {
  const t = () => strings();
  const inferred = (): InferredMapping => ({ sheet: props.preview.sheet, mapping: mappingOf(props.preview) });
  const [choice, setChoice] = createSignal<MappingChoice>(initialChoice(inferred()));
  const changed = () => changedColumns(inferred(), choice());

  return (
    <section class="import-mapping" aria-labelledby="import-mapping-heading">
      <h3 id="import-mapping-heading">{t().mapping.heading}</h3>
      <p class="hint">{t().mapping.hint}</p>
      <div class="import-mapping-where">
        <div class="form-field">
          <label for="import-sheet">{t().mapping.sheet}</label>
          <select id="import-sheet" value={choice().sheet} onChange={(event) => setChoice((c) => chooseSheet(inferred(), c, event.currentTarget.value))}>
            <For each={props.preview.sheets}>{(sheet) => <option value={sheet.name}>{sheet.recognised ? sheet.name : t().mapping.unrecognised(sheet.name)}</option>}</For>
          </select>
        </div>
        <p class="import-header-row">{t().mapping.headerRow(props.preview.headerRow)}</p>
      </div>
      <Show when={choice().mapping} fallback={<p class="hint">{t().mapping.otherSheet}</p>}>
        {(mapping) => (
        <div class="import-table-scroll">
          <table class="portal-table import-columns">
            <thead>
              <tr>
                <th scope="col">{t().mapping.column}</th>
                <th scope="col">{t().mapping.header}</th>
                <th scope="col">{t().mapping.field}</th>
                <th scope="col">{t().mapping.samples}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.preview.columns}>
                {(column) => (
                  <tr classList={{ changed: changed().has(column.letter) }}>
                    <th scope="row">{column.letter}</th>
                    <td>{column.header}</td>
                    <td>
                      <select
                        aria-label={t().mapping.fieldOf(column.letter, column.header)}
                        value={fieldOfColumn(mapping(), column.letter) ?? ''}
                        onChange={(event) => setChoice((c) => chooseColumn(c, column.letter, event.currentTarget.value || null))}
                      >
                        <option value="">{t().mapping.ignore}</option>
                        <For each={props.preview.mapping}>{(field) => <option value={field.field}>{fieldName(field)}</option>}</For>
                      </select>
                      <Show when={changed().has(column.letter)}>
                        <span class="import-changed"> {t().mapping.changed}</span>
                      </Show>
                    </td>
                    <td class="import-samples">{column.samples.join(' · ')}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        )}
      </Show>
      <button type="button" disabled={props.busy || !differsFrom(inferred(), choice())} onClick={() => props.onRerun(choice())}>
        {t().mapping.rerun}
      </button>
    </section>
  );
}
