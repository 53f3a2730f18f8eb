import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from './errors.ts';

/**
 * Reads a global id argument that must name a row of `typename`, returning its database id.
 * Wrong shapes and wrong types are the client's mistake: a VALIDATION error, never a 500.
 */
export function databaseIdOf(globalId: string, typename: string, field: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw new ValidationError(field, `${field} 不是有效的 ID`, `${field} is not a valid id`);
  }
  const id = Number(decoded.id);
  if (decoded.typename !== typename || !Number.isSafeInteger(id) || id < 1) {
    throw new ValidationError(field, `${field} 应为 ${typename} 的 ID`, `${field} must be the id of a ${typename}`);
  }
  return id;
}
