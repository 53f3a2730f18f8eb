import type { CombinedError } from '@urql/core';
import { errorMessage, localMessage } from '../error-notice.tsx';
import { common } from '../i18n/labels.ts';

/**
 * A mutation's answer, read once for every form of the department and district portals: the
 * result, or a failure saying which input it is about (if any) and what to tell the person.
 */
export type MutationOutcome<Result> =
  | { ok: true; value: Result }
  | {
      ok: false;
      /** The form field a ValidationError names (`input.rationale` → `rationale`), or null. */
      field: string | null;
      /** Someone else changed the row since it was loaded (the form should reload it). */
      conflict: boolean;
      /** In the interface language at the time it is read. */
      message: () => string;
    };

interface TypedError {
  __typename: string;
  messageZh: string;
  messageEn: string;
  field?: string;
}

const isTypedError = (member: object): member is TypedError => 'messageZh' in member && 'messageEn' in member;

/**
 * The form field a ValidationError's `field` names: `input.targetDistrictIds[2]` is the districts
 * field; `input` alone (the input as a whole) names none.
 */
export function inputField(field: string): string | null {
  const name = field.replace(/^input\.?/, '').replace(/\[\d+\].*$/, '');
  return name === '' ? null : name;
}

/**
 * Reads a mutation's union result: the member named `okTypename`, a typed error, or a failed
 * request (`response.error`).
 */
export function outcomeOf<Member extends { __typename: string }, Ok extends Member['__typename']>(
  response: { error?: CombinedError | undefined },
  member: Member | null | undefined,
  okTypename: Ok,
): MutationOutcome<Extract<Member, { __typename: Ok }>> {
  if (member?.__typename === okTypename) return { ok: true, value: member as Extract<Member, { __typename: Ok }> };
  if (member && isTypedError(member)) {
    return {
      ok: false,
      field: member.field === undefined ? null : inputField(member.field),
      conflict: member.__typename === 'ConflictError',
      message: () => localMessage(member),
    };
  }
  const error = response.error;
  return { ok: false, field: null, conflict: false, message: () => (error ? errorMessage(error) : common().networkError) };
}

/** Messages by form field; `form` holds what belongs to no field. Thunks, so they follow the language switch. */
export type FieldMessages<Field extends string> = Partial<Record<Field | 'form', () => string>>;

/** Places a failed outcome's message next to its field when the form has one, else at the form. */
export function placeProblem<Field extends string>(
  outcome: { field: string | null; message: () => string },
  fields: readonly Field[],
): FieldMessages<Field> {
  const field = fields.find((f) => f === outcome.field);
  return (field ? { [field]: outcome.message } : { form: outcome.message }) as FieldMessages<Field>;
}
