import type { ChangeEvent } from './change-event.ts';

/** For the unit tests of delivery: a new comment on proposal 1 of campaign 1, logged as `id`. */
export const commentEvent = (id: number): ChangeEvent => ({
  id,
  action: 'comment.created',
  entityType: 'comment',
  entityId: id,
  campaignId: 1,
  proposalId: 1,
  districtId: null,
  internal: false,
  draft: false,
  actorId: null,
});
