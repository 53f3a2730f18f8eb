import { graphql } from '../graphql.ts';

/** Being present: open for as long as the proposal is on screen; sends everyone looking at it. */
export const PresenceSubscription = graphql(`
  subscription Presence($proposalId: ID!) {
    presence(proposalId: $proposalId) {
      typingInThreadId
      user {
        id
        displayName
        unit {
          id
          shortName
        }
      }
    }
  }
`);

/** Shows (or stops showing) the signed-in person typing in a thread. Ephemeral: writes nothing. */
export const SetTypingMutation = graphql(`
  mutation SetTyping($input: SetTypingInput!) {
    setTyping(input: $input) {
      __typename
    }
  }
`);
