import type { CombinedError } from '@urql/core';
import { errorMessage, localMessage } from './error-notice.tsx';
import { common } from './i18n/labels.ts';

/**
 * Why a mutation did not go through: a typed error of the API, or a failed request. Every form
 * reads it the same way: the message to show, the input it is about (if any), and whether someone
 * else changed the row first.
 */
export interface MutationFailure {
  ok: false;
  /** In the interface language at the time it is read. */
  message: () => string;
  /** The input a ValidationError names, as the API gives it (`input.targetDistrictIds[2]`), or null. */
  field: string | null;
  /** The form field that input belongs to (`targetDistrictIds`, see `inputField`), or null. */
  inputField: string | null;
  /** A ConflictError: someone else changed the row since it was loaded (the form should reload it). */
  conflict: boolean;
  /** A ConflictError's `currentVersion` when the mutation selects it: the row's version now. */
  currentVersion: number | null;
  /**
   * Refused for a reason that sending the same again cannot change: no permission, a rule of the
   * row's state (an invalid transition), a row that is gone. The form says why and offers no retry.
   */
  refused: boolean;
}

/** The typed errors whose refusal stands however often the request is sent. */
const standingRefusals: ReadonlySet<string> = new Set(['FORBIDDEN', 'INVALID_TRANSITION', 'NOT_FOUND', 'UNAUTHENTICATED']);

/** A mutation's answer: the result (the union member asked for), or why there is none. */
export type MutationOutcome<Result> = { ok: true; value: Result } | MutationFailure;

/** One of the API's typed errors (every mutation answers with its result or one of these). */
interface TypedError {
  __typename: string;
  code?: string;
  messageZh: string;
  messageEn: string;
  field?: string;
  currentVersion?: number;
}

const isTypedError = (member: object): member is TypedError => 'messageZh' in member && 'messageEn' in member;

/**
 * The form field a ValidationError's `field` names: `input.targetDistrictIds[2]` is the districts
 * field, and so is `proposal.targetDistrictIds` (a transition refused for the saved proposal's
 * content); `input` or `proposal` alone (the whole) names none.
 */
export function inputField(field: string): string | null {
  const name = field.replace(/^(input|proposal)(\.|$)/, '').replace(/\[\d+\].*$/, '');
  return name === '' ? null : name;
}

/**
 * Reads a mutation's union result: the member named `okTypename`, a typed error, or a failed
 * request (`response.error`, or no answer at all).
 */
export function outcomeOf<Member extends { __typename: string }, Ok extends Member['__typename']>(
  response: { error?: CombinedError | undefined },
  member: Member | null | undefined,
  okTypename: Ok,
): MutationOutcome<Extract<Member, { __typename: Ok }>> {
  if (member?.__typename === okTypename) return { ok: true, value: member as Extract<Member, { __typename: Ok }> };
  if (member && isTypedError(member)) {
    const field = member.field ?? null;
    return {
      ok: false,
      message: () => localMessage(member),
      field,
      inputField: field === null ? null : inputField(field),
      conflict: member.__typename === 'ConflictError',
      currentVersion: member.currentVersion ?? null,
      refused: member.code !== undefined && standingRefusals.has(member.code),
    };
  }
  const error = response.error;
  return {
    ok: false,
    message: () => (error ? errorMessage(error) : common().networkError),
    field: null,
    inputField: null,
    conflict: false,
    currentVersion: null,
    refused: false,
  };
}

/** The field of `fields` a failure is about, or null when it names none of them. */
export function formField<Field extends string>(failure: Pick<MutationFailure, 'inputField'>, fields: readonly Field[]): Field | null {
  return fields.find((field) => field === failure.inputField) ?? null;
}

/** Messages by form field; `form` holds what belongs to no field. Thunks, so they follow the language switch. */
export type FieldMessages<Field extends string> = Partial<Record<Field | 'form', () => string>>;

/** Places a failure's message next to its field when the form has one, else at the form. */
export function placeProblem<Field extends string>(
  failure: Pick<MutationFailure, 'inputField' | 'message'>,
  fields: readonly Field[],
): FieldMessages<Field> {
  const field = formField(failure, fields);
  return (field ? { [field]: failure.message } : { form: failure.message }) as FieldMessages<Field>;
}
