import { GraphQLError } from 'graphql';

/** Stable codes clients can switch on (architecture decision 5). */
export type ErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'INVALID_TRANSITION';

/**
 * An expected failure caused by the client's request. It reaches the client with its code and
 * both messages; anything else is logged and masked.
 */
export class DevolveError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    readonly messageZh: string,
    readonly messageEn: string,
    details: Record<string, unknown> = {},
  ) {
    super(messageEn, { extensions: { code, messageZh, messageEn, ...details } });
    this.name = 'DevolveError';
  }
}

export const validationError = (field: string, zh: string, en: string) =>
  new DevolveError('VALIDATION', zh, en, { field });

export const notFoundError = (what: string, id: string) =>
  new DevolveError('NOT_FOUND', `找不到${what}（${id}）`, `No such ${what}: ${id}`, { id });
