import { describe, expect, it } from 'vitest';
import {
  createInput,
  draftConflict,
  draftOf,
  emptyDraft,
  proposalProblems,
  reasonProblem,
  resolveConflict,
  updateInput,
  type ProposalDraft,
} from './proposal-form.ts';

const draft = (changes: Partial<ProposalDraft>): ProposalDraft => ({ ...emptyDraft('CANCEL'), rationale: '已无实际需要', ...changes });
/** Limits as the server gives them (Query.textLimits); the web keeps no copy of its own. */
const limits = { shortName: 20, reason: 40, comment: 60, freeText: 50, savedViewName: 10, publicCommentReply: 30, email: 25 };
const saving = { intent: 'save' as const, powerItemId: 'item-1', limits };
const submitting = { intent: 'submit' as const, powerItemId: 'item-1', limits };

describe('proposal form checks (mirroring the server)', () => {
  it('accepts a complete proposal', () => {
    expect(proposalProblems(draft({}), submitting)).toEqual({});
  });

  it('needs an action and a rationale that is not blank', () => {
    expect(proposalProblems(emptyDraft(null), saving)).toEqual({
      action: { code: 'actionRequired' },
      rationale: { code: 'rationaleRequired' },
    });
    expect(proposalProblems(draft({ rationale: '  \n ' }), saving)).toEqual({ rationale: { code: 'rationaleRequired' } });
  });

  it('limits the length of texts as the server does, after trimming', () => {
    const long = '长'.repeat(limits.freeText + 1);
    expect(proposalProblems(draft({ rationale: long }), saving).rationale).toEqual({ code: 'tooLong', max: 50 });
    expect(proposalProblems(draft({ rationale: ` ${'长'.repeat(50)} ` }), saving)).toEqual({});
    expect(proposalProblems(draft({ changeLegalBasis: long }), saving).changeLegalBasis).toEqual({ code: 'tooLong', max: 50 });
    expect(proposalProblems(draft({ action: 'ADD', powerType: 'OTHER', proposedItemName: '名'.repeat(21) }), saving).proposedItemName).toEqual({
      code: 'tooLong',
      max: 20,
    });
  });

  it('leaves lengths to the server until its limits are known', () => {
    expect(proposalProblems(draft({ rationale: '长'.repeat(9_999) }), { ...saving, limits: undefined })).toEqual({});
    expect(reasonProblem('x'.repeat(9_999), undefined)).toBeNull();
    expect(reasonProblem(' ', undefined)).toEqual({ code: 'reasonRequired' });
  });

  it('needs a name and a type for an added item, and another item to merge into', () => {
    const adding = { intent: 'save' as const, powerItemId: null, limits };
    expect(proposalProblems(draft({ action: 'ADD' }), adding)).toEqual({
      proposedItemName: { code: 'proposedNameRequired' },
      powerType: { code: 'powerTypeRequired' },
    });
    expect(proposalProblems(draft({ action: 'ADD', proposedItemName: '新事项', powerType: 'LICENSING' }), adding)).toEqual({});
    // The server takes the type of an existing item: only an added item asks for one.
    expect(proposalProblems(draft({ action: 'CANCEL', powerType: null }), submitting)).toEqual({});
    expect(proposalProblems(draft({ action: 'MERGE' }), saving)).toEqual({ mergeIntoItemId: { code: 'mergeTargetRequired' } });
    expect(proposalProblems(draft({ action: 'MERGE', mergeIntoItemId: 'item-1' }), saving)).toEqual({
      mergeIntoItemId: { code: 'mergeTargetRequired' },
    });
    expect(proposalProblems(draft({ action: 'MERGE', mergeIntoItemId: 'item-2' }), saving)).toEqual({});
  });

  it('lets a delegation without districts be saved as a draft, not submitted', () => {
    expect(proposalProblems(draft({ action: 'DELEGATE' }), saving)).toEqual({});
    expect(proposalProblems(draft({ action: 'ENTRUST' }), submitting)).toEqual({ targetDistrictIds: { code: 'districtsRequired' } });
    expect(proposalProblems(draft({ action: 'DELEGATE', targetDistrictIds: ['d1'] }), submitting)).toEqual({});
  });

  it("needs a reason to contest or claim, within the server's reason limit", () => {
    expect(reasonProblem(' ', limits.reason)).toEqual({ code: 'reasonRequired' });
    expect(reasonProblem('x'.repeat(41), limits.reason)).toEqual({ code: 'tooLong', max: 40 });
    expect(reasonProblem('本单位负责该领域监管', limits.reason)).toBeNull();
  });
});

describe('proposal inputs', () => {
  it('sends only what the action uses, trimmed, with blank optional texts as null', () => {
    const delegate = { ...draft({ targetDistrictIds: ['d1'], mergeIntoItemId: 'x', proposedItemName: 'y' }), action: 'DELEGATE' as const };
    expect(createInput({ ...delegate, rationale: ' 区级可承接 ', changeLegalBasis: '  ' }, 'c1', 'item-1')).toEqual({
      campaignId: 'c1',
      action: 'DELEGATE',
      powerItemId: 'item-1',
      targetDistrictIds: ['d1'],
      mergeIntoItemId: null,
      proposedItemName: null,
      rationale: '区级可承接',
      changeLegalBasis: null,
    });
    const cancel = { ...draft({ targetDistrictIds: ['d1'], powerType: 'LICENSING' }), action: 'CANCEL' as const };
    expect(createInput(cancel, 'c1', 'item-1').targetDistrictIds).toEqual([]);
    // Any action but ADD takes its item's type: the server refuses powerType, so it is not sent at all.
    expect(createInput(cancel, 'c1', 'item-1')).not.toHaveProperty('powerType');
  });

  it('creates an added item of its type without an item, and never sends ADD as an update (the server refuses it)', () => {
    const add = { ...draft({ proposedItemName: ' 新事项 ', powerType: 'INSPECTION' }), action: 'ADD' as const };
    expect(createInput(add, 'c1', 'item-1')).toMatchObject({ action: 'ADD', powerItemId: null, powerType: 'INSPECTION', proposedItemName: '新事项' });
    const update = updateInput(add, 'p1', 3);
    expect(update).not.toHaveProperty('action');
    // The type is set once, on create: updateProposal has no powerType.
    expect(update).not.toHaveProperty('powerType');
    expect(update).toMatchObject({ proposalId: 'p1', expectedVersion: 3, proposedItemName: '新事项' });
    expect(updateInput({ ...draft({}), action: 'RETAIN' }, 'p1', 3)).toMatchObject({ action: 'RETAIN' });
  });

  it('starts the form from a loaded proposal', () => {
    expect(
      draftOf({
        action: 'MERGE',
        powerType: 'PENALTY',
        targetDistricts: [],
        mergeIntoItem: { id: 'item-9' },
        proposedItemName: null,
        rationale: '职责交叉',
        changeLegalBasis: null,
      }),
    ).toEqual({
      action: 'MERGE',
      powerType: 'PENALTY',
      targetDistrictIds: [],
      mergeIntoItemId: 'item-9',
      proposedItemName: '',
      rationale: '职责交叉',
      changeLegalBasis: '',
    });
  });
});

describe('a stale save', () => {
  const base = draft({ action: 'DELEGATE', targetDistrictIds: ['D1'], rationale: '基层更便于办理' });

  it('lists the fields that differ, keeping mine where I changed it and theirs where only they did', () => {
    const mine = { ...base, rationale: '基层更便于办理，且办件量大' };
    const theirs = { ...base, targetDistrictIds: ['D2', 'D1'], changeLegalBasis: '《某条例》第十条' };
    const { changes, sides } = draftConflict(base, mine, theirs);
    expect(changes.map((change) => change.field)).toEqual(['targetDistrictIds', 'rationale', 'changeLegalBasis']);
    expect(changes[0]).toEqual({ field: 'targetDistrictIds', before: ['D1'], after: ['D1', 'D2'] });
    expect(sides).toEqual({ targetDistrictIds: 'theirs', rationale: 'mine', changeLegalBasis: 'theirs' });
    expect(resolveConflict(mine, theirs, sides)).toEqual({ ...theirs, rationale: mine.rationale });
  });

  it('takes theirs field by field as chosen, and nothing differs when both wrote the same', () => {
    const mine = { ...base, rationale: '我的理由' };
    const theirs = { ...base, rationale: '对方的理由', action: 'ENTRUST' as const };
    expect(resolveConflict(mine, theirs, { rationale: 'theirs', action: 'mine' })).toEqual({ ...mine, rationale: '对方的理由' });
    expect(draftConflict(base, { ...base, rationale: ' 同样 ' }, { ...base, rationale: '同样' }).changes).toEqual([]);
  });
});
