import { loadavg } from 'node:os';

/** The nearest-rank percentile of ascending `sorted` values (p in 0–100). */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;

/** The machine's load averages over 1, 5 and 15 minutes, for printing beside a figure. */
export const loadAverage = (): string =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
