import { Show } from 'solid-js';
import { strings } from './strings.ts';

/** How close the days before a deadline must come for the department to be warned. */
export const deadlineWarningDays = 3;

/**
 * The warning a department gets about the campaign's submission deadline (报送截止) on `today` (both
 * calendar days, `YYYY-MM-DD`, today by the domain clock): within three days (the day itself still
 * counts), or past. The server does not refuse a late submission, so this only warns.
 */
export function submissionDeadlineWarning(deadline: string | null, today: string): { kind: 'soon'; daysLeft: number } | { kind: 'past' } | null {
  if (deadline === null) return null;
  const daysLeft = Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (daysLeft < 0) return { kind: 'past' };
  return daysLeft <= deadlineWarningDays ? { kind: 'soon', daysLeft } : null;
}

/** The submission deadline's warning above the department's proposals, when there is one. */
export function DeadlineBanner(props: { deadline: string | null; today: string }) {
  const t = () => strings();
  const warning = () => submissionDeadlineWarning(props.deadline, props.today);
  return (
    <Show when={warning()}>
      {(w) => {
        const date = props.deadline ?? '';
        const current = w();
        return (
          // A standing note, not a live region: it is there when the portal opens and does not announce.
          <p class="notice deadline-warning" role="note" data-kind={current.kind}>
            {current.kind === 'past' ? t().deadlinePast(date) : t().deadlineSoon(date, current.daysLeft)}
          </p>
        );
      }}
    </Show>
  );
}
