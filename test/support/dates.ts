import type { GraphQLClient } from './server.ts';

/** An ISO timestamp `days` from now (negative: in the past), e.g. a consultation deadline. */
export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * The server's domain clock now (Query.domainNow), in milliseconds: on the demo data the story's
 * time (December 2019), which every timestamp a mutation writes and every deadline is measured by.
 */
export async function domainNow(client: GraphQLClient): Promise<number> {
  const response = await client.graphql<{ domainNow: string }>('{ domainNow }');
  return Date.parse(response.data!.domainNow);
}
