/**
 * The one catalogue of activity actions: every row of the activity log names one of these. The
 * server's commands write them, the seed writes them through the same commands, and the web
 * describes them (web/src/workspace/activity-sentence.ts). This file imports nothing, so the web
 * bundles it as it is.
 *
 * Each action names the entity type its row is about (`entity_type`, `entity_id`).
 */
export const activityActions = {
  'campaign.created': 'campaign',
  'campaign.updated': 'campaign',

  'proposal.created': 'proposal',
  'proposal.updated': 'proposal',
  /** 删除草稿: a never-submitted draft deleted with its dependent rows; `before` keeps what it was. */
  'proposal.draft_deleted': 'proposal',
  /** Every move along the lifecycle: `after.transition` names it (submit, return, approve, …). */
  'proposal.transitioned': 'proposal',
  'proposal.assigned': 'proposal',
  'proposal.unassigned': 'proposal',
  'proposal.classified': 'proposal',
  'classification.voted': 'classification_vote',
  'review.recorded': 'review_record',

  'consultation.opened': 'consultation',
  /** A district's answer: the row is its feedback. */
  'consultation.answered': 'district_feedback',
  'consultation.closed': 'consultation',

  'comment_thread.started': 'comment_thread',
  'comment_thread.resolved': 'comment_thread',
  'comment_thread.reopened': 'comment_thread',
  'comment.created': 'comment',
  'comment.edited': 'comment',

  'power_item.changed': 'power_item',
  'power_item.claimed': 'power_item_claim',
  'power_item.claim_settled': 'power_item_claim',
  /** The lead office names the implementing unit of an unclaimed item nobody claimed. */
  'power_item.assigned': 'power_item',

  /**
   * Spreadsheet imports (server/src/imports/): previewed (nothing else written), remapped, committed
   * (one row per import, its counts in `after`) or discarded.
   * Power items it creates or changes get a power_item_changes row each (kind `imported`, with the
   * field diff); proposals it creates are logged one by one by createProposals.
   */
  'import.previewed': 'import',
  'import.remapped': 'import',
  'import.committed': 'import',
  'import.discarded': 'import',

  'handover.created': 'handover',
  'handover.updated': 'handover',
  /** The lead office's note to the district on a handover. */
  'handover.commented': 'handover',

  /** 催办: one row per recipient and subject chased. */
  'reminder.sent': 'reminder',
  'reminder.acknowledged': 'reminder',

  /** From the public (no actor), on a proposal put to the public or on the campaign. */
  'public_comment.received': 'public_comment',
  /** The team's decision, with the public reply (`after.reply`) for an accepted comment. */
  'public_comment.accepted': 'public_comment',
  'public_comment.dismissed': 'public_comment',
  /** A self-evaluation's first save (a draft) or a new assessment. */
  'evaluation.created': 'evaluation',
  'evaluation.updated': 'evaluation',
  'evaluation.submitted': 'evaluation',
  /** The lead office asked a licensing unit for its annual report, or moved a pending one's deadline. */
  'licensing_report.requested': 'licensing_report',
  'licensing_report.published': 'licensing_report',
  'key_task.created': 'key_task',
  /** A quarter's progress entry saved as the coordinator's draft (created or rewritten). */
  'key_task_progress.drafted': 'key_task_progress',
  /** A quarter's progress entry published: from now on everyone reads it. */
  'key_task_progress.reported': 'key_task_progress',

  'session.created': 'session',
  'session.ended': 'session',
  'password.changed': 'user',
  'api_token.created': 'api_token',
  'api_token.revoked': 'api_token',
  /** The owner marked inbox notifications read: `after.ids`, or `after.all`. Theirs alone to see. */
  'notifications.read': 'user',
  /** The owner changed which kinds they want or their e-mail digest. */
  'notification_settings.updated': 'user',
  /** The digest job e-mailed a person their unread notifications (`after.count`). */
  'notification_digest.sent': 'user',
  /** The SMTP server refused a digest (`after.count`): its notifications wait for the job's next run. */
  'notification_digest.failed': 'user',
  /** 视图: a reviewer's saved queue filter; its owner's alone to read, like account entries. */
  'saved_view.created': 'saved_view',
  'saved_view.updated': 'saved_view',
  'saved_view.deleted': 'saved_view',
  /** The coordinator shared one of their views with the review team, or stopped sharing it. */
  'saved_view.shared': 'saved_view',
  'saved_view.unshared': 'saved_view',
} as const;

export type ActivityAction = keyof typeof activityActions;
export type ActivityEntityType = (typeof activityActions)[ActivityAction];

export const isActivityAction = (value: string): value is ActivityAction => Object.hasOwn(activityActions, value);
