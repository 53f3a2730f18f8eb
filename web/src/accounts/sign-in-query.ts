import { graphql } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/**
 * Signs in with a password; on success the server sets the HttpOnly session cookie. Expected
 * failures come back as typed errors with a Chinese message: 用户名或密码错误 (UNAUTHENTICATED),
 * too many attempts (RATE_LIMITED), or an empty field (VALIDATION, naming the field).
 */
export const LoginMutation = graphql(
  `
    mutation Login($input: LoginInput!) {
      login(input: $input) {
        __typename
        ... on Me {
          username
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);
