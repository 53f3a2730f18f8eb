import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * How large one GraphQL document may be, for queries, mutations and subscriptions alike, over
 * HTTP and WebSocket (both run Yoga's envelop, so one plugin covers both). Measured across the
 * API tests and the web app's queries: depth at most 7, cost at most 4,700 (the web queue's page of
 * 50 proposals costs 3,500), 1 alias, under 100 tokens, no directives. The limits leave room for
 * new screens while refusing the nesting and fan-out that make a single request expensive.
 */
const operationLimits = {
  /** Nested selections, leaf fields included: `{ proposals { nodes { id } } }` is 3. */
  maxDepth: 12,
  /**
   * graphql-armor's estimate: 1 per scalar, 2 per object, children weighted by 1.5 per level and
   * multiplied by a literal `first`/`last` (a `first` given in a variable is not multiplied).
   */
  maxCost: 20_000,
  maxAliases: 15,
  maxDirectives: 20,
  /** Lexical tokens in the document; big inputs belong in variables, which are not counted. */
  maxTokens: 1_000,
} as const;

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

export function useOperationLimits(): Plugin {
  return EnvelopArmorPlugin({
    // The schema is public (schema.graphql, introspection), so "Did you mean" hides nothing.
    blockFieldSuggestion: { enabled: false },
    maxDepth: { n: operationLimits.maxDepth, ...refusal('maxDepth') },
    costLimit: { maxCost: operationLimits.maxCost, ...refusal('maxCost') },
    maxAliases: { n: operationLimits.maxAliases, ...refusal('maxAliases') },
    maxDirectives: { n: operationLimits.maxDirectives, ...refusal('maxDirectives') },
    maxTokens: { n: operationLimits.maxTokens, ...refusal('maxTokens') },
  });
}
