import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { type Relations, relations } from '@devolve/db';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { GraphQLScalarType, Kind } from 'graphql';
import type { Context } from './context.ts';
import { hasRole, type Role } from './accounts/permissions.ts';
import { expectedErrors, ForbiddenError, UnauthenticatedError, ValidationError } from './errors.ts';

export interface PothosTypes {
  DefaultFieldNullability: false;
  DrizzleRelations: Relations;
  Context: Context;
  AuthScopes: {
    /** Any signed-in person. */
    signedIn: boolean;
    /** Signed in holding one of these roles (reading). */
    anyRole: readonly Role[];
    /** Signed in holding one of these roles, with a credential that may write (not a read-only token). */
    canWrite: readonly Role[];
  };
  Scalars: {
    DateTime: { Input: string; Output: string };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}

/** The one schema builder; every domain module imports it and adds its types and fields. */
export const builder = new SchemaBuilder<PothosTypes>({
  // Relay first so authScopes see parsed global ids; errors around scope-auth so a refusal becomes
  // a typed ForbiddenError result; scope-auth before the drizzle resolvers it guards.
  plugins: [RelayPlugin, ErrorsPlugin, ScopeAuthPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      signedIn: ctx.viewer !== null,
      anyRole: (roles) => hasRole(ctx.viewer, ...roles),
      canWrite: (roles) => ctx.viewer !== null && !ctx.viewer.readOnly && hasRole(ctx.viewer, ...roles),
    }),
    // Subscription fields are checked when subscribing: without this, scope-auth checks each event
    // as it resolves, so an anonymous client could hold a stream open (and subscribe resolvers that
    // rely on their scopes, like `ctx.viewer!`, would run for it).
    authorizeOnSubscribe: true,
    // Refusals are typed errors like every other expected failure.
    unauthorizedError: (_parent, ctx) => (ctx.viewer ? new ForbiddenError() : new UnauthenticatedError()),
  },
  errors: {
    // Every mutation's result is a union of its payload and these error types (error-types.ts).
    defaultTypes: [...expectedErrors],
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: 20,
    // A page is at most 100 rows (issue 2); larger requests are refused, not silently cut.
    maxConnectionSize: 100,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    // Relay says an id that names no row resolves to null; the drizzle loader rejects instead.
    nodeQueryOptions: {
      resolve: (_root, { id }, _ctx, _info, resolveNode) => nullWhenMissing(resolveNode(id)),
    },
    nodesQueryOptions: {
      resolve: (_root, { ids }, _ctx, _info, resolveNodes) =>
        ids.map((id) => nullWhenMissing(resolveNodes([id]).then((nodes) => nodes[0]))),
    },
  },
});

builder.queryType({});
builder.mutationType({});

/** The drizzle plugin's model loader rejects with "Model <table>(<key>) not found" for a missing row. */
async function nullWhenMissing<T>(load: T | Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof Error && /^Model \w+\(.*\) not found$/.test(error.message)) return null;
    throw error;
  }
}

/** Postgres returns `2019-09-30 12:00:00.123456+00`; clients get ISO 8601 in UTC. */
function toIsoDateTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  const date = new Date(text.includes('T') ? text : text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(date.getTime())) throw new TypeError(`Not a timestamp: ${text}`);
  return date.toISOString();
}

function parseIsoDateTime(value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new ValidationError('DateTime', '时间格式应为 ISO 8601', 'Expected an ISO 8601 date-time');
  }
  return new Date(value).toISOString();
}

builder.addScalarType(
  'DateTime',
  new GraphQLScalarType<string, string>({
    name: 'DateTime',
    description: 'An instant in ISO 8601, UTC (2019-09-30T08:00:00.000Z).',
    serialize: toIsoDateTime,
    parseValue: parseIsoDateTime,
    parseLiteral: (ast) => parseIsoDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
);

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !datePattern.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ValidationError('Date', '日期格式应为 YYYY-MM-DD', 'Expected a date as YYYY-MM-DD');
  }
  return value;
}

builder.addScalarType(
  'Date',
  new GraphQLScalarType<string, string>({
    name: 'Date',
    description: 'A calendar date, YYYY-MM-DD.',
    serialize: (value) => String(value),
    parseValue: parseDate,
    parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
);

builder.addScalarType(
  'JSON',
  new GraphQLScalarType<unknown, unknown>({
    name: 'JSON',
    description: 'A JSON value (activity before/after snapshots: small objects of ids and values).',
    serialize: (value) => value,
    parseValue: (value) => value,
  }),
);
