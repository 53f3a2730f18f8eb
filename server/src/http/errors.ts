import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { DevolveError, ValidationError } from '../errors.ts';

/**
 * Expected failures (DevolveError) reach the client with their code and messages; GraphQL's own
 * parse and validation errors pass untouched; anything else is logged and replaced by a generic
 * INTERNAL error so no stack or SQL leaks (architecture decision 5). Yoga logs every error this
 * replaces, so client mistakes are caught before they reach here (see pagination.ts).
 */
export function maskError(error: unknown): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  // graphql-js copies the original error's extensions (code, messages) onto its wrapper.
  if (error instanceof DevolveError) return error;
  if (error instanceof GraphQLError && original instanceof DevolveError) return error;
  if (original instanceof PothosValidationError) {
    return new ValidationError('arguments', `参数无效：${original.message}`, `Invalid arguments: ${original.message}`);
  }
  // GraphQL's own parse and validation errors carry no original error; Yoga's request errors
  // (bad JSON, wrong method) and ours (body-limits.ts) carry their HTTP status. All are the
  // client's and pass untouched.
  if (error instanceof GraphQLError && (!original || error.extensions.http)) return error;
  return new GraphQLError('Unexpected error. 服务器内部错误。', { extensions: { code: 'INTERNAL' } });
}
