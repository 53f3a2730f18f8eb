import {
  createSourceEventStream,
  type DocumentNode,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  visit,
} from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { PerEvent } from './per-event.ts';

/** Each event's result, by the subscription's sharing key (see `sharingKey`). */
const results = new PerEvent();

/** Documents by identity: Yoga parses a query text once and hands every request the same document. */
const documentIds = new WeakMap<DocumentNode, number>();
let documentCount = 0;

/**
 * One execution per event for each distinct (viewer, document, variables), its result shared by
 * every subscription of this process with the same key, over SSE and WebSocket alike (both run
 * Yoga's envelop). graphql-js would execute the whole selection once per subscriber per event: with
 * the web app's selections that was about 4 ms of CPU per subscriber per event.
 *
 * The source stream is each subscription's own (its `since`, its audience check, its end with the
 * session). Every live subscriber of a process is handed the same event object (fanout.ts), so
 * the result is cached on that object and dropped with it; an event read back from the log for a
 * catching-up stream, and the error that ends a stream (StreamEnd), are objects of that stream
 * alone and are executed for it alone. Results, errors included, are shared only under the same
 * key, and nothing downstream changes them in place (Yoga's masking and graphql-ws's message
 * building make new objects).
 */
export function useSharedEventExecution(): Plugin<Context> {
  return {
    onSubscribe({ args, setSubscribeFn }) {
      const key = sharingKey(args);
      // Unshareable (no viewer: the subscription is refused anyway), or variables that do not
      // coerce: Yoga's own subscribe answers with its own errors.
      if (key === null) return;
      setSubscribeFn(async (subscribeArgs) => {
        const source = await createSourceEventStream(subscribeArgs);
        if (!isAsyncIterable(source)) return source;
        // Not this subscriber's abort signal: the result goes to others too.
        const perEvent = { ...subscribeArgs, signal: undefined };
        const resultOf = (payload: unknown): ExecutionResult | Promise<ExecutionResult> =>
          typeof payload === 'object' && payload !== null
            ? results.get(payload, key, () => execute({ ...perEvent, rootValue: payload }))
            : execute({ ...perEvent, rootValue: payload });
        return mapEvents(source, resultOf, subscribeArgs);
      });
    },
  };
}

/**
 * Everything one event's result can depend on, or null when it is not to be shared:
 * - the viewer: user, unit, unit kind, roles, whether the credential writes, and its kind. Not
 *   which session or token (no field reads it), so one person's tabs and sessions share;
 * - the document (by identity) and the operation's name;
 * - the variables, except those used only as the root field's `since`, which says where the
 *   source stream starts and nothing about how an event is answered.
 */
export function sharingKey(args: ExecutionArgs): string | null {
  const viewer = (args.contextValue as Context | undefined)?.viewer;
  if (!viewer) return null;
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return null;
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (coerced.errors) return null;
  const resumeOnly = sinceOnlyVariables(args.document, operation);
  const variables = Object.entries(coerced.coerced)
    .filter(([name]) => !resumeOnly.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (!documentIds.has(args.document)) documentIds.set(args.document, (documentCount += 1));
  const { userId, unitId, unitKind, roles, readOnly, credential } = viewer;
  return JSON.stringify([userId, unitId, unitKind, roles, readOnly, credential.kind, documentIds.get(args.document), args.operationName ?? null, variables]);
}

const sinceOnlyByOperation = new WeakMap<OperationDefinitionNode, ReadonlySet<string>>();

/** The variables of an operation used nowhere but as its root field's `since` argument. */
function sinceOnlyVariables(document: DocumentNode, operation: OperationDefinitionNode): ReadonlySet<string> {
  let names = sinceOnlyByOperation.get(operation);
  if (!names) {
    const count = (uses: Map<string, number>, name: string) => uses.set(name, (uses.get(name) ?? 0) + 1);
    const asSince = new Map<string, number>();
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      for (const argument of selection.arguments ?? []) {
        if (argument.name.value === 'since' && argument.value.kind === Kind.VARIABLE) count(asSince, argument.value.name.value);
      }
    }
    // Any other reference, anywhere in the document (nested arguments, directives, fragments),
    // makes the variable part of the answer.
    const everywhere = new Map<string, number>();
    visit(document, { VariableDefinition: () => false, Variable: (node) => void count(everywhere, node.name.value) });
    names = new Set([...asSince].filter(([name, uses]) => everywhere.get(name) === uses).map(([name]) => name));
    sinceOnlyByOperation.set(operation, names);
  }
  return names;
}

/**
 * The source stream mapped to results, one layer (each layer holds a promise from one event to
 * the next: see the fan-out benchmark's memory notes). An error of the source is located at the
 * operation, as Yoga's executor does.
 */
function mapEvents(
  source: AsyncIterable<unknown>,
  resultOf: (payload: unknown) => ExecutionResult | Promise<ExecutionResult>,
  args: ExecutionArgs,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  const operation = getOperationAST(args.document, args.operationName)!;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      let item: IteratorResult<unknown>;
      try {
        item = await iterator.next();
      } catch (error) {
        throw error instanceof Error ? new GraphQLError(error.message, { originalError: error, nodes: [operation] }) : error;
      }
      if (item.done) return { done: true, value: undefined };
      return { done: false, value: await resultOf(item.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      if (iterator.throw) await iterator.throw(error);
      throw error;
    },
  };
}
