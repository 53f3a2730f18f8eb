import { graphql } from '../graphql.ts';

/** The viewer's to-do, overdue first, and the reminders sent to them or their unit not yet seen. */
export const TodoQuery = graphql(`
  query Todo {
    domainNow
    me {
      todo {
        kind
        campaignYear
        count
        overdueCount
        deadline
        overdue
        href
      }
    }
    reminders(first: 50, filter: { toViewer: true, acknowledged: false }) {
      totalCount
      nodes {
        id
        channel
        message
        dueOn
        sentAt
        sentBy {
          id
          displayName
        }
        campaign {
          id
          year
        }
      }
    }
  }
`);

export const AcknowledgeRemindersMutation = graphql(`
  mutation AcknowledgeReminders($input: AcknowledgeRemindersInput!) {
    acknowledgeReminders(input: $input) {
      __typename
      ... on Error {
        messageZh
        messageEn
      }
      ... on RemindersResult {
        reminders {
          id
          acknowledgedAt
        }
      }
    }
  }
`);
