import type { CombinedError } from '@urql/core';
import { errorMessage, localMessage } from '../error-notice.tsx';
import { common } from '../i18n/labels.ts';

/** Why a comment mutation failed, to show in place. */
export interface Failure {
  /** In the interface language at the time it is read. */
  message: () => string;
  /** The input a ValidationError names (`input.body`), or null. */
  field: string | null;
  /** Set for a ConflictError: the version the row has now. */
  currentVersion: number | null;
}

interface TypedError {
  __typename: string;
  messageZh: string;
  messageEn: string;
  field?: string;
  currentVersion?: number;
}

const isTypedError = (member: object): member is TypedError => 'messageZh' in member && 'messageEn' in member;

/**
 * Reads a mutation's union result: null when it is the `okTypename` member, else the failure (a
 * typed error, a failed request, or no answer at all).
 */
export function failureOf(
  response: { error?: CombinedError | undefined },
  member: { __typename: string } | null | undefined,
  okTypename: string,
): Failure | null {
  if (member?.__typename === okTypename) return null;
  if (member && isTypedError(member)) {
    return {
      message: () => localMessage(member),
      field: member.field ?? null,
      currentVersion: member.currentVersion ?? null,
    };
  }
  const error = response.error;
  return { message: () => (error ? errorMessage(error) : common().networkError), field: null, currentVersion: null };
}
