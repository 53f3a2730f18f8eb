import { ValidationError } from './errors.ts';

/** Length limits for text inputs (characters, after trimming). */
export const textLimits = { shortName: 200, reason: 2_000, comment: 5_000, freeText: 5_000 } as const;

/**
 * An optional plain-text input: trimmed, blank means null, at most `max` characters. Stored and
 * returned as text, never HTML.
 */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  const text = value?.trim() ?? '';
  if (text.length > max) {
    throw new ValidationError(field, `不能超过 ${max} 个字符`, `At most ${max} characters`);
  }
  return text === '' ? null : text;
}

/** A plain-text input that must not be blank. */
export function requiredText(value: string | null | undefined, field: string, max: number): string {
  const text = optionalText(value, field, max);
  if (text === null) throw new ValidationError(field, '此项不能为空', 'This must not be blank');
  return text;
}

/**
 * C0 control characters other than tab, line feed and carriage return (NUL among them, which
 * PostgreSQL refuses in text), and UTF-16 halves without their pair: no text a person types.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds a character no text input may: checked for every string a request carries. */
export function hasControlCharacters(text: string): boolean {
  return controlCharacters.test(text);
}
