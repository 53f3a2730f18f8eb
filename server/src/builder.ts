import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { type Relations, relations } from '@devolve/db';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { type GraphQLResolveInfo, GraphQLScalarType, isObjectType, Kind } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { Context } from './context.ts';
import GlobalIdArgsPlugin from './global-id-args.ts';
import { canWriteAs, hasRole, type Role, type Viewer } from './accounts/permissions.ts';
import { parseDateInput, parseDateTimeInput, toIsoDateTime } from './dates.ts';
import { ForbiddenError, UnauthenticatedError, ValidationError } from './errors.ts';
import { parseGlobalId } from './ids.ts';
import { pageSizes } from './pagination.ts';

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
  /**
   * What a field guarded by each scope may assume of its context: `t.withAuth({ canWrite: [...] })`
   * gives its resolver a `ctx.viewer` that is not null, so no resolver asserts it.
   */
  AuthContexts: {
    signedIn: SignedInContext;
    anyRole: SignedInContext;
    canWrite: SignedInContext;
  };
  Scalars: {
    DateTime: { Input: string; Output: string };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    /** An uploaded file (GraphQL multipart request spec); input only. */
    File: { Input: File; Output: never };
  };
}

/** The context of a field that only a signed-in viewer reaches. */
export type SignedInContext = Context & { viewer: Viewer };

/** The one schema builder; every domain module imports it and adds its types and fields. */
export const builder = new SchemaBuilder<PothosTypes>({
  // Relay first so authScopes see parsed global ids; errors around scope-auth so a refusal becomes
  // a typed ForbiddenError result; scope-auth before the drizzle resolvers it guards. globalIdArgs
  // reads every `for` id argument with its path before the relay plugin decodes it (its mapper
  // goes first whatever its place here) and throws a bad one's error from the innermost resolver
  // wrapper (so last here): after scope-auth, inside the errors plugin.
  plugins: [RelayPlugin, ErrorsPlugin, ScopeAuthPlugin, DrizzlePlugin, GlobalIdArgsPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      signedIn: ctx.viewer !== null,
      anyRole: (roles) => hasRole(ctx.viewer, ...roles),
      canWrite: (roles) => canWriteAs(ctx.viewer, ...roles),
    }),
    // Subscription fields are checked when subscribing: without this, scope-auth checks each event
    // as it resolves, so an anonymous client could hold a stream open (and subscribe resolvers given
    // a signed-in `ctx.viewer` by `t.withAuth` would run for it).
    authorizeOnSubscribe: true,
    // Refusals are typed errors like every other expected failure.
    unauthorizedError: (_parent, ctx) => (ctx.viewer ? new ForbiddenError() : new UnauthenticatedError()),
  },
  errors: {
    // Every mutation's result is a union of its payload, these errors any mutation can return (bad
    // input, no session, not allowed: error-types.ts) and the ones it lists itself (`errors.types`).
    defaultTypes: [ValidationError, ForbiddenError, UnauthenticatedError],
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    // A page is at most 100 rows (issue 2): see pagination.ts for what happens to larger requests.
    defaultConnectionSize: pageSizes.default,
    maxConnectionSize: pageSizes.max,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    // Every global id, in ID arguments (ids.ts, global-id-args.ts) and in node/nodes, is read by
    // the one strict parser.
    decodeGlobalID: (globalID) => {
      const { typename, id } = parseGlobalId(globalID, 'id');
      return { typename, id: String(id) };
    },
    // Relay says an id that names no row resolves to null; the drizzle loader rejects instead.
    // An id of a type that has no nodes is the client's mistake, like a malformed one.
    nodeQueryOptions: {
      resolve: (_root, { id }, ctx, info) => nodeOf(id, ctx, info),
    },
    // Each id on its own, so one missing row is one null. (The plugin's `resolveNodes` callback
    // ignores the ids it is given and resolves all of `ids`: every position got the first node.)
    nodesQueryOptions: {
      resolve: (_root, { ids }, ctx, info) => ids.map((id) => nodeOf(id, ctx, info)),
    },
  },
});

builder.queryType({});
builder.mutationType({});

/** The node a parsed global id names, or null when no row has it. */
function nodeOf(id: { typename: string; id: string }, ctx: Context, info: GraphQLResolveInfo): Promise<unknown> {
  const type = info.schema.getType(id.typename);
  if (!isObjectType(type) || !type.getInterfaces().some((implemented) => implemented.name === 'Node')) {
    throw new ValidationError('id', `没有 ${id.typename} 类型的对象`, `There are no objects of type ${id.typename}`);
  }
  return nullWhenMissing(resolveNodes(builder, ctx, info, [id]).then((nodes) => nodes[0]));
}

/** The drizzle plugin's model loader rejects with "Model <table>(<key>) not found" for a missing row. */
async function nullWhenMissing<T>(load: T | Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof Error && /^Model \w+\(.*\) not found$/.test(error.message)) return null;
    throw error;
  }
}

/*
 * DateTime and Date are our own, not graphql-scalars': theirs do not keep this contract
 * (test/api/hostile-input*.test.ts). Their DateTime and Date read inputs into JS Dates (we keep
 * strings, as the drizzle columns do), accept any year from 0000 (the database and the service deal
 * in 1900–9999), cannot serialize PostgreSQL's text form (`2019-09-30 12:00:00+00`), and their
 * LocalDate accepts year 0000 too. Their refusals are plain GraphQLErrors, which the server masks
 * as INTERNAL, where ours are VALIDATION errors with both messages. A wrapper would replace every
 * function and keep only the name.
 */
builder.addScalarType(
  'DateTime',
  new GraphQLScalarType<string, string>({
    name: 'DateTime',
    description: 'An instant in ISO 8601 with an offset (2019-09-30T08:00:00.000Z), between the years 1900 and 9999; answered in UTC.',
    serialize: toIsoDateTime,
    parseValue: (value) => parseDateTimeInput(value),
    parseLiteral: (ast) => parseDateTimeInput(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
);

builder.addScalarType(
  'Date',
  new GraphQLScalarType<string, string>({
    name: 'Date',
    description: 'A calendar date, YYYY-MM-DD, a real day between the years 1900 and 9999.',
    serialize: (value) => String(value),
    parseValue: (value) => parseDateInput(value),
    parseLiteral: (ast) => parseDateInput(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
);

/** Yoga reads multipart uploads into the variables as File objects (the GraphQL multipart request spec). */
builder.addScalarType(
  'File',
  new GraphQLScalarType<File, never>({
    name: 'File',
    description: 'A file uploaded with the request (GraphQL multipart request spec); input only.',
    serialize: () => {
      throw new TypeError('File is an input type');
    },
    parseValue: (value) => {
      // Yoga's multipart parser gives @whatwg-node/fetch's File, not necessarily the global class.
      if (value instanceof File || (typeof value === 'object' && value !== null && typeof (value as File).arrayBuffer === 'function' && typeof (value as File).name === 'string')) {
        return value as File;
      }
      throw new ValidationError('file', '请上传文件', 'Upload a file (multipart request)');
    },
    parseLiteral: () => {
      throw new ValidationError('file', '请上传文件', 'Upload a file (multipart request)');
    },
  }),
);

// graphql-scalars' JSON is the same contract as ours was (any JSON value, passed through), with
// literal inputs read too; only the description is ours, saying what the schema uses it for.
builder.addScalarType(
  'JSON',
  new GraphQLScalarType({
    ...GraphQLJSON.toConfig(),
    description: 'A JSON value (activity before/after snapshots: small objects of ids and values).',
  }),
);
