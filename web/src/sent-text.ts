import { formatDocument, stringifyDocument } from '@urql/core';

/**
 * The query text the web's client sends for `document`: graphcache (client.ts) adds `__typename`
 * to every selection set below the root before the request goes out. Benchmarks and tests that
 * stand for the web send this text, and planned operations (server/src/planned/) are matched by it
 * exactly; the browser tests check that the queue page really sends it.
 */
export const sentText = (document: Parameters<typeof formatDocument>[0]): string => stringifyDocument(formatDocument(document));
