import { relations, type Database } from '@devolve/db';
import { and, asc, desc, getColumns, sql, type Column, type SQL } from 'drizzle-orm';
import { alias, type PgTable } from 'drizzle-orm/pg-core';
import {
  getNamedType,
  getNullableType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLObjectType,
  GraphQLScalarType,
  Kind,
  OperationTypeNode,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { Viewer } from '../accounts/permissions.ts';
import { isoDateTimeSql } from '../dates.ts';
import { globalIdSql, parseGlobalIdOf } from '../ids.ts';
import { keysetAfter, orderedColumns, pageSizes, type OrderBy } from '../pagination.ts';

/**
 * Planned execution (issue 16, a prototype): a persisted operation is compiled once, when the
 * server starts, into one SQL statement that builds the whole response's JSON in PostgreSQL, so a
 * request costs Node the session, the variables and one round trip instead of ~1,300 resolver calls.
 *
 * The statement is generated from the document's selection and the schema's own definitions, not
 * from a second description of the fields: an exposed column from Pothos' `pothosExposedField`, a
 * relation (its join, through table and order) from the field's drizzle selection and the drizzle
 * relations, a computed field from its `extras` (only where the field says its answer is that
 * extra: `plannedExtra`), enums from the schema's values, global ids and DateTime from their one
 * SQL form. Which rows a root list holds (read policy, filter, orders, cursor) comes from the
 * root's `PlannedRoot`, written beside its resolver from the same functions. Anything the planner
 * does not know (fragments, directives, arguments on nested fields, a field with its own auth or
 * logic) makes planning fail at start-up; anything a request brings that the plan does not cover
 * (anonymous, a bad variable, a cursor of another order) is answered by normal execution.
 */

/** Marks a computed field whose answer is exactly its drizzle `extras` entry, so the planner may select it. */
export const plannedExtra = { plannedExtra: true } as const;

/** How a root list field's rows are chosen, from the same functions its resolver uses. */
export interface PlannedRoot {
  table: PgTable & { id: Column };
  /** The GraphQL type of the rows (a node type whose read policy `where` applies). */
  typename: string;
  orderings: Readonly<Record<string, OrderBy<PgTable>>>;
  defaultOrder: string;
  /**
   * The coerced `filter` argument (its global ids read) as the resolver reads it for the viewer,
   * asking the database where the resolver does; throws for input the resolver would refuse
   * (normal execution then answers with its error).
   */
  readFilter(db: Database, viewer: Viewer, filter: unknown): Promise<unknown>;
  /** The page's condition over `table` for the viewer, the read filter and the page asked for. */
  where(viewer: Viewer, filter: unknown, page: PlannedPage): SQL | undefined;
  /** How many rows the filter finds, as a scalar subquery (the connection's totalCount). */
  total(viewer: Viewer, filter: unknown): SQL;
  /** Whether the resolver counts them beside the page, in a statement of its own (`countsBesidePage`). */
  countsBeside(viewer: Viewer, filter: unknown): boolean;
}

/** The page a planned root list is asked for. */
export interface PlannedPage {
  ordering: OrderBy<PgTable>;
  first: number;
  after: string | null;
}

export class PlanningError extends Error {}

/** Values a request supplies to a plan's statement. */
export interface PlanInput {
  viewer: Viewer;
  /** Coerced variables (graphql-js `getVariableValues`). */
  variables: Record<string, unknown>;
  /** The root list's filter as its `readFilter` read it (`Plan.readFilter`). */
  filter?: unknown;
}

export interface Plan {
  operationName: string | undefined;
  variableDefinitions: readonly VariableDefinitionNode[];
  /** The root list's filter for `input`, read as its resolver reads it; throws: not for this plan. */
  readFilter(db: Database, input: PlanInput): Promise<unknown>;
  /**
   * The statement whose one text column `body` is the response, or throws: not for this plan. It
   * depends on `input` alone, so it may be built once and run again for the same input; the one
   * value that changes between requests, the activity log position read before it (as
   * `logPosition` resolves), is its placeholder `logPosition`.
   */
  statement(input: PlanInput): SQL;
  /**
   * For an input whose root list counts beside its page: the count's statement, to run beside the
   * page's (whose answer then has null at `path`), and where its number goes in the answer.
   */
  countBeside(input: PlanInput): { count: SQL; path: string[] } | null;
}

type Row = PgTable;
/** Each relation's tables get an alias of their own when planned, so a plan's statement text never varies (prepared once). */
let aliasCount = 0;
/** An aliased table's FROM item (`"units" as "r3"`): drizzle renders an alias in a template by its name alone. */
const fromItems = new WeakMap<Row, SQL>();
function nextAlias<T extends PgTable>(table: T): T {
  const name = `r${(aliasCount += 1)}`;
  const row = alias(table, name) as unknown as T;
  fromItems.set(row, sql`${table} as ${sql.identifier(name)}`);
  return row;
}
const fromItem = (row: Row) => fromItems.get(row)!;
const columnOf = (row: Row, key: string): Column => (row as unknown as Record<string, Column>)[key]!;
const literal = (text: string) => sql.raw(`'${text.replaceAll("'", "''")}'`);

/** A field's argument or variable value in a plan: a literal, or read from the request's variables. */
type ValueOf = (input: PlanInput) => unknown;

function valueOf(node: ValueNode | undefined): ValueOf {
  if (!node) return () => undefined;
  if (node.kind === Kind.VARIABLE) return ({ variables }) => variables[node.name.value];
  if (node.kind === Kind.INT) return () => Number(node.value);
  if (node.kind === Kind.ENUM) return () => node.value;
  if (node.kind === Kind.NULL) return () => null;
  throw new PlanningError(`unplannable argument value (${node.kind})`);
}

function fieldsOf(selectionSet: SelectionSetNode | undefined, where: string): FieldNode[] {
  if (!selectionSet) throw new PlanningError(`${where}: a selection is missing`);
  const keys = new Set<string>();
  return selectionSet.selections.map((selection) => {
    if (selection.kind !== Kind.FIELD) throw new PlanningError(`${where}: fragments are not planned`);
    if (selection.directives?.length) throw new PlanningError(`${where}: directives are not planned`);
    const key = selection.alias?.value ?? selection.name.value;
    if (keys.has(key)) throw new PlanningError(`${where}: ${key} is selected twice`);
    keys.add(key);
    return selection;
  });
}

const keyOf = (node: FieldNode) => node.alias?.value ?? node.name.value;
const jsonObject = (entries: [string, SQL][]) =>
  sql`json_build_object(${sql.join(entries.map(([key, value]) => sql`${literal(key)}, ${value}`), sql`, `)})`;

interface FieldExtensions {
  pothosExposedField?: string;
  pothosDrizzleSelect?: (args: object, context: object, nested: (query: object) => object) => DrizzleSelection;
  pothosOptions?: { authScopes?: unknown };
  plannedExtra?: boolean;
}
interface DrizzleSelection {
  columns?: Record<string, unknown>;
  extras?: Record<string, (table: PgTable) => SQL>;
  with?: Record<string, { orderBy?: Record<string, 'asc' | 'desc'> } & Record<string, unknown>>;
}

/** A leaf column as its GraphQL type serializes it. */
function leafSql(field: GraphQLField<unknown, unknown>, column: Column, where: string): SQL {
  const type = getNamedType(field.type);
  if (type instanceof GraphQLEnumType) {
    const cases = type.getValues().map((value) => sql`when ${literal(String(value.value))} then ${literal(value.name)}`);
    return sql`case ${column}::text ${sql.join(cases, sql` `)} end`;
  }
  if (type instanceof GraphQLScalarType && type.name === 'DateTime') return isoDateTimeSql(column);
  if (type instanceof GraphQLScalarType && ['Int', 'String', 'Boolean', 'Float'].includes(type.name)) return sql`${column}`;
  throw new PlanningError(`${where}: scalar ${type.name} is not planned`);
}

/**
 * The JSON object of `selectionSet` over `row` (a row of `table`, GraphQL type `type`). `viewer`
 * is late-bound: computed fields' SQL depends on who asks, so it is built per request.
 */
function objectSql(schema: GraphQLSchema, type: GraphQLObjectType, table: PgTable, selectionSet: SelectionSetNode | undefined, where: string, isRoot = false) {
  const auth = (type.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
  // Every planned request is signed in; a per-row rule is planned only as the root list's own read
  // policy (the rows come from its SQL form, which the parity test holds to the in-memory one).
  if (auth !== undefined && !(isRoot && typeof auth === 'function') && JSON.stringify(auth) !== '{"signedIn":true}') {
    throw new PlanningError(`${where}: ${type.name}'s auth scopes are not planned`);
  }
  const tableRelations = (relations as unknown as Record<string, { table: PgTable; relations: Record<string, DrizzleRelation> }>)[tableKeyOf(table)];
  const parts = fieldsOf(selectionSet, where).map((node): ((row: Row, viewer: Viewer) => [string, SQL]) => {
    const name = node.name.value;
    const key = keyOf(node);
    const at = `${where}.${name}`;
    if (name === '__typename') return () => [key, literal(type.name)];
    const field = type.getFields()[name];
    if (!field) throw new PlanningError(`${at}: no such field`);
    if (node.arguments?.length) throw new PlanningError(`${at}: arguments are not planned`);
    const extensions = field.extensions as FieldExtensions;
    if (extensions.pothosOptions?.authScopes !== undefined) throw new PlanningError(`${at}: field auth scopes are not planned`);
    if (name === 'id' && type.getInterfaces().some((i) => i.name === 'Node')) {
      const primary = Object.entries(getColumns(table)).find(([, column]) => (column as Column).primary)![0];
      return (row) => [key, globalIdSql(type.name, columnOf(row, primary))];
    }
    if (extensions.pothosExposedField) {
      const columnKey = extensions.pothosExposedField;
      return (row) => [key, leafSql(field, columnOf(row, columnKey), at)];
    }
    const select = extensions.pothosDrizzleSelect;
    if (!select) throw new PlanningError(`${at}: neither a column nor a drizzle selection`);
    if (extensions.plannedExtra) {
      return (row, viewer) => {
        const extras = select({}, { viewer }, (query) => query).extras ?? {};
        const [extra, ...others] = Object.values(extras);
        if (!extra || others.length) throw new PlanningError(`${at}: a planned extra must select one extra`);
        return [key, extra(row)];
      };
    }
    const selection = select({}, { viewer: null }, (query) => query);
    const [relationName, ...others] = Object.keys(selection.with ?? {});
    if (!relationName || others.length || selection.extras) throw new PlanningError(`${at}: not one plain relation`);
    const { orderBy, ...rest } = selection.with![relationName]!;
    if (Object.keys(rest).length) throw new PlanningError(`${at}: relation options ${Object.keys(rest).join(', ')} are not planned`);
    const relation = tableRelations?.relations[relationName];
    if (!relation || relation.where !== undefined && typeof relation.where !== 'symbol') throw new PlanningError(`${at}: relation ${relationName} is not planned`);
    const childType = getNamedType(field.type);
    if (!(childType instanceof GraphQLObjectType)) throw new PlanningError(`${at}: not an object`);
    const child = objectSql(schema, childType, relation.targetTable, node.selectionSet, at);
    const target = nextAlias(relation.targetTable);
    const through = relation.throughTable ? nextAlias(relation.throughTable) : undefined;
    return (row, viewer) => [key, relationSql(relation, row, { target, through }, orderBy, child, viewer)];
  });
  return (row: Row, viewer: Viewer) => jsonObject(parts.map((part) => part(row, viewer)));
}

/** What this prototype reads of a drizzle 1.0 relation. */
interface DrizzleRelation {
  relationType: 'one' | 'many';
  targetTable: PgTable;
  throughTable?: PgTable;
  sourceColumns: { _: { key: string } }[];
  targetColumns: { _: { key: string } }[];
  through?: { source: { _: { key: string } }[]; target: { _: { key: string } }[] };
  where?: unknown;
}

function tableKeyOf(table: PgTable): string {
  const entry = Object.entries(relations as unknown as Record<string, { table: PgTable }>).find(([, value]) => value.table === table);
  if (!entry) throw new PlanningError('a table without relations');
  return entry[0];
}

function relationSql(
  relation: DrizzleRelation,
  parent: Row,
  { target, through }: { target: Row; through: Row | undefined },
  orderBy: Record<string, 'asc' | 'desc'> | undefined,
  child: (row: Row, viewer: Viewer) => SQL,
  viewer: Viewer,
): SQL {
  const order = Object.entries(orderBy ?? {}).map(([key, direction]) => (direction === 'asc' ? asc : desc)(columnOf(target, key)));
  const orderClause = order.length ? sql` order by ${sql.join(order, sql`, `)}` : sql``;
  if (relation.through && through) {
    const joins = relation.targetColumns.map((column, i) => sql`${columnOf(target, column._.key)} = ${columnOf(through, relation.through!.target[i]!._.key)}`);
    const links = relation.sourceColumns.map((column, i) => sql`${columnOf(through, relation.through!.source[i]!._.key)} = ${columnOf(parent, column._.key)}`);
    return sql`coalesce((select json_agg(${child(target, viewer)}${orderClause}) from ${fromItem(through)} join ${fromItem(target)} on ${and(...joins)} where ${and(...links)}), '[]'::json)`;
  }
  const links = relation.sourceColumns.map((column, i) => sql`${columnOf(target, relation.targetColumns[i]!._.key)} = ${columnOf(parent, column._.key)}`);
  if (relation.relationType === 'one') return sql`(select ${child(target, viewer)} from ${fromItem(target)} where ${and(...links)})`;
  return sql`coalesce((select json_agg(${child(target, viewer)}${orderClause}) from ${fromItem(target)} where ${and(...links)}), '[]'::json)`;
}

/** The cursor the drizzle plugin writes for a row (`DC:` and its tagged chunks, in base64), as SQL. */
function cursorSql(table: PgTable, ordering: OrderBy<PgTable>, row: Row): SQL {
  const chunks = orderedColumns(table, ordering).map(({ column, key }) => {
    const value = columnOf(row, key);
    return column.dataType.startsWith('number') ? sql`'N:' || ${value}` : sql`'S:' || ${value}::text`;
  });
  // A compound cursor is `T:` and a JSON array of chunks (@pothos/core encodeCursorTuple).
  const text = chunks.length === 1 ? sql`'DC:' || ${chunks[0]}` : sql`'DC:T:[' || ${sql.join(chunks.map((chunk) => sql`to_json(${chunk})::text`), sql` || ',' || `)} || ']'`;
  return sql`translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'\\n', '')`;
}

function orderSql(table: PgTable, ordering: OrderBy<PgTable>, row: Row, reverse = false): SQL {
  return sql.join(
    orderedColumns(table, ordering).map(({ key, ascending }) => (ascending !== reverse ? asc : desc)(columnOf(row, key))),
    sql`, `,
  );
}

/**
 * `value` (coerced variables) with each global id of `type` read as the resolvers receive it
 * (`{ typename, id }`, by the one reader `parseGlobalIdOf`): the global-id-args plugin does this
 * for normal execution, from the same `relayGlobalIDFor` the relay plugin records on the field.
 */
function readGlobalIds(type: GraphQLInputType, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return value;
  const named = getNullableType(type);
  if (named instanceof GraphQLList) return (value as unknown[]).map((item, i) => readGlobalIds(named.ofType as GraphQLInputType, item, `${path}.${i}`));
  if (!(named instanceof GraphQLInputObjectType)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([name, item]) => {
      const field = named.getFields()[name]!;
      const accepted = (field.extensions as { relayGlobalIDFor?: readonly { typename: string }[] | null }).relayGlobalIDFor;
      const read = (one: unknown, at: string) => (one === null ? null : parseGlobalIdOf(one, accepted!.map(({ typename }) => typename), at));
      if (!accepted) return [name, readGlobalIds(field.type, item, `${path}.${name}`)];
      return [name, Array.isArray(item) ? item.map((one, i) => read(one, `${path}.${name}.${i}`)) : read(item, `${path}.${name}`)];
    }),
  );
}

/** A root connection field over `root`: the page, its cursors, pageInfo and totalCount in one statement's CTEs. */
function connectionSql(schema: GraphQLSchema, root: PlannedRoot, node: FieldNode, where: string) {
  const args = new Map((node.arguments ?? []).map((arg) => [arg.name.value, arg.value]));
  for (const name of args.keys()) if (!['first', 'after', 'filter', 'orderBy'].includes(name)) throw new PlanningError(`${where}: argument ${name} is not planned`);
  const firstNode = args.get('first');
  if (firstNode?.kind !== Kind.INT) throw new PlanningError(`${where}: first must be a literal`);
  const first = Number(firstNode.value);
  if (first < 1 || first > pageSizes.max) throw new PlanningError(`${where}: first must be 1 to ${pageSizes.max}`);
  const after = valueOf(args.get('after'));
  const rootField = schema.getQueryType()?.getFields()[node.name.value];
  const filterArg = rootField?.args.find((arg) => arg.name === 'filter');
  // `__typename` anywhere in the connection is its type's name, read from the schema (the web's
  // client asks it of every object: web/src/sent-text.ts).
  const connectionType = rootField && getNamedType(rootField.type);
  if (!(connectionType instanceof GraphQLObjectType)) throw new PlanningError(`${where}: not a connection`);
  const typenameOf = (fieldName: string) => {
    const field = connectionType.getFields()[fieldName];
    if (!field) throw new PlanningError(`${where}.${fieldName}: no such field`);
    return getNamedType(field.type).name;
  };
  const rawFilter = valueOf(args.get('filter'));
  const filter = (input: PlanInput) => (filterArg ? readGlobalIds(filterArg.type, rawFilter(input), 'filter') : rawFilter(input));
  const orderBy = valueOf(args.get('orderBy'));
  const nodeType = schema.getType(root.typename);
  if (!(nodeType instanceof GraphQLObjectType)) throw new PlanningError(`${where}: ${root.typename} is not an object type`);
  const shown = alias(root.table, 'shown');
  const page = alias(root.table, 'page');
  /** The connection's totalCount key, when the document asks it. */
  let countKey: string | undefined;

  const parts = fieldsOf(node.selectionSet, where).map((field): ((ordering: OrderBy<PgTable>, input: PlanInput, afterGiven: boolean) => [string, SQL]) => {
    const key = keyOf(field);
    const at = `${where}.${field.name.value}`;
    if (field.arguments?.length) throw new PlanningError(`${at}: arguments are not planned`);
    switch (field.name.value) {
      case 'totalCount':
        countKey = key;
        return (_ordering, input) => [key, root.countsBeside(input.viewer, input.filter) ? sql`null` : root.total(input.viewer, input.filter)];
      case 'pageInfo': {
        const infos = fieldsOf(field.selectionSet, at).map((info): ((ordering: OrderBy<PgTable>, afterGiven: boolean) => [string, SQL]) => {
          const infoKey = keyOf(info);
          switch (info.name.value) {
            case 'hasNextPage':
              return () => [infoKey, sql`(select count(*) > ${sql.raw(String(first))} from page)`];
            case 'hasPreviousPage':
              // The plugin's rule: after a cursor there is a previous page.
              return (_ordering, afterGiven) => [infoKey, sql.raw(afterGiven ? 'true' : 'false')];
            case 'startCursor':
            case 'endCursor': {
              const reverse = info.name.value === 'endCursor';
              return (ordering) => [infoKey, sql`(select ${cursorSql(root.table, ordering, shown)} from shown order by ${orderSql(root.table, ordering, shown, reverse)} limit 1)`];
            }
            case '__typename':
              return () => [infoKey, literal(typenameOf('pageInfo'))];
            default:
              throw new PlanningError(`${at}.${info.name.value}: not planned`);
          }
        });
        return (ordering, _input, afterGiven) => [key, jsonObject(infos.map((info) => info(ordering, afterGiven)))];
      }
      case 'nodes': {
        const object = objectSql(schema, nodeType, root.table, field.selectionSet, at, true);
        return (ordering, input) => [
          key,
          sql`coalesce((select json_agg(${object(shown, input.viewer)} order by ${orderSql(root.table, ordering, shown)}) from shown), '[]'::json)`,
        ];
      }
      case 'edges': {
        const edgeParts = fieldsOf(field.selectionSet, at).map((edge): ((ordering: OrderBy<PgTable>, viewer: Viewer) => [string, SQL]) => {
          const edgeKey = keyOf(edge);
          if (edge.name.value === 'cursor') return (ordering) => [edgeKey, cursorSql(root.table, ordering, shown)];
          if (edge.name.value === '__typename') return () => [edgeKey, literal(typenameOf('edges'))];
          if (edge.name.value === 'node') {
            const object = objectSql(schema, nodeType, root.table, edge.selectionSet, `${at}.node`, true);
            return (_ordering, viewer) => [edgeKey, object(shown, viewer)];
          }
          throw new PlanningError(`${at}.${edge.name.value}: not planned`);
        });
        return (ordering, input) => [
          key,
          sql`coalesce((select json_agg(${jsonObject(edgeParts.map((edge) => edge(ordering, input.viewer)))} order by ${orderSql(root.table, ordering, shown)}) from shown), '[]'::json)`,
        ];
      }
      case '__typename':
        return () => [key, literal(connectionType.name)];
      default:
        throw new PlanningError(`${at}: not planned`);
    }
  });

  return {
    readFilter: (db: Database, input: PlanInput) => root.readFilter(db, input.viewer, filter(input)),
    /** The count to run beside the page, and its key in the connection, when the root counts beside. */
    countBeside(input: PlanInput): { count: SQL; key: string } | null {
      return countKey !== undefined && root.countsBeside(input.viewer, input.filter) ? { count: root.total(input.viewer, input.filter), key: countKey } : null;
    },
    /** The page's CTEs (`page`: one row more than shown, to tell hasNextPage; `shown`) and the connection's JSON. */
    build(input: PlanInput): { ctes: SQL; json: SQL } {
      const ordering = root.orderings[String(orderBy(input) ?? root.defaultOrder)];
      if (!ordering) throw new PlanningError('an order this plan does not know');
      const cursor = after(input);
      if (cursor !== null && cursor !== undefined && typeof cursor !== 'string') throw new PlanningError('a cursor that is not a string');
      const condition = and(root.where(input.viewer, input.filter, { ordering, first, after: cursor ?? null }), cursor ? keysetAfter(root.table, ordering, cursor) : undefined);
      const ctes = sql`page as (select * from ${root.table} where ${condition ?? sql`true`} order by ${orderSql(root.table, ordering, root.table)} limit ${sql.raw(String(first + 1))}),
        shown as (select * from page order by ${orderSql(root.table, ordering, page)} limit ${sql.raw(String(first))})`;
      return { ctes, json: jsonObject(parts.map((part) => part(ordering, input, Boolean(cursor)))) };
    },
  };
}

/**
 * Plans `document` (one query operation) against `schema`, with `roots` saying how each planned
 * root list chooses its rows. `logPosition` is answered from the statement's placeholder. Throws
 * PlanningError naming the first thing it cannot plan.
 */
export function planOperation(schema: GraphQLSchema, document: DocumentNode, roots: Readonly<Record<string, PlannedRoot>>): Plan {
  const invalid = validate(schema, document);
  if (invalid.length) throw new PlanningError(`the document is not valid: ${invalid[0]!.message}`);
  const [operation, ...rest] = document.definitions;
  if (operation?.kind !== Kind.OPERATION_DEFINITION || rest.length || operation.operation !== OperationTypeNode.QUERY || operation.directives?.length) {
    throw new PlanningError('one query operation without fragments or directives is planned');
  }
  const name = (operation as OperationDefinitionNode).name?.value ?? 'query';
  type Built = { ctes: SQL; json: SQL } | null;
  let lists = 0;
  const rootParts = fieldsOf(operation.selectionSet, name).map((node): ((input: PlanInput, built: Built) => [string, SQL]) => {
    const key = keyOf(node);
    if (node.name.value === 'logPosition') return () => [key, sql`${sql.placeholder('logPosition')}::integer`];
    const root = roots[node.name.value];
    if (!root) throw new PlanningError(`${name}.${node.name.value}: not planned`);
    if ((lists += 1) > 1) throw new PlanningError(`${name}: one list per operation is planned`);
    return (_input, built) => [key, built!.json];
  });
  const listNode = operation.selectionSet.selections.find((node) => node.kind === Kind.FIELD && roots[node.name.value]) as FieldNode | undefined;
  const list = listNode ? connectionSql(schema, roots[listNode.name.value]!, listNode, `${name}.${listNode.name.value}`) : null;
  const listKey = listNode && keyOf(listNode);
  return {
    operationName: (operation as OperationDefinitionNode).name?.value,
    variableDefinitions: operation.variableDefinitions ?? [],
    readFilter: async (db, input) => list?.readFilter(db, input),
    countBeside(input) {
      const beside = list?.countBeside(input);
      return beside ? { count: beside.count, path: ['data', listKey!, beside.key] } : null;
    },
    statement(input) {
      const built = list?.build(input) ?? null;
      const data = jsonObject(rootParts.map((part) => part(input, built)));
      return built
        ? sql`with ${built.ctes} select json_build_object('data', ${data})::text as body`
        : sql`select json_build_object('data', ${data})::text as body`;
    },
  };
}
