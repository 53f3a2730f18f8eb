import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import type { introspection_types } from './graphql-env.d.ts';

/** Types without an `id`: graphcache stores them inside their parent. */
const embedded = () => null;

/** The object types a schema union or interface stands for. */
type PossibleTypes<Name extends keyof introspection_types> =
  introspection_types[Name] extends { possibleTypes: infer Types extends string } ? Types : never;

/**
 * The object types of a schema interface, spelled out in full (type-checking fails when the schema
 * gains or loses one), so that graphcache matches fragments like `... on Error` exactly. Only the
 * interfaces the app spreads fragments on are listed: with `possibleTypes` set, a fragment on an
 * interface missing from it (`... on Node`) would never match.
 */
function members<Name extends keyof introspection_types>(all: Record<PossibleTypes<Name>, true>): string[] {
  return Object.keys(all);
}

const errorTypes = members<'Error'>({
  ConflictError: true,
  ForbiddenError: true,
  InvalidTransitionError: true,
  NotFoundError: true,
  RateLimitedError: true,
  UnauthenticatedError: true,
  ValidationError: true,
});

/**
 * A new GraphQL client with an empty cache. The app makes a new one whenever the signed-in person
 * changes (see accounts/session.tsx), so nothing fetched for one person is ever shown to the next.
 */
export function createClient(): Client {
  return new Client({
    url: '/graphql',
    // Always POST with `content-type: application/json`: the server's CSRF prevention refuses
    // GET requests (urql's default for queries) that carry no such header.
    preferGetMethod: false,
    exchanges: [
      cacheExchange({
        keys: {
          Me: embedded,
          EndedSession: embedded,
          ...Object.fromEntries(errorTypes.map((name) => [name, embedded])),
          PageInfo: embedded,
          GroupCount: embedded,
          CampaignProgress: embedded,
          ClassificationOption: embedded,
          Attachment: embedded,
          KeyTaskQuarter: embedded,
          QuarterProgress: embedded,
          CampaignFigures: embedded,
          PowerItemChange: embedded,
          QueryCampaignsConnection: embedded,
          QueryCampaignsConnectionEdge: embedded,
          QueryPowerItemsConnection: embedded,
          QueryPowerItemsConnectionEdge: embedded,
          QueryProposalsConnection: embedded,
          QueryProposalsConnectionEdge: embedded,
        },
        possibleTypes: { Error: errorTypes },
        resolvers: {
          // "加载更多" fetches the next page with `after`; this merges the pages into one list.
          Query: { proposals: relayPagination() },
        },
      }),
      fetchExchange,
    ],
  });
}
