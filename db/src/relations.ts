import { defineRelations } from 'drizzle-orm';
import * as schema from './schema/index.ts';

/** Every relation the API walks; Pothos plans nested selections into one SQL statement from these. */
export const relations = defineRelations(schema, (r) => ({
  units: {
    users: r.many.users({ from: r.units.id, to: r.users.unitId }),
    powerItems: r.many.powerItems({ from: r.units.id, to: r.powerItems.implementingUnitId }),
    proposals: r.many.proposals({ from: r.units.id, to: r.proposals.submittingUnitId }),
  },
  users: {
    unit: r.one.units({ from: r.users.unitId, to: r.units.id, optional: false }),
  },
  campaigns: {
    leadUnit: r.one.units({ from: r.campaigns.leadUnitId, to: r.units.id, optional: false }),
    proposals: r.many.proposals({ from: r.campaigns.id, to: r.proposals.campaignId }),
    publicComments: r.many.publicComments({ from: r.campaigns.id, to: r.publicComments.campaignId }),
    classificationOptions: r.many.classificationOptions({
      from: r.campaigns.id,
      to: r.classificationOptions.campaignId,
    }),
    keyTasks: r.many.keyTasks({ from: r.campaigns.id, to: r.keyTasks.campaignId }),
    evaluations: r.many.evaluations({ from: r.campaigns.id, to: r.evaluations.campaignId }),
    units: r.many.units({
      from: r.campaigns.id.through(r.campaignUnits.campaignId),
      to: r.units.id.through(r.campaignUnits.unitId),
    }),
  },
  classificationOptions: {
    campaign: r.one.campaigns({ from: r.classificationOptions.campaignId, to: r.campaigns.id, optional: false }),
  },
  powerItems: {
    implementingUnit: r.one.units({ from: r.powerItems.implementingUnitId, to: r.units.id }),
    changes: r.many.powerItemChanges({ from: r.powerItems.id, to: r.powerItemChanges.powerItemId }),
    proposals: r.many.proposals({ from: r.powerItems.id, to: r.proposals.powerItemId }),
    claims: r.many.powerItemClaims({ from: r.powerItems.id, to: r.powerItemClaims.powerItemId }),
  },
  powerItemChanges: {
    powerItem: r.one.powerItems({ from: r.powerItemChanges.powerItemId, to: r.powerItems.id, optional: false }),
    actor: r.one.users({ from: r.powerItemChanges.actorId, to: r.users.id }),
  },
  powerItemClaims: {
    powerItem: r.one.powerItems({ from: r.powerItemClaims.powerItemId, to: r.powerItems.id, optional: false }),
    unit: r.one.units({ from: r.powerItemClaims.unitId, to: r.units.id, optional: false }),
    claimedBy: r.one.users({ from: r.powerItemClaims.claimedById, to: r.users.id }),
  },
  proposals: {
    campaign: r.one.campaigns({ from: r.proposals.campaignId, to: r.campaigns.id, optional: false }),
    powerItem: r.one.powerItems({ from: r.proposals.powerItemId, to: r.powerItems.id }),
    mergeIntoItem: r.one.powerItems({ from: r.proposals.mergeIntoItemId, to: r.powerItems.id }),
    submittingUnit: r.one.units({ from: r.proposals.submittingUnitId, to: r.units.id, optional: false }),
    leadReviewer: r.one.users({ from: r.proposals.leadReviewerId, to: r.users.id }),
    createdBy: r.one.users({ from: r.proposals.createdById, to: r.users.id }),
    targetDistricts: r.many.units({
      from: r.proposals.id.through(r.proposalDistricts.proposalId),
      to: r.units.id.through(r.proposalDistricts.districtId),
    }),
    assignees: r.many.users({
      from: r.proposals.id.through(r.proposalAssignees.proposalId),
      to: r.users.id.through(r.proposalAssignees.userId),
    }),
    reviewRecords: r.many.reviewRecords({ from: r.proposals.id, to: r.reviewRecords.proposalId }),
    classificationVotes: r.many.classificationVotes({ from: r.proposals.id, to: r.classificationVotes.proposalId }),
    commentThreads: r.many.commentThreads({ from: r.proposals.id, to: r.commentThreads.proposalId }),
    consultations: r.many.consultations({ from: r.proposals.id, to: r.consultations.proposalId }),
    handovers: r.many.handovers({ from: r.proposals.id, to: r.handovers.proposalId }),
    activity: r.many.activity({ from: r.proposals.id, to: r.activity.proposalId }),
    publicComments: r.many.publicComments({ from: r.proposals.id, to: r.publicComments.proposalId }),
  },
  proposalAssignees: {
    proposal: r.one.proposals({ from: r.proposalAssignees.proposalId, to: r.proposals.id, optional: false }),
    user: r.one.users({ from: r.proposalAssignees.userId, to: r.users.id, optional: false }),
  },
  reviewRecords: {
    proposal: r.one.proposals({ from: r.reviewRecords.proposalId, to: r.proposals.id, optional: false }),
    reviewer: r.one.users({ from: r.reviewRecords.reviewerId, to: r.users.id, optional: false }),
  },
  classificationVotes: {
    proposal: r.one.proposals({ from: r.classificationVotes.proposalId, to: r.proposals.id, optional: false }),
    reviewer: r.one.users({ from: r.classificationVotes.reviewerId, to: r.users.id, optional: false }),
  },
  commentThreads: {
    proposal: r.one.proposals({ from: r.commentThreads.proposalId, to: r.proposals.id, optional: false }),
    author: r.one.users({ from: r.commentThreads.authorId, to: r.users.id, optional: false }),
    resolvedBy: r.one.users({ from: r.commentThreads.resolvedById, to: r.users.id }),
    comments: r.many.comments({ from: r.commentThreads.id, to: r.comments.threadId }),
  },
  comments: {
    thread: r.one.commentThreads({ from: r.comments.threadId, to: r.commentThreads.id, optional: false }),
    author: r.one.users({ from: r.comments.authorId, to: r.users.id, optional: false }),
    revisions: r.many.commentRevisions({ from: r.comments.id, to: r.commentRevisions.commentId }),
  },
  commentRevisions: {
    comment: r.one.comments({ from: r.commentRevisions.commentId, to: r.comments.id, optional: false }),
    editedBy: r.one.users({ from: r.commentRevisions.editedById, to: r.users.id, optional: false }),
  },
  consultations: {
    proposal: r.one.proposals({ from: r.consultations.proposalId, to: r.proposals.id, optional: false }),
    openedBy: r.one.users({ from: r.consultations.openedById, to: r.users.id, optional: false }),
    feedback: r.many.districtFeedback({ from: r.consultations.id, to: r.districtFeedback.consultationId }),
  },
  districtFeedback: {
    consultation: r.one.consultations({
      from: r.districtFeedback.consultationId,
      to: r.consultations.id,
      optional: false,
    }),
    district: r.one.units({ from: r.districtFeedback.districtId, to: r.units.id, optional: false }),
    respondedBy: r.one.users({ from: r.districtFeedback.respondedById, to: r.users.id }),
  },
  handovers: {
    proposal: r.one.proposals({ from: r.handovers.proposalId, to: r.proposals.id, optional: false }),
    powerItem: r.one.powerItems({ from: r.handovers.powerItemId, to: r.powerItems.id, optional: false }),
    district: r.one.units({ from: r.handovers.districtId, to: r.units.id, optional: false }),
  },
  publicComments: {
    campaign: r.one.campaigns({ from: r.publicComments.campaignId, to: r.campaigns.id, optional: false }),
    proposal: r.one.proposals({ from: r.publicComments.proposalId, to: r.proposals.id }),
    moderatedBy: r.one.users({ from: r.publicComments.moderatedById, to: r.users.id }),
  },
  reminders: {
    campaign: r.one.campaigns({ from: r.reminders.campaignId, to: r.campaigns.id, optional: false }),
    recipientUnit: r.one.units({ from: r.reminders.recipientUnitId, to: r.units.id }),
    recipientUser: r.one.users({ from: r.reminders.recipientUserId, to: r.users.id }),
    sentBy: r.one.users({ from: r.reminders.sentById, to: r.users.id }),
    acknowledgedBy: r.one.users({ from: r.reminders.acknowledgedById, to: r.users.id }),
  },
  evaluations: {
    campaign: r.one.campaigns({ from: r.evaluations.campaignId, to: r.campaigns.id, optional: false }),
    unit: r.one.units({ from: r.evaluations.unitId, to: r.units.id }),
    author: r.one.users({ from: r.evaluations.authorId, to: r.users.id, optional: false }),
  },
  licensingReports: {
    unit: r.one.units({ from: r.licensingReports.unitId, to: r.units.id, optional: false }),
    publishedBy: r.one.users({ from: r.licensingReports.publishedById, to: r.users.id }),
  },
  keyTasks: {
    leadUnit: r.one.units({ from: r.keyTasks.leadUnitId, to: r.units.id, optional: false }),
    campaign: r.one.campaigns({ from: r.keyTasks.campaignId, to: r.campaigns.id }),
    goals: r.many.keyTaskGoals({ from: r.keyTasks.id, to: r.keyTaskGoals.keyTaskId }),
    progress: r.many.keyTaskProgress({ from: r.keyTasks.id, to: r.keyTaskProgress.keyTaskId }),
  },
  keyTaskGoals: {
    keyTask: r.one.keyTasks({ from: r.keyTaskGoals.keyTaskId, to: r.keyTasks.id, optional: false }),
  },
  keyTaskProgress: {
    keyTask: r.one.keyTasks({ from: r.keyTaskProgress.keyTaskId, to: r.keyTasks.id, optional: false }),
  },
  activity: {
    actor: r.one.users({ from: r.activity.actorId, to: r.users.id }),
  },
  notifications: {
    activity: r.one.activity({ from: r.notifications.activityId, to: r.activity.id, optional: false }),
    proposal: r.one.proposals({ from: r.notifications.proposalId, to: r.proposals.id }),
  },
  imports: {
    unit: r.one.units({ from: r.imports.unitId, to: r.units.id, optional: false }),
    campaign: r.one.campaigns({ from: r.imports.campaignId, to: r.campaigns.id }),
    createdBy: r.one.users({ from: r.imports.createdById, to: r.users.id, optional: false }),
  },
  savedViews: {
    owner: r.one.users({ from: r.savedViews.ownerId, to: r.users.id, optional: false }),
  },
}));

export type Relations = typeof relations;
