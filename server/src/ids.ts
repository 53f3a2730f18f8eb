import { sql, type Column, type SQL } from 'drizzle-orm';
import { ValidationError } from './errors.ts';

/** Row ids are PostgreSQL `integer` (serial) columns: 1 to 2^31 − 1. */
const maxRowId = 2_147_483_647;
/** A type name as the schema spells them (PascalCase), so `__proto__` or `constructor` never reach a lookup. */
const typenamePattern = /^[A-Z][A-Za-z0-9]*$/;
/** Canonical decimal: no sign, no leading zero, no exponent, no fraction, no spaces. */
const rowIdPattern = /^[1-9][0-9]{0,9}$/;
/** Canonical base64 with padding, the only form `encodeGlobalID` writes. */
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface GlobalId {
  typename: string;
  id: number;
}

const invalidId = (field: string) => new ValidationError(field, `${field} 不是有效的 ID`, `${field} is not a valid id`);

/**
 * The one reader of global ids (base64 of `Type:<id>`), for every ID argument and for `node` and
 * `nodes` (the relay plugin's `decodeGlobalID` option). Only the canonical form is accepted:
 * `Proposal:1e3` or `Proposal: 1` would otherwise be read as Proposal 1000 or 1, and an id outside
 * the integer column's range reached the database as an error. A malformed id is the client's
 * mistake: a VALIDATION error.
 */
export function parseGlobalId(globalId: unknown, field: string): GlobalId {
  if (typeof globalId !== 'string' || globalId.length > 200 || !base64Pattern.test(globalId)) throw invalidId(field);
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const digits = decoded.slice(separator + 1);
  if (separator < 0 || !typenamePattern.test(typename) || !rowIdPattern.test(digits)) throw invalidId(field);
  const id = Number(digits);
  if (id > maxRowId) throw invalidId(field);
  return { typename, id };
}

/**
 * Reads a global id that must name a row of one of `typenames` (the `for` of a `t.arg.globalID`,
 * see global-id-args.ts). Wrong shapes and wrong types are the client's mistake: a VALIDATION
 * error naming `field`, never a 500.
 */
export function parseGlobalIdOf(globalId: unknown, typenames: readonly string[], field: string): GlobalId {
  const decoded = parseGlobalId(globalId, field);
  if (!typenames.includes(decoded.typename)) {
    const expected = typenames.join(' / ');
    throw new ValidationError(field, `${field} 应为 ${expected} 的 ID`, `${field} must be the id of a ${expected}`);
  }
  return decoded;
}

/**
 * The database id of a global id naming a row of `typename`, for the ids no `for` can name: the
 * items of a bulk call, which each fail on their own, and ids of types that are not GraphQL types.
 */
export function databaseIdOf(globalId: string, typename: string, field: string): number {
  return parseGlobalIdOf(globalId, [typename], field).id;
}

/**
 * A row's global id as the relay plugin's `encodeGlobalID` writes it (base64 of `Type:<id>`), in
 * SQL, for planned execution (planned/plan.ts), whose answers PostgreSQL builds. Type names are
 * the schema's (PascalCase), so they need no quoting beyond the literal.
 */
export function globalIdSql(typename: string, id: Column): SQL {
  if (!typenamePattern.test(typename)) throw new TypeError(`Not a type name: ${typename}`);
  return sql`translate(encode(convert_to(${sql.raw(`'${typename}:'`)} || ${id}, 'UTF8'), 'base64'), E'\\n', '')`;
}
