/**
 * GraphQL for the public pages, without urql: one POST to /graphql, JSON in and out. A query's
 * error (the API throws coded errors from queries: `extensions.code`, `messageZh`, `messageEn`)
 * and a failed network call both become a PublicRequestError; a mutation's typed errors are
 * members of its result union and come back as data, for the page to read.
 */
export class PublicRequestError extends Error {
  constructor(
    /** The API's error code (VALIDATION, NOT_FOUND, RATE_LIMITED, …), or NETWORK / INTERNAL. */
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    /** RATE_LIMITED: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(messageEn);
    this.name = 'PublicRequestError';
  }
}

interface GraphQLErrorShape {
  message?: string;
  extensions?: { code?: unknown; messageZh?: unknown; messageEn?: unknown; retryAfterSeconds?: unknown };
}

const unavailable = () => new PublicRequestError('NETWORK', '网络连接失败，请稍后再试', 'The connection failed; try again later');

export async function publicRequest<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  let payload: { data?: T | null; errors?: GraphQLErrorShape[] };
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query, variables }),
    });
    payload = (await response.json()) as typeof payload;
  } catch {
    throw unavailable();
  }
  const [first] = payload.errors ?? [];
  if (first) {
    const { code, messageZh, messageEn, retryAfterSeconds } = first.extensions ?? {};
    throw new PublicRequestError(
      typeof code === 'string' ? code : 'INTERNAL',
      typeof messageZh === 'string' ? messageZh : '服务暂时不可用，请稍后再试',
      typeof messageEn === 'string' ? messageEn : (first.message ?? 'The service is unavailable; try again later'),
      typeof retryAfterSeconds === 'number' ? retryAfterSeconds : undefined,
    );
  }
  if (payload.data == null) throw unavailable();
  return payload.data;
}
