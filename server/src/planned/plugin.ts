import { readFileSync } from 'node:fs';
import type { Database } from '@devolve/db';
import { sql } from 'drizzle-orm';
import { getVariableValues, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Viewer } from '../accounts/permissions.ts';
import { countStatement } from '../counts.ts';
import { controlCharacterIn } from '../http/input-guard.ts';
import { plannedProposals } from '../proposals/proposals.ts';
import { planOperation, type Plan, type PlanInput } from './plan.ts';

/** Prepared statements kept per plan: distinct viewers' sessions times the variables they send. */
const keptStatements = 500;

/**
 * Plans each document of the persisted-operations file `path` (a JSON array of the documents'
 * texts, exactly as clients send them) once, at start-up. A document the planner cannot plan stops
 * the start: the flag promises these operations run planned.
 */
export function loadPlans(schema: GraphQLSchema, path: string): Map<string, Plan> {
  const texts = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!Array.isArray(texts) || !texts.every((text) => typeof text === 'string')) throw new Error(`${path}: expected a JSON array of GraphQL documents`);
  return new Map(texts.map((text: string) => [text, planOperation(schema, parse(text), { proposals: plannedProposals })]));
}

/**
 * Planned execution of persisted operations (DEVOLVE_PLANNED_OPERATIONS, a prototype for issue 16):
 * a request whose query text is one of `plans` is answered by the plan's one statement, whose text
 * column is the response body, passed through unparsed. The request's session is read as for any
 * request (`viewerOf`, shared with the GraphQL context so a request falling through reads it once);
 * the variables are coerced against the schema and checked as the input guard checks them. Every
 * case the plan does not cover is left to normal execution, which answers it with its own result
 * or error: anonymous requests, variables or a cursor it would refuse, a statement that fails.
 * The origin, CSRF and body-size checks run before this hook, as for every request.
 */
export function usePlannedOperations(options: {
  schema: GraphQLSchema;
  db: Database;
  plans: Map<string, Plan>;
  viewerOf: (request: Request) => Promise<Viewer | null>;
  /** What `logPosition` answers: read before the page, as its resolver is. */
  logPosition: () => number;
  logger: Logger;
}): Plugin {
  const { schema, db, plans, viewerOf, logPosition, logger } = options;
  // Prepared once per connection (on PostgreSQL every statement is: see patches/drizzle-orm), so
  // PostgreSQL does not parse and plan this long statement on every request.
  const prepare = (plan: Plan, input: PlanInput) => {
    const beside = plan.countBeside(input);
    return {
      page: db.select({ body: sql<string>`body` }).from(sql`(${plan.statement(input)}) as planned`).prepare(),
      // A count the resolver runs beside the page runs beside it here too (the page's answer has null there).
      beside: beside && { path: beside.path, count: countStatement(db, sql<number>`(${beside.count})`.mapWith(Number)).prepare() },
    };
  };
  // Building and rendering the statement cost Node more than the rest of the request, so each is
  // kept for its input (the viewer, the coerced variables and the read filter); the least recently used goes first.
  const prepared = new Map([...plans.values()].map((plan) => [plan, new LRUCache<string, ReturnType<typeof prepare>>({ max: keptStatements })]));
  const statementFor = (plan: Plan, input: PlanInput) => {
    const kept = prepared.get(plan)!;
    const key = JSON.stringify(input);
    let query = kept.get(key);
    if (!query) kept.set(key, (query = prepare(plan, input)));
    return query;
  };
  const answer = async (plan: Plan, request: Request, variables: Record<string, unknown>): Promise<string | null> => {
    const viewer = await viewerOf(request);
    if (!viewer || controlCharacterIn(variables, '$') !== null) return null;
    const coerced = getVariableValues(schema, plan.variableDefinitions, variables);
    if (coerced.errors) return null;
    let query;
    try {
      const input = { viewer, variables: coerced.coerced };
      query = statementFor(plan, { ...input, filter: await plan.readFilter(db, input) });
    } catch {
      return null;
    }
    try {
      // The count starts first, as the resolver's does: the page is found long before it is done.
      const [counted, [row]] = await Promise.all([query.beside?.count.execute(), query.page.execute({ logPosition: Math.trunc(logPosition()) })]);
      if (!query.beside) return row!.body;
      const answer = JSON.parse(row!.body) as Record<string, unknown>;
      const path = query.beside.path;
      const parent = path.slice(0, -1).reduce((object, key) => object[key] as Record<string, unknown>, answer);
      parent[path.at(-1)!] = counted![0]!.n;
      return JSON.stringify(answer);
    } catch (error) {
      logger.error({ err: error }, 'planned operation failed; executing it normally');
      return null;
    }
  };
  return {
    async onParams({ params, request, setResult }) {
      const plan = typeof params.query === 'string' ? plans.get(params.query) : undefined;
      // A document naming several operations is not planned, so any other name is normal execution's to refuse.
      if (!plan || (params.operationName && params.operationName !== plan.operationName)) return;
      const body = await answer(plan, request, params.variables ?? {});
      // Yoga serializes a result with its own `stringify`: the body goes out as PostgreSQL built it.
      if (body === null) return;
      const result: ExecutionResult & { stringify(): string } = { stringify: () => body };
      setResult(result);
    },
  };
}
