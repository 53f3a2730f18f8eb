import { execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql';
import type { Context } from '../context.ts';
import { DevolveError, ValidationError } from '../errors.ts';
import { pageSizes } from '../pagination.ts';
import { schema } from '../schema.ts';
import type { ExportList, Row } from './lists.ts';

const documents = new Map<string, DocumentNode>();

/** A query, parsed and validated once (a mistake there is the program's, found at its first use). */
function documentOf(query: string): DocumentNode {
  let document = documents.get(query);
  if (!document) {
    document = parse(query);
    const errors = validate(schema, document);
    if (errors.length > 0) throw new Error(`An export query is invalid: ${errors.map((e) => e.message).join('; ')}`);
    documents.set(query, document);
  }
  return document;
}

/**
 * A client's mistake as the DevolveError it is: the resolvers' own (VALIDATION, FORBIDDEN, …), or
 * a variable GraphQL could not coerce (a bad enum, an unknown filter field), which fails the
 * request as a whole: no data at all.
 */
function clientError(error: GraphQLError, requestFailed: boolean): DevolveError | null {
  if (error.originalError instanceof DevolveError) return error.originalError;
  if (requestFailed) return new ValidationError('params', `参数无效：${error.message}`, `Invalid parameter: ${error.message}`);
  return null;
}

/**
 * Runs `query` through the schema as the viewer of `ctx`, as /graphql would: a client's mistake
 * throws its DevolveError, anything else is the program's and is thrown as it is.
 */
export async function runQuery(ctx: Context, query: string, variables: Record<string, unknown>): Promise<Row> {
  // A context per page: the drizzle plugin's per-request caches do not grow with the export.
  const result = await execute({ schema, document: documentOf(query), contextValue: { ...ctx }, variableValues: variables });
  const [error] = result.errors ?? [];
  if (error) throw clientError(error, !('data' in result)) ?? error.originalError ?? error;
  return result.data as Row;
}

/**
 * The list's rows under `variables`, a page (100, the API's largest) at a time, each page through
 * the same GraphQL field the screen uses, continued with its keyset cursor. The first page is read
 * before the generator yields anything, so a bad filter fails before a response is started.
 */
export async function* listRows(ctx: Context, list: ExportList, variables: Record<string, unknown>): AsyncGenerator<Row[]> {
  let after: string | null = null;
  do {
    const page = list.page(await runQuery(ctx, list.query, list.unpaged ? variables : { ...variables, first: pageSizes.max, after }));
    if (!page) throw new DevolveError('NOT_FOUND', '找不到该列表', 'No such list');
    yield page.nodes;
    after = page.endCursor;
  } while (after !== null);
}
