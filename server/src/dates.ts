import { sql, type Column, type SQL } from 'drizzle-orm';
import { ValidationError } from './errors.ts';

/**
 * The one reader of dates and instants clients send (the Date and DateTime scalars, cursors on
 * timestamp columns). `Date.parse` accepts `2019-02-31` (as 3 March) and years the database cannot
 * store, so a date is checked against the calendar and the years the service deals in.
 */
const firstYear = 1900;
const lastYear = 9999;

/** A real day of the Gregorian calendar within the years the service deals in. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < firstYear || year > lastYear || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 with a time and an offset (the form `toISOString` writes, and any offset). */
const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** PostgreSQL's text form of a timestamp (what a cursor on a timestamp column holds) or ISO 8601. */
const timestampTextPattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?$/;

function isClockTime(hour: number, minute: number, second: number, offsetHours = 0, offsetMinutes = 0): boolean {
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 14 && offsetMinutes <= 59;
}

function matchesCalendar(match: RegExpExecArray | null): boolean {
  if (!match) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  return isCalendarDate(year!, month!, day!) && isClockTime(hour, minute, second, offsetHours, offsetMinutes);
}

/**
 * Reads a `Date` input: `YYYY-MM-DD`, a real day between 1900 and 9999. `field` names it in the
 * error: the scalar's name when GraphQL reads it, the input's path when a command checks it.
 */
export function parseDateInput(value: unknown, field = 'Date'): string {
  if (typeof value !== 'string' || !matchesCalendar(datePattern.exec(value))) {
    throw new ValidationError(field, '日期应为 1900 至 9999 年间真实存在的日期，格式 YYYY-MM-DD', 'Expected a real date between 1900 and 9999 as YYYY-MM-DD');
  }
  return value;
}

/** The calendar day (YYYY-MM-DD) of `instant` in China Standard Time (UTC+8, no daylight saving): the campaign's days. */
export const dayInChina = (instant: Date): string => new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Reads a `DateTime` input: ISO 8601 with an offset, a real instant between 1900 and 9999; returns it in UTC. */
export function parseDateTimeInput(value: unknown): string {
  if (typeof value !== 'string' || !matchesCalendar(dateTimePattern.exec(value))) {
    throw new ValidationError(
      'DateTime',
      '时间应为 ISO 8601 格式（含时区），且在 1900 至 9999 年之间',
      'Expected an ISO 8601 date-time with an offset, between 1900 and 9999',
    );
  }
  return new Date(value).toISOString();
}

/** Whether a cursor's timestamp is one the database would read as a real instant. */
export function isTimestampText(text: string): boolean {
  return matchesCalendar(timestampTextPattern.exec(text));
}

/** PostgreSQL's text form of a timestamptz in a UTC session: `2019-09-30 12:00:00.123456+00`. */
const utcTimestampText = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * How the DateTime scalar answers an instant: ISO 8601 in UTC with milliseconds
 * (`2019-09-30T12:00:00.123Z`). The database's own UTC form is rewritten as text, the microseconds
 * cut as JavaScript's Date cuts them: a list page serializes hundreds of instants, and reading each
 * into a Date cost 3.4 µs against 0.3 (3 % of a queue page's Node CPU). The rewrite trusts the form
 * (PostgreSQL writes only real instants); anything else goes through a Date.
 */
export function toIsoDateTime(value: unknown): string {
  const utc = typeof value === 'string' ? utcTimestampText.exec(value) : null;
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  const date = new Date(text.includes('T') ? text : text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(date.getTime())) throw new TypeError(`Not a timestamp: ${text}`);
  return date.toISOString();
}

/**
 * A timestamp column as the DateTime scalar serializes it (`toIsoDateTime`: ISO 8601 in
 * UTC, milliseconds, `Z`), in SQL, for planned execution (planned/plan.ts). PostgreSQL's `MS`
 * truncates the microseconds as JavaScript's Date does when it reads them.
 */
export const isoDateTimeSql = (column: Column): SQL => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
