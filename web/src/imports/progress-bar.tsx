import { Show } from 'solid-js';
import { strings } from './strings.ts';

/**
 * A labelled progress bar (role progressbar, aria-valuenow in percent). With no known total (the
 * server has not said how much there is yet) it is indeterminate: no value, as ARIA prescribes.
 */
export function ProgressBar(props: { label: string; done: number; total: number | null; detail?: string }) {
  const ratio = () => (props.total ? Math.min(1, props.done / props.total) : null);
  return (
    <div class="import-progress">
      <div
        class="import-progress-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={ratio() === null ? undefined : Math.round(ratio()! * 100)}
        aria-valuetext={ratio() === null ? props.detail : `${strings().percent(ratio()!)}${props.detail ? ` · ${props.detail}` : ''}`}
      >
        <div class="import-progress-fill" classList={{ indeterminate: ratio() === null }} style={{ width: `${(ratio() ?? 1) * 100}%` }} />
      </div>
      <p class="import-progress-text muted" aria-hidden="true">
        {props.label}
        <Show when={ratio() !== null}> · {strings().percent(ratio()!)}</Show>
        <Show when={props.detail}>{(detail) => <> · {detail()}</>}</Show>
      </p>
    </div>
  );
}
