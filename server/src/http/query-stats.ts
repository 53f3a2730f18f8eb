import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm';
import type { Plugin } from 'graphql-yoga';

interface RequestStats {
  statements: number;
  startedAt: number;
}

/**
 * Counts the SQL statements each HTTP request runs. The drizzle logger sees every statement;
 * AsyncLocalStorage tells which request it belongs to. Tests use the count to prove the absence
 * of N+1 queries over real HTTP; operators can switch it on to look at a slow screen.
 */
const current = new AsyncLocalStorage<RequestStats>();

export const statementCountingLogger: Logger = {
  logQuery() {
    const stats = current.getStore();
    if (stats) stats.statements += 1;
  },
};

export function withRequestStats<T>(run: () => T): T {
  return current.run({ statements: 0, startedAt: performance.now() }, run);
}

/** Adds `extensions.queryStats` = { statements, serverMs } to each GraphQL result. */
export function useQueryStats(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const stats = current.getStore();
          if (!stats || Symbol.asyncIterator in Object(result)) return;
          const single = result as { extensions?: Record<string, unknown> };
          setResult({
            ...single,
            extensions: {
              ...single.extensions,
              queryStats: {
                statements: stats.statements,
                serverMs: Math.round((performance.now() - stats.startedAt) * 10) / 10,
              },
            },
          } as typeof result);
        },
      };
    },
  };
}
