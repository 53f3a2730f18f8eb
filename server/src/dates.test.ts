import { describe, expect, it } from 'vitest';
import { toIsoDateTime } from './dates.ts';

/** What a Date makes of PostgreSQL's text form: the reading `toIsoDateTime` must agree with. */
const throughDate = (text: string) => new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('toIsoDateTime', () => {
  it('answers PostgreSQL’s UTC text as a Date would, whatever the digits of the seconds’ fraction', () => {
    // A fixed walk over the years the service deals in, each with 0 to 6 digits of fraction.
    let seed = 20_191;
    const next = (bound: number) => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed % bound;
    };
    for (let i = 0; i < 5_000; i += 1) {
      const day = new Date(Date.UTC(1900, 0, 1) + next(8_100 * 365) * 86_400_000 + next(86_400) * 1_000);
      const digits = i % 7;
      const fraction = digits === 0 ? '' : `.${pad(next(10 ** digits), digits)}`;
      const text = `${day.toISOString().slice(0, 10)} ${day.toISOString().slice(11, 19)}${fraction}+00`;
      expect(toIsoDateTime(text), text).toBe(throughDate(text));
    }
    expect(toIsoDateTime('2019-09-30 12:00:00.123999+00')).toBe('2019-09-30T12:00:00.123Z');
    expect(toIsoDateTime('2019-09-30 12:00:00.1+00')).toBe('2019-09-30T12:00:00.100Z');
    expect(toIsoDateTime('2019-09-30 12:00:00+00')).toBe('2019-09-30T12:00:00.000Z');
  });

  it('reads other offsets, ISO text and Dates through a Date, and refuses what is not an instant', () => {
    expect(toIsoDateTime('2019-09-30 20:00:00.5+08')).toBe('2019-09-30T12:00:00.500Z');
    expect(toIsoDateTime('2019-09-30T20:00:00+08:00')).toBe('2019-09-30T12:00:00.000Z');
    expect(toIsoDateTime(new Date(Date.UTC(2019, 8, 30, 12)))).toBe('2019-09-30T12:00:00.000Z');
    expect(() => toIsoDateTime('not a time')).toThrow('Not a timestamp: not a time');
    expect(toIsoDateTime('2019-09-30 12:00:00.1234567+00')).toBe('2019-09-30T12:00:00.123Z');
  });
});
