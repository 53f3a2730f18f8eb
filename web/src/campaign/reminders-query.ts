import { graphql } from '../graphql.ts';

/** The console's 督办催办 tab: overdue work per owner, and the reminders sent, newest first. */
export const OverdueWorkQuery = graphql(`
  query OverdueWork($campaignId: ID!) {
    overdueWork(campaignId: $campaignId) {
      kind
      recipientId
      recipientName
      recipientIsDistrict
      recipientIsPerson
      count
      deadline
    }
  }
`);

export const ReminderHistoryQuery = graphql(`
  query ReminderHistory($campaignId: ID!, $first: Int!, $after: String) {
    reminders(first: $first, after: $after, filter: { campaignId: $campaignId }) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        channel
        message
        subject
        dueOn
        sentAt
        acknowledgedAt
        sentBy {
          id
          displayName
        }
        recipientUnit {
          id
          shortName
        }
        recipientUser {
          id
          displayName
        }
      }
    }
  }
`);

export const SendRemindersMutation = graphql(`
  mutation SendReminders($input: SendRemindersInput!) {
    sendReminders(input: $input) {
      __typename
      ... on Error {
        messageZh
        messageEn
      }
      ... on ValidationError {
        field
      }
      ... on RemindersResult {
        reminders {
          id
        }
      }
    }
  }
`);
