import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { pageSizeFor } from '../pagination.ts';

/**
 * How large one GraphQL document may be, for queries, mutations and subscriptions alike, over
 * HTTP and WebSocket (both run Yoga's envelop, so one plugin covers both). Measured across the
 * API tests and the web app's queries (see operation-limits.test.ts): depth at most 7, the web
 * queue's page of 100 proposals costs about 6,000, 1 alias, under 100 tokens, no directives.
 * The limits leave room for new screens while refusing the nesting and fan-out that make a
 * single request expensive.
 */
export const operationLimits = {
  /** Nested selections, leaf fields included: `{ proposals { nodes { id } } }` is 3. */
  maxDepth: 12,
  /** The number of fields the operation may resolve at most: see `operationCost`. */
  maxCost: 20_000,
  maxAliases: 15,
  maxDirectives: 20,
  /** Lexical tokens in the document; big inputs belong in variables, which are not counted. */
  maxTokens: 1_000,
} as const;

/** The largest request body over HTTP, as over WebSocket (websocket.ts): inputs are short texts. */
export const maxRequestBytes = 1024 * 1024;

/**
 * What a list that is not a paged connection counts as: the largest it can be (`maxItems` in the
 * field's extensions: every relation list that grows with use is a connection, the others are
 * bounded by the domain and say how far), or this for a list that declares no bound.
 */
export const unboundedListSize = 10;

type Rule = 'maxDepth' | 'maxCost' | 'maxAliases' | 'maxDirectives' | 'maxTokens';

const messages: Record<Rule, (limit: number, found: string) => { zh: string; en: string }> = {
  maxDepth: (limit, found) => ({
    zh: `查询嵌套过深：最多 ${limit} 层，此查询 ${found} 层`,
    en: `Query depth limit of ${limit} exceeded, found ${found}: select fewer nested fields`,
  }),
  maxCost: (limit, found) => ({
    zh: `查询代价过高：上限 ${limit}，此查询估计为 ${found}，请减小分页（first/last）或减少字段`,
    en: `Query cost limit of ${limit} exceeded, found ${found}: ask for smaller pages (first/last) or fewer fields`,
  }),
  maxAliases: (limit, found) => ({
    zh: `别名过多：最多 ${limit} 个，此查询 ${found} 个`,
    en: `Aliases limit of ${limit} exceeded, found ${found}`,
  }),
  maxDirectives: (limit, found) => ({
    zh: `指令过多：最多 ${limit} 个，此查询 ${found} 个`,
    en: `Directives limit of ${limit} exceeded, found ${found}`,
  }),
  maxTokens: (limit) => ({
    zh: `查询过长：最多 ${limit} 个词法单元，大量输入请放在变量中`,
    en: `Token limit of ${limit} exceeded: send large inputs as variables`,
  }),
};

/**
 * graphql-armor throws its refusals by default, which Yoga answers with 200 over HTTP and
 * graphql-ws with closing the socket (4500). Reported as validation errors instead, they are
 * what they are: the client's mistake, 400 over HTTP and an error for that operation over
 * WebSocket, in both languages like every other expected failure. The token count runs while
 * parsing, before there is a validation context: there the error is thrown, which Yoga and the
 * WebSocket handler treat as a syntax error (400, or an error for the operation).
 */
function refusal(rule: Rule) {
  const limit = operationLimits[rule];
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = /found (\d+(?:\.\d+)?)/.exec(error.message)?.[1] ?? '?';
        const { zh, en } = messages[rule](limit, found);
        const code = context ? 'GRAPHQL_VALIDATION_FAILED' : 'GRAPHQL_PARSE_FAILED';
        const refused = new GraphQLError(en, { extensions: { code, messageZh: zh, messageEn: en, limit } });
        if (!context) throw refused;
        context.reportError(refused);
      },
    ],
  };
}

/**
 * The number of fields an operation resolves at most, with the variables it is run with: each
 * field counts once for every time its parent resolves. A connection's items resolve once per
 * row of its page (`first`/`last`, literal or variable, else the default page), `nodes(ids:)` once
 * per id, any other list its `maxItems` (or `unboundedListSize`) times. graphql-armor's estimate
 * multiplies by a literal `first` only: 15 aliases of `proposals(first: $n)` went through.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  /** `times`: how often the selection resolves; `page`: the rows of the connection it selects from. */
  const costOf = (type: GraphQLCompositeType, selections: SelectionSetNode, times: number, page: number, depth: number): number => {
    // Validation refuses cycles and the depth limit deep nesting; this only guards the walk itself.
    if (depth > operationLimits.maxDepth * 2) return Number.POSITIVE_INFINITY;
    let cost = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
        cost += times;
        const named = field && getNamedType(field.type);
        if (!field || !selection.selectionSet || !isCompositeType(named)) continue;
        const args = argumentsOf(field, selection, variables);
        const rows = pageSize(field, args);
        cost +=
          rows === null
            ? costOf(named, selection.selectionSet, times * itemsPerParent(type, field, args, page), 1, depth + 1)
            : costOf(named, selection.selectionSet, times, rows, depth + 1);
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        cost += costOf(isCompositeType(condition) ? condition : type, fragment.selectionSet, times, page, depth + 1);
      }
    }
    return cost;
  };

  const root = schema.getRootType(operation.operation);
  return root ? costOf(root, operation.selectionSet, 1, 1, 0) : 0;
}

function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    // Arguments execution will refuse (a variable of the wrong type): count the defaults.
    return {};
  }
}

/** The rows a connection field's page holds (`first`/`last`, else the default page), or null for any other field. */
function pageSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | null {
  if (!field.args.some((arg) => arg.name === 'first')) return null;
  const asked = [args.first, args.last].find((value): value is number => typeof value === 'number');
  return pageSizeFor(asked);
}

/** How many items of `field` resolve for each time its parent does. */
function itemsPerParent(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, page: number): number {
  if (!isListType(getNullableType(field.type))) return 1;
  // A connection's `nodes` and `edges` are its page.
  if (parent.name.endsWith('Connection')) return page;
  if (Array.isArray(args.ids)) return args.ids.length;
  const declared = field.extensions.maxItems;
  return typeof declared === 'number' ? declared : unboundedListSize;
}

/**
 * Refuses an operation that costs more than the limit, with the variables it is run with. It runs
 * after validation, even when Yoga answers validation from its cache (keyed by document, blind to
 * variables), over HTTP and WebSocket alike: Yoga's context carries the request's `params`.
 */
function useCostLimit(): Plugin {
  return {
    onValidate({ params: { schema, documentAST }, context }) {
      return ({ result, setResult }) => {
        if (result.length > 0) return;
        const operation = getOperationAST(documentAST, context.params?.operationName);
        if (!operation) return;
        const cost = operationCost(schema, documentAST, operation, context.params?.variables ?? {});
        if (cost <= operationLimits.maxCost) return;
        const { zh, en } = messages.maxCost(operationLimits.maxCost, String(cost));
        // Yoga marks validation errors for HTTP 400 in an earlier hook, so this one says so itself.
        const extensions = { code: 'GRAPHQL_VALIDATION_FAILED', messageZh: zh, messageEn: en, limit: operationLimits.maxCost, http: { spec: true, status: 400 } };
        setResult([new GraphQLError(en, { nodes: [operation], extensions })]);
      };
    },
  };
}

export function useOperationLimits(): Plugin[] {
  return [
    EnvelopArmorPlugin({
      // The schema is public (schema.graphql, introspection), so "Did you mean" hides nothing.
      blockFieldSuggestion: { enabled: false },
      // Fields only: fragments are how a client shares selections, not nesting (a thread's comments
      // as pages put the web's comments query at 13 levels counting its three fragments, 8 without).
      maxDepth: { n: operationLimits.maxDepth, flattenFragments: true, ...refusal('maxDepth') },
      // Cost is counted by useCostLimit, which sees the variables.
      costLimit: { enabled: false },
      maxAliases: { n: operationLimits.maxAliases, ...refusal('maxAliases') },
      maxDirectives: { n: operationLimits.maxDirectives, ...refusal('maxDirectives') },
      maxTokens: { n: operationLimits.maxTokens, ...refusal('maxTokens') },
    }),
    useCostLimit(),
  ];
}
