import type { Rng } from './random.ts';

/** Fixed 2019 timestamps in China Standard Time (UTC+8): the seed never reads the clock. */
const hour = 3_600_000;
export const day = 24 * hour;

/** Milliseconds since the epoch for a wall-clock time in Guangzhou. */
export function cst(year: number, month: number, dayOfMonth: number, hours = 9, minutes = 0): number {
  return Date.UTC(year, month - 1, dayOfMonth, hours - 8, minutes);
}

/** The ISO string the timestamptz columns take. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A date column value (YYYY-MM-DD) for a Guangzhou wall-clock time. */
export function isoDate(ms: number): string {
  return new Date(ms + 8 * hour).toISOString().slice(0, 10);
}

// Offices are closed at weekends and over the National Day holiday (1–7 October 2019).
function isWorkday(ms: number): boolean {
  const local = new Date(ms + 8 * hour);
  const weekday = local.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !(local.getUTCFullYear() === 2019 && local.getUTCMonth() === 9 && local.getUTCDate() <= 7);
}

/** A random office-hours moment (08:30–18:00) on a workday between `from` and `to` (inclusive days). */
export function workTime(rng: Rng, from: number, to: number): number {
  const firstDay = Math.floor((from + 8 * hour) / day);
  const lastDay = Math.max(firstDay, Math.floor((to + 8 * hour) / day));
  for (let attempt = 0; attempt < 20; attempt++) {
    const d = rng.int(firstDay, lastDay) * day - 8 * hour;
    if (isWorkday(d)) return d + rng.int(8 * 60 + 30, 18 * 60) * 60_000 + rng.int(0, 59) * 1000;
  }
  return firstDay * day - 8 * hour + 10 * hour;
}

/** A moment at least two hours after `after`: within the window when that is still ahead, else a little later. */
export function laterThan(rng: Rng, after: number, windowFrom: number, windowTo: number): number {
  const t = workTime(rng, Math.max(after, windowFrom), Math.max(after, windowTo));
  return t > after + 2 * hour ? t : after + rng.int(2, 30) * hour;
}

function inOfficeHours(ms: number): boolean {
  const local = new Date(ms + 8 * hour);
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  return isWorkday(ms) && minutes >= 8 * 60 + 30 && minutes <= 18 * 60 + 30;
}

/**
 * A whole-second moment strictly between a and b (a minute in from each end), for events inside a
 * stage. Prefers office hours on a workday; short windows that hold none take any moment.
 */
export function between(rng: Rng, a: number, b: number): number {
  if (b - a < 2 * 60_000) return a + 60_000;
  const draw = () => a + 60_000 + Math.floor((rng.next() * (b - a - 2 * 60_000)) / 1000) * 1000;
  for (let attempt = 0; attempt < 6; attempt++) {
    const t = draw();
    if (inOfficeHours(t)) return t;
  }
  return draw();
}

/** The demo's "today": the end of December 2019, when the Q4 report says the preliminary list is formed. */
export const demoNow = cst(2019, 12, 27, 17, 30);
