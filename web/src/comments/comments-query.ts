import { type EnumValue, graphql, type ResultOf } from '../graphql.ts';

export type Visibility = EnumValue<'CommentVisibility'>;
import { MutationErrorFields } from '../mutation-error.ts';

const personFields = graphql(`
  fragment CommentPerson on User @_unmask {
    id
    displayName
    username
    unit {
      id
      shortName
    }
  }
`);

/** A comment as the thread shows it: body, mentions. (Fragments here only share selections: unmasked.) */
export const CommentFields = graphql(
  `
    fragment CommentFields on Comment @_unmask {
      id
      body
      createdAt
      edited
      editedAt
      version
      author {
        ...CommentPerson
      }
      mentions {
        id
        displayName
        username
      }
    }
  `,
  [personFields],
);

/** A comment's earlier bodies, loaded when its history is opened: a comment may have been edited often. */
export const CommentRevisionsQuery = graphql(`
  query CommentRevisions($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Comment {
        revisions(first: 100) {
          pageInfo {
            hasNextPage
          }
          nodes {
            body
            editedAt
            editedBy {
              id
              displayName
            }
          }
        }
      }
    }
  }
`);

/**
 * A proposal's threads as the signed-in person may read them (every thread for the team, the
 * shared ones for the proposal's department), and what the server lets them do there: the
 * newest threads and each one's newest comments, as many as the API's cost limit lets one
 * request hold, with whether there are earlier ones.
 */
export const CommentThreadsQuery = graphql(
  `
    query CommentThreads($proposalId: ID!) {
      logPosition
      node(id: $proposalId) {
        id
        ... on Proposal {
          viewerCan {
            startThread
          }
          commentThreads(last: 20) {
            pageInfo {
              hasPreviousPage
            }
            nodes {
              id
              anchor
              visibility
              viewerCan {
                reply
                resolve
              }
              resolved
              resolvedAt
              resolvedBy {
                id
                displayName
              }
              version
              createdAt
              author {
                ...CommentPerson
              }
              comments(last: 10) {
                pageInfo {
                  hasPreviousPage
                }
                nodes {
                  ...CommentFields
                }
              }
            }
          }
        }
      }
    }
  `,
  [personFields, CommentFields],
);

/** New comments, edits, resolving and reopening on the proposal: each event means "refetch". */
export const CommentsChangedSubscription = graphql(`
  subscription CommentsChanged($proposalId: ID!, $since: Int) {
    proposalCommentsChanged(proposalId: $proposalId, since: $since) {
      sequence
      action
    }
  }
`);

/** People who may read threads of this visibility and so may be mentioned in them. */
export const MentionableUsersQuery = graphql(
  `
    query MentionableUsers($proposalId: ID!, $visibility: CommentVisibility!, $search: String) {
      mentionableUsers(proposalId: $proposalId, visibility: $visibility, search: $search) {
        ...CommentPerson
      }
    }
  `,
  [personFields],
);

export const StartThreadMutation = graphql(
  `
    mutation StartCommentThread($input: StartCommentThreadInput!) {
      startCommentThread(input: $input) {
        __typename
        ... on CommentThread {
          id
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

export const ReplyMutation = graphql(
  `
    mutation ReplyToThread($input: ReplyToThreadInput!) {
      replyToThread(input: $input) {
        __typename
        ... on Comment {
          id
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

export const EditCommentMutation = graphql(
  `
    mutation EditComment($input: EditCommentInput!) {
      editComment(input: $input) {
        __typename
        ... on Comment {
          ...CommentFields
        }
        ...MutationError
      }
    }
  `,
  [CommentFields, MutationErrorFields],
);

/** Resolving and reopening return the thread's new state; graphcache updates it in place. */
const threadStateFields = graphql(`
  fragment ThreadState on CommentThread @_unmask {
    id
    resolved
    resolvedAt
    resolvedBy {
      id
      displayName
    }
    version
    updatedAt
  }
`);

export const ResolveThreadMutation = graphql(
  `
    mutation ResolveThread($input: ThreadStateInput!) {
      resolveThread(input: $input) {
        __typename
        ...ThreadState
        ...MutationError
      }
    }
  `,
  [threadStateFields, MutationErrorFields],
);

export const ReopenThreadMutation = graphql(
  `
    mutation ReopenThread($input: ThreadStateInput!) {
      reopenThread(input: $input) {
        __typename
        ...ThreadState
        ...MutationError
      }
    }
  `,
  [threadStateFields, MutationErrorFields],
);

type ThreadsNode = NonNullable<ResultOf<typeof CommentThreadsQuery>['node']>;
/** A thread as the panel shows it. */
export type Thread = Extract<ThreadsNode, { commentThreads: unknown }>['commentThreads']['nodes'][number];
/** A comment as its thread shows it. */
export type CommentData = Thread['comments']['nodes'][number];
