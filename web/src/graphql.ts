import { initGraphQLTada } from 'gql.tada';
import type { introspection, introspection_types } from './graphql-env.d.ts';

/**
 * Typed GraphQL documents for the Devolve API. The schema types live in
 * `src/graphql-env.d.ts`, generated from ../schema.graphql by
 * `pnpm --filter @devolve/web generate:graphql` (kept in the tree so that
 * type-checking needs no generation step).
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; Date: string; ID: string };
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';

/** The values of a schema enum, e.g. `EnumValue<'ProposalStage'>` is `'DRAFT' | 'SUBMITTED' | …`. */
export type EnumValue<Name extends keyof introspection_types> =
  introspection_types[Name] extends { enumValues: infer Values } ? Values : never;
