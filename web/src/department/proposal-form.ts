import { diffFields, type FieldChange, type FieldValue, sameValue, type Side } from '../conflicts/field-diff.ts';
import type { EnumValue, VariablesOf } from '../graphql.ts';
import { overLimit, type TextLimits } from '../forms/text-limits.ts';
import type { CreateProposalMutation, UpdateProposalMutation } from './department-query.ts';
import { strings } from './strings.ts';

export type ProposalAction = EnumValue<'ProposalAction'>;
export type PowerType = EnumValue<'PowerType'>;

/** What the department writes in the proposal form. */
export interface ProposalDraft {
  action: ProposalAction | null;
  /** For ADD: the new item's type (any other action takes its item's). Set when the proposal is created. */
  powerType: PowerType | null;
  targetDistrictIds: string[];
  mergeIntoItemId: string | null;
  proposedItemName: string;
  rationale: string;
  changeLegalBasis: string;
}

export type ProposalField = keyof ProposalDraft | 'powerItemId';

/**
 * What is wrong with one field. The codes mirror the server's checks (server/src/proposals/
 * editing.ts and the submit rule in lifecycle.ts), so the form says so before sending.
 */
export type ProposalProblem =
  | { code: 'actionRequired' }
  | { code: 'rationaleRequired' }
  | { code: 'proposedNameRequired' }
  | { code: 'powerTypeRequired' }
  | { code: 'mergeTargetRequired' }
  | { code: 'districtsRequired' }
  | { code: 'tooLong'; max: number };

/** Only handing a power down or entrusting it names districts. */
export const namesDistricts = (action: ProposalAction | null): boolean => action === 'DELEGATE' || action === 'ENTRUST';

/** `intent`: saving a draft (or a returned proposal's revision), or sending it to the team. */
export type SaveIntent = 'save' | 'submit';

/**
 * The limit of each text field (server/src/proposals/content.ts): the rationale and the basis are
 * free text, an added item's name a short name.
 */
export function proposalLimits(limits: TextLimits | undefined) {
  return { rationale: limits?.freeText, changeLegalBasis: limits?.freeText, proposedItemName: limits?.shortName };
}

/**
 * The form's problems, by field; empty when it may be sent. Mirrors the server: an action and a
 * rationale always; a name for an added item; another item of the unit to merge into; and, to
 * submit (not to save), at least one district for a delegation or entrustment. An added item also
 * needs its type: the server would record 10 其他 when none is sent, but the department knows better.
 * Lengths are checked against the server's limits (`limits`, Query.textLimits) once they are known.
 */
export function proposalProblems(
  draft: ProposalDraft,
  context: { intent: SaveIntent; powerItemId: string | null; limits: TextLimits | undefined },
): Partial<Record<ProposalField, ProposalProblem>> {
  const problems: Partial<Record<ProposalField, ProposalProblem>> = {};
  const limits = proposalLimits(context.limits);
  const blank = (text: string) => text.trim().length === 0;

  if (draft.action === null) problems.action = { code: 'actionRequired' };
  if (blank(draft.rationale)) problems.rationale = { code: 'rationaleRequired' };
  else if (overLimit(draft.rationale, limits.rationale)) problems.rationale = { code: 'tooLong', max: limits.rationale };
  if (overLimit(draft.changeLegalBasis, limits.changeLegalBasis)) problems.changeLegalBasis = { code: 'tooLong', max: limits.changeLegalBasis };
  if (draft.action === 'ADD') {
    if (draft.powerType === null) problems.powerType = { code: 'powerTypeRequired' };
    if (blank(draft.proposedItemName)) problems.proposedItemName = { code: 'proposedNameRequired' };
    else if (overLimit(draft.proposedItemName, limits.proposedItemName)) {
      problems.proposedItemName = { code: 'tooLong', max: limits.proposedItemName };
    }
  }
  if (draft.action === 'MERGE' && (draft.mergeIntoItemId === null || draft.mergeIntoItemId === context.powerItemId)) {
    problems.mergeIntoItemId = { code: 'mergeTargetRequired' };
  }
  if (context.intent === 'submit' && namesDistricts(draft.action) && draft.targetDistrictIds.length === 0) {
    problems.targetDistrictIds = { code: 'districtsRequired' };
  }
  return problems;
}

/** The fields the chosen action uses; the others are sent empty so the server never sees leftovers. */
function content(draft: ProposalDraft) {
  const optional = (text: string) => (text.trim() === '' ? null : text.trim());
  return {
    targetDistrictIds: namesDistricts(draft.action) ? draft.targetDistrictIds : [],
    mergeIntoItemId: draft.action === 'MERGE' ? draft.mergeIntoItemId : null,
    proposedItemName: draft.action === 'ADD' ? optional(draft.proposedItemName) : null,
    rationale: draft.rationale.trim(),
    changeLegalBasis: optional(draft.changeLegalBasis),
  };
}

type CreateInput = VariablesOf<typeof CreateProposalMutation>['input'];
type UpdateInput = VariablesOf<typeof UpdateProposalMutation>['input'];

/**
 * createProposal's input: about `powerItemId`, or a new item (ADD) of the chosen type without one.
 * Only ADD names a type: the server refuses `powerType` for any other action.
 */
export function createInput(draft: ProposalDraft & { action: ProposalAction }, campaignId: string, powerItemId: string | null): CreateInput {
  const item = draft.action === 'ADD' ? { powerItemId: null, powerType: draft.powerType } : { powerItemId };
  return { campaignId, action: draft.action, ...item, ...content(draft) };
}

/**
 * updateProposal's input. An added item stays an added item (the server refuses `action: ADD` on
 * update), so its action is left out; its type is fixed when it is created (there is no
 * `powerType` to update).
 */
export function updateInput(draft: ProposalDraft & { action: ProposalAction }, proposalId: string, expectedVersion: number): UpdateInput {
  return { proposalId, expectedVersion, ...(draft.action === 'ADD' ? {} : { action: draft.action }), ...content(draft) };
}

/** The form's starting values for an existing proposal. */
export function draftOf(proposal: {
  action: ProposalAction;
  powerType: PowerType;
  targetDistricts: readonly { id: string }[];
  mergeIntoItem: { id: string } | null;
  proposedItemName: string | null;
  rationale: string;
  changeLegalBasis: string | null;
}): ProposalDraft {
  return {
    action: proposal.action,
    powerType: proposal.powerType,
    targetDistrictIds: proposal.targetDistricts.map((d) => d.id),
    mergeIntoItemId: proposal.mergeIntoItem?.id ?? null,
    proposedItemName: proposal.proposedItemName ?? '',
    rationale: proposal.rationale,
    changeLegalBasis: proposal.changeLegalBasis ?? '',
  };
}

export const emptyDraft = (action: ProposalAction | null): ProposalDraft => ({
  action,
  powerType: null,
  targetDistrictIds: [],
  mergeIntoItemId: null,
  proposedItemName: '',
  rationale: '',
  changeLegalBasis: '',
});

export type ReasonProblem = { code: 'reasonRequired' } | { code: 'tooLong'; max: number };

/** A reason to contest an outcome or to claim an item: required, within the server's `reason` limit (`limit`, once known). */
export function reasonProblem(reason: string, limit: number | undefined): ReasonProblem | null {
  if (reason.trim().length === 0) return { code: 'reasonRequired' };
  return overLimit(reason, limit) ? { code: 'tooLong', max: limit } : null;
}

/** A client-side problem in words (the language follows the switch). */
export function problemMessage(problem: ProposalProblem | ReasonProblem): () => string {
  return () => {
    const t = strings().problems;
    return problem.code === 'tooLong' ? t.tooLong(problem.max) : t[problem.code];
  };
}

/** The fields two people can both have changed (the type is fixed once the proposal is created). */
export const conflictFields = ['action', 'targetDistrictIds', 'mergeIntoItemId', 'proposedItemName', 'rationale', 'changeLegalBasis'] as const;
export type ConflictField = (typeof conflictFields)[number];

/** A field as compared: what would be saved (districts in a stable order, blank text as nothing). */
export function draftValue(draft: ProposalDraft, field: ConflictField): FieldValue {
  if (field === 'targetDistrictIds') return [...draft.targetDistrictIds].sort();
  const value = draft[field];
  return typeof value === 'string' && value.trim() === '' ? null : typeof value === 'string' ? value.trim() : value;
}

/**
 * A stale save: the person's form (`mine`) beside the proposal as someone else saved it meanwhile
 * (`theirs`), both from the version the form was opened on (`base`). The fields that differ, and
 * which side each keeps to start with: the person's where they changed it, else the other's (so a
 * field only the other touched is never silently reverted).
 */
export function draftConflict(
  base: ProposalDraft,
  mine: ProposalDraft,
  theirs: ProposalDraft,
): { changes: FieldChange<ConflictField>[]; sides: Record<string, Side> } {
  const changes = diffFields(conflictFields, (field) => draftValue(mine, field), (field) => draftValue(theirs, field));
  const sides = Object.fromEntries(
    changes.map(({ field }) => [field, sameValue(draftValue(base, field), draftValue(mine, field)) ? 'theirs' : 'mine'] as const),
  );
  return { changes, sides };
}

/** The form after the person chose field by field: the other's value wherever they took it. */
export function resolveConflict(mine: ProposalDraft, theirs: ProposalDraft, sides: Readonly<Record<string, Side>>): ProposalDraft {
  const resolved: ProposalDraft = { ...mine, targetDistrictIds: [...mine.targetDistrictIds] };
  for (const field of conflictFields) {
    if (sides[field] !== 'theirs') continue;
    if (field === 'targetDistrictIds') resolved.targetDistrictIds = [...theirs.targetDistrictIds];
    else if (field === 'action') resolved.action = theirs.action;
    else if (field === 'mergeIntoItemId') resolved.mergeIntoItemId = theirs.mergeIntoItemId;
    else resolved[field] = theirs[field];
  }
  return resolved;
}
