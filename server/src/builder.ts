import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import { type Relations, relations } from '@devolve/db';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { GraphQLScalarType, Kind } from 'graphql';
import type { Context } from './context.ts';
import { validationError } from './errors.ts';

export interface PothosTypes {
  DefaultFieldNullability: false;
  DrizzleRelations: Relations;
  Context: Context;
  Scalars: {
    DateTime: { Input: string; Output: string };
    Date: { Input: string; Output: string };
  };
}

/** The one schema builder; every domain module imports it and adds its types and fields. */
export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
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
    throw validationError('DateTime', '时间格式应为 ISO 8601', 'Expected an ISO 8601 date-time');
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
    throw validationError('Date', '日期格式应为 YYYY-MM-DD', 'Expected a date as YYYY-MM-DD');
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
