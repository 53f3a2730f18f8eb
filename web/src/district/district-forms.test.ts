import { describe, expect, it } from 'vitest';
import {
  answerDraftOf,
  answerInput,
  answerProblems,
  type AnswerDraft,
  handoverDraftOf,
  handoverInput,
  handoverProblems,
  type HandoverDraft,
} from './district-forms.ts';

const emptyAnswer = answerDraftOf({
  stance: null,
  comments: null,
  capacityNotes: null,
  staffingNeeds: null,
  systemsNeeds: null,
  trainingNeeds: null,
  fundingNeeds: null,
});
/** The free-text limit as the server gives it (Query.textLimits.freeText); the web keeps no copy. */
const freeText = 30;
const answer = (changes: Partial<AnswerDraft>): AnswerDraft => ({ ...emptyAnswer, ...changes });

describe('answering a consultation (mirroring the server)', () => {
  it('needs a stance', () => {
    expect(answerProblems(emptyAnswer, freeText)).toEqual({ stance: { code: 'stanceRequired' } });
  });

  it('lets a plain agreement go without a word', () => {
    expect(answerProblems(answer({ stance: 'AGREE' }), freeText)).toEqual({});
  });

  it('asks conditions or reasons of anything but agreement, in comments or capacity notes', () => {
    expect(answerProblems(answer({ stance: 'AGREE_WITH_CONDITIONS', staffingNeeds: '需增加编制2名' }), freeText)).toEqual({
      comments: { code: 'reasonNeeded' },
    });
    expect(answerProblems(answer({ stance: 'DISAGREE', comments: '  ' }), freeText)).toEqual({ comments: { code: 'reasonNeeded' } });
    expect(answerProblems(answer({ stance: 'DISAGREE', comments: '暂不具备承接条件' }), freeText)).toEqual({});
    expect(answerProblems(answer({ stance: 'AGREE_WITH_CONDITIONS', capacityNotes: '需设置过渡期' }), freeText)).toEqual({});
  });

  it("limits every text to the server's free-text limit, once it is known", () => {
    expect(answerProblems(answer({ stance: 'AGREE', fundingNeeds: '钱'.repeat(freeText + 1) }), freeText)).toEqual({
      fundingNeeds: { code: 'tooLong', max: freeText },
    });
    expect(answerProblems(answer({ stance: 'AGREE', fundingNeeds: ` ${'钱'.repeat(freeText)} ` }), freeText)).toEqual({});
    expect(answerProblems(answer({ stance: 'AGREE', fundingNeeds: '钱'.repeat(9_999) }), undefined)).toEqual({});
  });

  it('sends the whole answer, trimmed, blanks as null, at the version loaded', () => {
    expect(answerInput({ ...answer({ capacityNotes: ' 已设综合窗口 ', comments: '' }), stance: 'AGREE_WITH_CONDITIONS' }, 'f1', 2)).toEqual({
      feedbackId: 'f1',
      expectedVersion: 2,
      stance: 'AGREE_WITH_CONDITIONS',
      comments: null,
      capacityNotes: '已设综合窗口',
      staffingNeeds: null,
      systemsNeeds: null,
      trainingNeeds: null,
      fundingNeeds: null,
    });
  });
});

const loaded = handoverDraftOf({
  status: 'PREPARING',
  staffingReady: true,
  systemsReady: false,
  trainingDone: false,
  plannedOn: '2020-03-04',
  notes: null,
});
const report = (changes: Partial<HandoverDraft>): HandoverDraft => ({ ...loaded, ...changes });

describe('reporting a handover (mirroring the server)', () => {
  it('takes a power over only with staffing, systems and training all ready', () => {
    expect(handoverProblems(report({ status: 'TAKEN_OVER' }), loaded, freeText)).toEqual({ status: { code: 'notReady' } });
    expect(handoverProblems(report({ status: 'TAKEN_OVER', systemsReady: true, trainingDone: true }), loaded, freeText)).toEqual({});
  });

  it('says why a handover is blocked', () => {
    expect(handoverProblems(report({ status: 'BLOCKED', notes: ' ' }), loaded, freeText)).toEqual({ notes: { code: 'blockedNeedsNotes' } });
    expect(handoverProblems(report({ status: 'BLOCKED', notes: '系统尚未打通' }), loaded, freeText)).toEqual({});
  });

  it('refuses a report that changes nothing (a cleared date keeps the old one, as on the server)', () => {
    expect(handoverProblems(loaded, loaded, freeText)).toEqual({ form: { code: 'nothingChanged' } });
    expect(handoverProblems(report({ plannedOn: '' }), loaded, freeText)).toEqual({ form: { code: 'nothingChanged' } });
    expect(handoverProblems(report({ notes: '  ' }), loaded, freeText)).toEqual({ form: { code: 'nothingChanged' } });
    expect(handoverProblems(report({ plannedOn: '2020-04-01' }), loaded, freeText)).toEqual({});
  });

  it('sends every field, trimmed notes (empty clears them), and the date only when there is one', () => {
    expect(handoverInput(report({ notes: ' 正在培训 ' }), 'h1', 3)).toEqual({
      handoverId: 'h1',
      expectedVersion: 3,
      status: 'PREPARING',
      staffingReady: true,
      systemsReady: false,
      trainingDone: false,
      notes: '正在培训',
      plannedOn: '2020-03-04',
    });
    expect(handoverInput(report({ plannedOn: '' }), 'h1', 3)).not.toHaveProperty('plannedOn');
  });
});
