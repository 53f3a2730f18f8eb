import { diffFields, type FieldChange, type FieldValue } from '../conflicts/field-diff.ts';
import type { EnumValue } from '../graphql.ts';

/**
 * The proposal as one person saw it at one moment: the fields a decision rests on, and the
 * versions a mutation must name. Taken when someone starts an action (their "base"), compared with
 * the proposal as it is now when the server answers that someone else changed it first, and between
 * two live updates to highlight what changed.
 */
export interface ProposalSnapshot {
  version: number;
  stage: EnumValue<'ProposalStage'>;
  status: EnumValue<'ProposalStatus'>;
  action: EnumValue<'ProposalAction'>;
  /** Short names, in the proposal's order. */
  targetDistricts: readonly string[];
  rationale: string;
  changeLegalBasis: string | null;
  proposedItemName: string | null;
  /** The name of the item to merge into. */
  mergeIntoItem: string | null;
  classificationCode: string | null;
  leadReviewer: string | null;
  assignees: readonly string[];
  /** The signed-in reviewer's own vote, if any. */
  myVote: { code: string; version: number } | null;
}

/** The fields compared, in the order a reader goes through them. */
export const snapshotFields = [
  'stage',
  'status',
  'action',
  'targetDistricts',
  'rationale',
  'changeLegalBasis',
  'proposedItemName',
  'mergeIntoItem',
  'classificationCode',
  'leadReviewer',
  'assignees',
  'myVote',
] as const;

export type SnapshotField = (typeof snapshotFields)[number];

/** A field's value as shown: text, a list of names, or nothing. */
export type SnapshotValue = FieldValue;

/** What the proposal data needs to provide for a snapshot (the page's query result fits). */
export interface SnapshotSource {
  version: number;
  stage: EnumValue<'ProposalStage'>;
  status: EnumValue<'ProposalStatus'>;
  action: EnumValue<'ProposalAction'>;
  targetDistricts: readonly { shortName: string }[];
  rationale: string;
  changeLegalBasis: string | null;
  proposedItemName: string | null;
  mergeIntoItem: { name: string } | null;
  classificationCode: string | null;
  leadReviewer: { displayName: string } | null;
  assignees: readonly { displayName: string }[];
}

export function snapshotOf(
  proposal: SnapshotSource,
  votes: readonly { code: string; version: number; reviewer: { id: string } }[],
  myUserId: string | undefined,
): ProposalSnapshot {
  const mine = votes.find((vote) => vote.reviewer.id === myUserId);
  return {
    version: proposal.version,
    stage: proposal.stage,
    status: proposal.status,
    action: proposal.action,
    targetDistricts: proposal.targetDistricts.map((d) => d.shortName),
    rationale: proposal.rationale,
    changeLegalBasis: proposal.changeLegalBasis,
    proposedItemName: proposal.proposedItemName,
    mergeIntoItem: proposal.mergeIntoItem?.name ?? null,
    classificationCode: proposal.classificationCode,
    leadReviewer: proposal.leadReviewer?.displayName ?? null,
    assignees: proposal.assignees.map((a) => a.displayName),
    myVote: mine ? { code: mine.code, version: mine.version } : null,
  };
}

/** A field's value as compared and shown (a vote by its code). */
export function valueOf(snapshot: ProposalSnapshot, field: SnapshotField): SnapshotValue {
  return field === 'myVote' ? (snapshot.myVote?.code ?? null) : snapshot[field];
}

/**
 * What changed from `before` to `after`, field by field in reading order. Versions are not
 * compared: they say that something changed, the fields say what.
 */
export function diffSnapshots(before: ProposalSnapshot, after: ProposalSnapshot): FieldChange<SnapshotField>[] {
  return diffFields(snapshotFields, (field) => valueOf(before, field), (field) => valueOf(after, field));
}
