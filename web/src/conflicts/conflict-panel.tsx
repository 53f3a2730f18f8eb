import { createUniqueId, For, type JSX, onMount, Show } from 'solid-js';
import { formatList } from '../i18n/locale.ts';
import type { FieldValue, Side } from './field-diff.ts';
import { conflictStrings as t } from './strings.ts';
import './conflicts.css';

/** One compared field: its label and the two values, already in words (or a list of names). */
export interface ConflictRow {
  key: string;
  label: string;
  mine: FieldValue;
  theirs: FieldValue;
}

const shown = (value: FieldValue): string =>
  value === null || value.length === 0 ? t().none : typeof value === 'string' ? value : formatList(value);

/**
 * Someone else changed a row before the person's save or action reached the server: the fields
 * that differ (theirs beside the person's), optionally a choice per field of which to keep, what
 * the person was doing (`children`), and the ways on (`actions`). Only ever shown for a version
 * conflict; the focus moves to its heading so the person sees it.
 */
export function ConflictPanel(props: {
  heading: string;
  intro: string;
  /** Column headings: the person's side and the other's. */
  mineLabel: string;
  theirsLabel: string;
  rows: readonly ConflictRow[];
  /** Said when no field differs. */
  noChange: string;
  /** Per field, which side to keep; omitted where the person does not choose field by field. */
  choice?: { chosen: (key: string) => Side; choose: (key: string, side: Side) => void };
  children?: JSX.Element;
  actions: JSX.Element;
}) {
  const headingId = createUniqueId();
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  return (
    <section class="conflict" aria-labelledby={headingId}>
      <h2 id={headingId} tabindex="-1" ref={heading}>
        {props.heading}
      </h2>
      <p role="alert">{props.intro}</p>
      <Show when={props.rows.length > 0} fallback={<p class="muted">{props.noChange}</p>}>
        <table class="diff">
          <thead>
            <tr>
              <th scope="col">{t().field}</th>
              <th scope="col">{props.mineLabel}</th>
              <th scope="col">{props.theirsLabel}</th>
              <Show when={props.choice}>
                <th scope="col">{t().keep}</th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr>
                  <th scope="row">{row.label}</th>
                  <td class="was">{shown(row.mine)}</td>
                  <td class="now">{shown(row.theirs)}</td>
                  <Show when={props.choice}>
                    {(choice) => <SideChoice label={row.label} chosen={choice().chosen(row.key)} choose={(side) => choice().choose(row.key, side)} />}
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      {props.children}
      <div class="form-buttons">{props.actions}</div>
    </section>
  );
}

function SideChoice(props: { label: string; chosen: Side; choose: (side: Side) => void }) {
  const name = createUniqueId();
  return (
    <td>
      <fieldset class="choices side-choice">
        <legend class="visually-hidden">{`${props.label}：${t().keep}`}</legend>
        <label>
          <input type="radio" name={name} checked={props.chosen === 'mine'} onChange={() => props.choose('mine')} />
          {t().keepMine}
        </label>
        <label>
          <input type="radio" name={name} checked={props.chosen === 'theirs'} onChange={() => props.choose('theirs')} />
          {t().takeTheirs}
        </label>
      </fieldset>
    </td>
  );
}
