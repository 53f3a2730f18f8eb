import type { CORSOptions, Plugin } from 'graphql-yoga';
import { ForbiddenError } from '../errors.ts';

/**
 * The one origin policy, for GraphQL over HTTP (CORS and refusal) and WebSocket upgrades alike.
 * Requests without Origin come from programs, which could forge it anyway; a browser sends it on
 * every cross-origin request and every POST, so a page may act with the user's cookie only from the
 * server's own origin (its host equals the Host header: a page on another port of the same host is
 * another origin) or one listed in DEVOLVE_ALLOWED_ORIGINS.
 */
export function originAllowed(origin: string | null | undefined, host: string | null | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === null || origin === undefined) return true;
  if (!URL.canParse(origin)) return false; // includes "null" (sandboxed frames, file:)
  const url = new URL(origin);
  if (allowed.has(url.origin)) return true;
  // Parsed with the origin's scheme so that "example.gov.cn:443" equals "https://example.gov.cn".
  return !!host && URL.canParse(`${url.protocol}//${host}`) && new URL(`${url.protocol}//${host}`).host === url.host;
}

const requestOrigin = (request: Request) => request.headers.get('origin');
const requestAllowed = (request: Request, allowed: ReadonlySet<string>) =>
  originAllowed(requestOrigin(request), request.headers.get('host'), allowed);

/**
 * Yoga's CORS answer: an allowed origin gets itself back, with credentials; any other origin gets
 * no CORS headers at all, so its page can neither send a preflighted request nor read an answer.
 */
export function corsPolicy(allowed: ReadonlySet<string>): (request: Request) => CORSOptions {
  return (request) => {
    const origin = requestOrigin(request);
    return origin !== null && requestAllowed(request, allowed) ? { origin, credentials: true } : false;
  };
}

/**
 * Refuses (403, FORBIDDEN) any GraphQL request a page of a foreign origin sends, before it runs:
 * CORS only stops the page reading the answer, and a request that needs no preflight would still
 * act with the user's cookie. Answers depend on Origin, so caches are told so.
 */
export function useOriginPolicy(allowed: ReadonlySet<string>): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (requestAllowed(request, allowed)) return;
      const error = new ForbiddenError('不接受来自该网站的请求', 'Requests from pages of this origin are not accepted');
      endResponse(fetchAPI.Response.json({ errors: [error.toJSON()] }, { status: 403 }));
    },
    onResponse({ response }) {
      response.headers.append('vary', 'Origin');
    },
  };
}
