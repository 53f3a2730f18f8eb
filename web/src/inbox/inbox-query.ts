import { graphql } from '../graphql.ts';

/** The header's unread count. */
export const UnreadCountQuery = graphql(`
  query UnreadNotificationCount {
    logPosition
    me {
      unreadNotificationCount
    }
  }
`);

/** My inbox changed: the new count (ids only, never rows). */
export const NotificationsChangedSubscription = graphql(`
  subscription NotificationsChanged($since: Int) {
    notificationsChanged(since: $since) {
      sequence
      notificationIds
      unreadNotificationCount
    }
  }
`);

/** 通知: the newest 50 (or the unread among them), and my settings. */
export const InboxQuery = graphql(`
  query Inbox($unreadOnly: Boolean) {
    logPosition
    me {
      unreadNotificationCount
      notificationSettings {
        mutedKinds
        digest
        email
      }
      notifications(first: 50, unreadOnly: $unreadOnly) {
        edges {
          node {
            id
            kind
            read
            createdAt
            threadId
            proposal {
              id
              proposedItemName
              campaign {
                id
                year
              }
              powerItem {
                id
                name
                basicCode
              }
            }
            activity {
              sequence
              actor {
                id
                displayName
              }
            }
          }
        }
      }
    }
  }
`);

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      __typename
      ... on NotificationsMarkedRead {
        unreadNotificationCount
        notifications {
          id
          read
        }
      }
      ... on Error {
        code
        messageZh
        messageEn
      }
    }
  }
`);

export const UpdateNotificationSettingsMutation = graphql(`
  mutation UpdateNotificationSettings($input: UpdateNotificationSettingsInput!) {
    updateNotificationSettings(input: $input) {
      __typename
      ... on NotificationSettings {
        mutedKinds
        digest
        email
      }
      ... on Error {
        code
        messageZh
        messageEn
      }
    }
  }
`);
