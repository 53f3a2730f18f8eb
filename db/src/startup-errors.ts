/**
 * A start-up failure the operator can fix. The CLI prints `message` and `hint` on one line and
 * exits; it never shows a stack trace for these.
 */
export class DatabaseStartupError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'DatabaseStartupError';
  }

  toLine(): string {
    return `${this.message} ${this.hint}`;
  }
}

/** Turns a postgres.js connection failure into a sentence saying what is wrong and what to do. */
export function describePostgresFailure(error: unknown, where: string): DatabaseStartupError {
  const err = error as { code?: string; message?: string };
  switch (err.code) {
    case 'ECONNREFUSED':
      return new DatabaseStartupError(
        `Cannot reach PostgreSQL at ${where}: connection refused.`,
        'Start PostgreSQL or correct the host and port in DATABASE_URL.',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DatabaseStartupError(
        `Cannot reach PostgreSQL at ${where}: unknown host.`,
        'Correct the host name in DATABASE_URL.',
      );
    case 'CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new DatabaseStartupError(
        `Cannot reach PostgreSQL at ${where}: timed out.`,
        'Check that the server is running and reachable from this machine.',
      );
    case '3D000':
      return new DatabaseStartupError(
        `PostgreSQL at ${where} has no such database.`,
        'Create it (createdb) or correct the database name in DATABASE_URL.',
      );
    case '28P01':
    case '28000':
      return new DatabaseStartupError(
        `PostgreSQL at ${where} refused the login (${err.message ?? err.code}).`,
        'Correct the user and password in DATABASE_URL.',
      );
    default:
      return new DatabaseStartupError(
        `Cannot use PostgreSQL at ${where}: ${err.message ?? String(error)}.`,
        'Check DATABASE_URL and the server log.',
      );
  }
}
