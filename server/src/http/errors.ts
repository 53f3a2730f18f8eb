import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { DevolveError, ValidationError } from '../errors.ts';
import { maxRequestBytes } from './operation-limits.ts';

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
  if (error instanceof GraphQLError && error.extensions.code === 'REQUEST_ENTITY_TOO_LARGE') {
    // The refusal of a body over its limit (body-limits.ts: JSON or upload), in both languages like every refusal.
    const limit = typeof error.extensions.limit === 'number' ? error.extensions.limit : maxRequestBytes;
    const zh = `请求过大：最多 ${limit} 字节`;
    const en = `The request body is too large: at most ${limit} bytes`;
    return new GraphQLError(en, { extensions: { ...error.extensions, messageZh: zh, messageEn: en, limit } });
  }
  // GraphQL's own parse and validation errors carry no original error; Yoga's request errors
  // (bad JSON, wrong method) carry their HTTP status. Both are the client's and pass untouched.
  if (error instanceof GraphQLError && (!original || error.extensions.http)) return error;
  return new GraphQLError('Unexpected error. 服务器内部错误。', { extensions: { code: 'INTERNAL' } });
}
