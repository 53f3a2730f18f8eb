import { createSignal } from 'solid-js';
import { domainNow } from '../domain-clock.ts';

/**
 * The interface language: Chinese first, English second. The choice is kept in localStorage so it
 * survives reloads and signing out; a reader of Chinese never sees English unless they ask for it.
 */
export type Locale = 'zh-CN' | 'en';

export const locales: readonly Locale[] = ['zh-CN', 'en'];

const storageKey = 'devolve.locale';

function storedLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(storageKey);
    return stored === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Storage can be switched off (private windows, policies): fall back to Chinese.
    return 'zh-CN';
  }
}

const [current, setCurrent] = createSignal<Locale>(storedLocale());

/** The language the interface speaks now (reactive). */
export const locale = current;

export function setLocale(next: Locale): void {
  try {
    globalThis.localStorage?.setItem(storageKey, next);
  } catch {
    // Not remembered then; the switch still applies to this page.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  setCurrent(next);
}

if (typeof document !== 'undefined') document.documentElement.lang = current();

/**
 * One area's strings in both languages. The English table must have exactly the Chinese one's
 * shape, so a string added in one language and forgotten in the other fails type-checking.
 * Returns an accessor: read it inside JSX or a memo (`t().heading`) and the text follows the switch.
 */
export function localized<Strings>(zh: Strings, en: NoInfer<Strings>): () => Strings {
  return () => (current() === 'en' ? en : zh);
}

/** Cached Intl formatters per locale: creating them is slow, and lists format thousands of cells. */
function perLocale<Format>(make: (locale: Locale) => Format): () => Format {
  const made = new Map<Locale, Format>();
  return () => {
    const at = current();
    let format = made.get(at);
    if (!format) made.set(at, (format = make(at)));
    return format;
  };
}

const numberFormat = perLocale((at) => new Intl.NumberFormat(at));
const percentFormat = perLocale((at) => new Intl.NumberFormat(at, { style: 'percent', maximumFractionDigits: 1 }));
const dateFormat = perLocale((at) => new Intl.DateTimeFormat(at, { year: 'numeric', month: 'short', day: 'numeric' }));
const dateTimeFormat = perLocale(
  (at) => new Intl.DateTimeFormat(at, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
);
const relativeFormat = perLocale((at) => new Intl.RelativeTimeFormat(at, { numeric: 'auto' }));
const listFormat = perLocale((at) => new Intl.ListFormat(at, { style: 'short', type: 'conjunction' }));

/** 7,580 (both languages group thousands with commas). */
export function formatNumber(value: number): string {
  return numberFormat().format(value);
}

/** 0.42 → 42% */
export function formatPercent(ratio: number): string {
  return percentFormat().format(ratio);
}

/** A `Date` or an ISO date / date-time string: 2019年3月15日 · Mar 15, 2019. */
export function formatDate(value: string | Date): string {
  return dateFormat().format(toDate(value));
}

/** 2019年3月15日 14:05 · Mar 15, 2019, 02:05 PM */
export function formatDateTime(value: string | Date): string {
  return dateTimeFormat().format(toDate(value));
}

/** 3 分钟前 · 3 minutes ago; falls back to the date beyond a week. */
export function formatRelative(value: string | Date, now: Date = domainNow()): string {
  const date = toDate(value);
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return relativeFormat().format(0, 'second');
  if (abs < 3600) return relativeFormat().format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relativeFormat().format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return relativeFormat().format(Math.round(seconds / 86_400), 'day');
  return formatDate(date);
}

/** 越秀、海珠和天河 · Yuexiu, Haizhu, & Tianhe */
export function formatList(items: readonly string[]): string {
  return listFormat().format(items);
}

function toDate(value: string | Date): Date {
  // A bare date (2019-03-15) is a calendar day: read it as local midnight, not UTC midnight.
  return value instanceof Date ? value : new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value);
}
