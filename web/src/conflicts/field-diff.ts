/** A field's value as compared and shown: text, a list of names, or nothing. */
export type FieldValue = string | readonly string[] | null;

export interface FieldChange<Field extends string> {
  field: Field;
  before: FieldValue;
  after: FieldValue;
}

export function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (typeof a === 'string' || typeof b === 'string' || a === null || b === null) return a === b;
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * What differs from `before` to `after`, field by field in the order of `fields`. The one diff
 * behind every conflict flow (the workspace's actions, the department's editor).
 */
export function diffFields<Field extends string>(
  fields: readonly Field[],
  before: (field: Field) => FieldValue,
  after: (field: Field) => FieldValue,
): FieldChange<Field>[] {
  return fields.flatMap((field) => {
    const was = before(field);
    const now = after(field);
    return sameValue(was, now) ? [] : [{ field, before: was, after: now }];
  });
}

/** Per field of a conflict, which side the person keeps. */
export type Side = 'mine' | 'theirs';
