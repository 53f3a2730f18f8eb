import type { EnumValue } from '../graphql.ts';
import { localized } from '../i18n/locale.ts';

type Kind = EnumValue<'NotificationKind'>;
type Digest = EnumValue<'NotificationDigest'>;

/** 通知: the inbox, its header badge and the settings form. */
export const strings = localized(
  {
    heading: '通知',
    badge: (n: number) => (n === 0 ? '通知，没有未读' : `通知，${n} 条未读`),
    unreadOnly: '只看未读',
    markAllRead: '全部标为已读',
    markRead: '标为已读',
    allMarked: '已将全部通知标为已读。',
    nothing: '没有通知。有人 @ 您、回复您参与的讨论、分配或退回精简意见、征求意见或催办时，会在这里通知您。',
    nothingUnread: '没有未读通知。',
    unread: '未读',
    system: '系统',
    kind: {
      MENTION: '提到了您',
      REPLY: '回复了您参与的讨论',
      ASSIGNMENT: '将精简意见分配给您',
      PROPOSAL_RETURNED: '退回了本单位的精简意见',
      PROPOSAL_DECIDED: '对本单位的精简意见作出了审核结论',
      PROPOSAL_CONTESTED: '对审核结果提出异议',
      CONSULTATION: '就精简意见征求本区意见',
      REMINDER: '催办',
      DEADLINE: '办理期限即将到期或已逾期',
      DEPARTMENT_COMMENT: '评论了本单位的精简意见',
    } satisfies Record<Kind, string>,
    settings: '通知设置',
    kinds: '接收哪些通知',
    digest: '邮件摘要',
    digestOption: { OFF: '不发送', DAILY: '每天一次', HOURLY: '每小时一次' } satisfies Record<Digest, string>,
    email: '接收摘要的电子邮箱（留空则用账号邮箱）',
    save: '保存设置',
    saved: '通知设置已保存。',
  },
  {
    heading: 'Notifications',
    badge: (n: number) => (n === 0 ? 'Notifications, none unread' : `Notifications, ${n} unread`),
    unreadOnly: 'Unread only',
    markAllRead: 'Mark all read',
    markRead: 'Mark read',
    allMarked: 'All notifications marked read.',
    nothing:
      'No notifications. You are told here when someone @mentions you, replies in a thread you took part in, assigns or returns a proposal, consults your district or sends you a reminder.',
    nothingUnread: 'No unread notifications.',
    unread: 'Unread',
    system: 'System',
    kind: {
      MENTION: 'mentioned you',
      REPLY: 'replied in a thread you took part in',
      ASSIGNMENT: 'assigned a proposal to you',
      PROPOSAL_RETURNED: "returned your unit's proposal",
      PROPOSAL_DECIDED: "decided on your unit's proposal",
      PROPOSAL_CONTESTED: 'contested the outcome',
      CONSULTATION: 'asked your district about a proposal',
      REMINDER: 'sent a reminder',
      DEADLINE: 'A deadline is near or has passed',
      DEPARTMENT_COMMENT: "commented on your unit's proposal",
    },
    settings: 'Notification settings',
    kinds: 'Which notifications to receive',
    digest: 'E-mail digest',
    digestOption: { OFF: 'Off', DAILY: 'Daily', HOURLY: 'Hourly' },
    email: "Address for the digest (empty: the account's e-mail)",
    save: 'Save settings',
    saved: 'Notification settings saved.',
  },
);
