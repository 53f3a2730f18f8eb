/** The one part of a postgres.js transaction's client this reaches: patches/postgres@3.4.9.patch adds it. */
interface CommitsAhead {
  commitAhead?: () => unknown;
}

/**
 * Writes a transaction's COMMIT to PostgreSQL behind the statements already issued in it, without
 * waiting for their answers: the transaction ends, and its locks (the activity log's commit-order
 * lock above all) are released, as soon as PostgreSQL has run them, not a round trip through Node
 * later. If one of them fails, PostgreSQL turns the COMMIT into a ROLLBACK and the transaction
 * fails as it would have. The caller must issue nothing in the transaction after this: postgres.js
 * refuses such a statement.
 *
 * On PostgreSQL (postgres.js) only; on PGlite, in the process, there is no round trip to save, and in
 * a savepoint there is no commit to write, so it does nothing.
 */
export async function commitAhead(tx: object): Promise<void> {
  // drizzle's postgres-js transaction keeps postgres.js's transaction client as `session.client`.
  const client = (tx as { session?: { client?: CommitsAhead } }).session?.client;
  if (typeof client?.commitAhead !== 'function') return;
  // The statements just issued reach postgres.js's queue through promise jobs (drizzle's async
  // chain, postgres.js's own deferral); once the current macrotask's jobs have run, all have.
  await new Promise<void>((resolve) => setImmediate(resolve));
  client.commitAhead();
}
