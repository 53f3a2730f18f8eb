/**
 * The public site's GraphQL: anonymous queries over plain `fetch`, no client library. The server
 * answers anonymous requests with exactly what the public pages show (published results, the power
 * list, open consultations). A mutation's typed errors are members of its result union and come
 * back as data, for the page to read.
 */

/** A GraphQL error as the server words it: its code and both messages. */
export class PublicRequestError extends Error {
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  /** RATE_LIMITED: when to try again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: string, messageZh: string, messageEn: string, retryAfterSeconds?: number) {
    super(messageEn);
    this.name = 'PublicRequestError';
    this.code = code;
    this.messageZh = messageZh;
    this.messageEn = messageEn;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; messageZh?: string; messageEn?: string; retryAfterSeconds?: number };
}

/** Runs an anonymous query; throws a PublicRequestError carrying the first error's code and messages. */
export async function publicRequest<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'omit',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        // The server refuses requests a plain HTML form could send (CSRF prevention).
        'x-graphql-yoga-csrf': '1',
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new PublicRequestError('NETWORK', '无法连接到服务器，请稍后重试。', 'Cannot reach the server. Please try again shortly.');
  }
  let body: { data?: T | null; errors?: GraphQLErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new PublicRequestError(`HTTP_${response.status}`, `服务器返回了错误（${response.status}）。`, `The server answered ${response.status}.`);
  }
  const [error] = body.errors ?? [];
  if (error) {
    const { code = 'INTERNAL', messageZh = error.message, messageEn = error.message, retryAfterSeconds } = error.extensions ?? {};
    throw new PublicRequestError(code, messageZh, messageEn, retryAfterSeconds);
  }
  if (body.data == null) {
    throw new PublicRequestError(`HTTP_${response.status}`, `服务器返回了错误（${response.status}）。`, `The server answered ${response.status}.`);
  }
  return body.data;
}
