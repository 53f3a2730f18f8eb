import { graphql } from './graphql.ts';

/**
 * A mutation's typed error as every form reads it (see `outcomeOf` in mutation-outcome.ts): its
 * type, code and both messages, the input a ValidationError names, and a ConflictError's current
 * version. Spread it in each mutation's result union (`...MutationError`, with
 * `[MutationErrorFields]`) and on the `error` of bulk outcomes. Unmasked: the fields are read
 * directly. Only for errors: row fields stay written out where the API's query cost counts a
 * fragment's fields twice (see queue-query.ts).
 */
export const MutationErrorFields = graphql(`
  fragment MutationError on Error @_unmask {
    __typename
    code
    messageZh
    messageEn
    ... on ValidationError {
      field
    }
    ... on ConflictError {
      currentVersion
    }
  }
`);
