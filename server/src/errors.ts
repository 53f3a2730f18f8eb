import { GraphQLError } from 'graphql';

/** Stable codes clients can switch on (architecture decision 5). */
export const errorCodes = [
  'VALIDATION',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'CONFLICT',
  'INVALID_TRANSITION',
  'RATE_LIMITED',
  /** A subscription's `since` is too far back to replay: refetch, then subscribe from the new position. */
  'REFETCH_REQUIRED',
  /** An uploaded file that cannot be imported at all: `reason` says why (imports/). */
  'IMPORT_REFUSED',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * An expected failure caused by the client's request. Mutations return it as a typed member of
 * their result union (error-types.ts); thrown from a query it reaches the client in `errors`
 * with the same code and both messages. Anything else is logged and masked.
 */
export class DevolveError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    readonly messageZh: string,
    readonly messageEn: string,
    details: Record<string, unknown> = {},
  ) {
    super(messageEn, { extensions: { code, messageZh, messageEn, ...details } });
    this.name = new.target.name;
  }
}

export class ValidationError extends DevolveError {
  constructor(
    readonly field: string,
    zh: string,
    en: string,
  ) {
    super('VALIDATION', zh, en, { field });
  }
}

export class NotFoundError extends DevolveError {
  constructor(what: { zh: string; en: string }, id: string) {
    super('NOT_FOUND', `找不到该${what.zh}（${id}）`, `No such ${what.en}: ${id}`, { id });
  }
}

export class ForbiddenError extends DevolveError {
  constructor(zh = '您无权执行此操作', en = 'You are not allowed to do this') {
    super('FORBIDDEN', zh, en);
  }
}

export class UnauthenticatedError extends DevolveError {
  constructor(zh = '请先登录', en = 'Sign in first') {
    super('UNAUTHENTICATED', zh, en);
  }
}

/**
 * The row changed since the client read it, or (with `words`) another row already holds what it
 * would take, such as a name; `entity` is that row as it is now.
 */
export class ConflictError extends DevolveError {
  constructor(
    readonly entity: { typename: string; id: number },
    readonly currentVersion: number,
    // No version number in the words: people compare content, not counters (currentVersion is in the details).
    words: { zh: string; en: string } = {
      zh: '该记录已被他人修改，请查看最新内容后重试',
      en: 'Someone else changed this first; review the current state and try again',
    },
  ) {
    super('CONFLICT', words.zh, words.en, { currentVersion });
  }
}

export class InvalidTransitionError extends DevolveError {
  constructor(zh: string, en: string) {
    super('INVALID_TRANSITION', zh, en);
  }
}

export class RateLimitedError extends DevolveError {
  constructor(
    readonly retryAfterSeconds: number,
    /** What was limited, when not sign-in attempts. */
    message?: { zh: string; en: string },
  ) {
    super(
      'RATE_LIMITED',
      message?.zh ?? `尝试次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
      message?.en ?? `Too many attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
      { retryAfterSeconds },
    );
  }
}

/** Why an uploaded file is refused before any of its rows is looked at. */
export const importRefusals = ['NOT_A_SPREADSHEET', 'ENCRYPTED', 'ZIP_BOMB', 'TOO_LARGE', 'NO_HEADER'] as const;
export type ImportRefusal = (typeof importRefusals)[number];

export class ImportRefusedError extends DevolveError {
  constructor(
    readonly reason: ImportRefusal,
    zh: string,
    en: string,
  ) {
    super('IMPORT_REFUSED', zh, en, { reason });
  }
}

/** Every expected failure a mutation can return as a typed result. */
export const expectedErrors = [
  ValidationError,
  NotFoundError,
  ForbiddenError,
  UnauthenticatedError,
  ConflictError,
  InvalidTransitionError,
  RateLimitedError,
  ImportRefusedError,
] as const;

