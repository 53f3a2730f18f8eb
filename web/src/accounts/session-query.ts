import { graphql } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/**
 * Who is signed in: null for anonymous visitors, who are sent to the sign-in page; and the domain
 * clock's time, which relative dates measure against (domain-clock.ts).
 */
export const MeQuery = graphql(`
  query Me {
    domainNow
    me {
      username
      user {
        id
        displayName
        roles
        unit {
          id
          name
          shortName
        }
      }
    }
  }
`);

/**
 * Ends this browser's session; the server deletes it and clears the cookie. An already ended
 * session answers UNAUTHENTICATED, which means signed out just the same.
 */
export const LogoutMutation = graphql(
  `
    mutation Logout {
      logout {
        __typename
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);
