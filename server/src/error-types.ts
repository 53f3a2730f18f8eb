import { brandWithType } from '@pothos/core';
import { wrapErrorIfMatches } from '@pothos/plugin-errors';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from './builder.ts';
import {
  ConflictError,
  DevolveError,
  errorCodes,
  expectedErrors,
  ForbiddenError,
  importRefusals,
  ImportRefusedError,
  InvalidTransitionError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from './errors.ts';

/** The GraphQL side of errors.ts: each expected failure is an object implementing `Error`. */
export const ErrorCodeEnum = builder.enumType('ErrorCode', { values: errorCodes });

export const ErrorInterface = builder.interfaceRef<DevolveError>('Error').implement({
  description: 'An expected failure: a stable code and a message in Chinese and English.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    message: t.string({ description: 'The English message.', resolve: (error) => error.messageEn }),
    messageZh: t.exposeString('messageZh'),
    messageEn: t.exposeString('messageEn'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.exposeString('field', { description: 'The input that was wrong, e.g. input.rationale.' }) }),
});

for (const [errorClass, name] of [
  [NotFoundError, 'NotFoundError'],
  [ForbiddenError, 'ForbiddenError'],
  [UnauthenticatedError, 'UnauthenticatedError'],
  [InvalidTransitionError, 'InvalidTransitionError'],
] as const) {
  builder.objectType(errorClass, { name, interfaces: [ErrorInterface], fields: () => ({}) });
}

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

builder.objectType(ImportRefusedError, {
  name: 'ImportRefusedError',
  interfaces: [ErrorInterface],
  description: 'An uploaded file that cannot be imported: not a spreadsheet, encrypted, a zip bomb, too large, or no recognisable header.',
  fields: (t) => ({
    reason: t.field({ type: builder.enumType('ImportRefusal', { values: importRefusals }), resolve: (error) => error.reason }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  description: 'The row changed since the client read it. Refetch `currentId` to see what changed.',
  fields: (t) => ({
    currentVersion: t.exposeInt('currentVersion'),
    currentId: t.id({ resolve: (error) => encodeGlobalID(error.entity.typename, error.entity.id) }),
  }),
});

/**
 * An expected error as the value of an `Error` field. graphql-js fails any field whose value is an
 * Error, and the interface has no type resolver: the errors plugin's wrapper hides that it is an
 * Error, and the type brand names its GraphQL type (the class it was registered with).
 */
export function asErrorValue(error: DevolveError): DevolveError {
  brandWithType(error, error.constructor as (typeof expectedErrors)[number]);
  return wrapErrorIfMatches(error, [...expectedErrors]) as DevolveError;
}
