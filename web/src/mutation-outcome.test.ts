import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from './i18n/locale.ts';
import { formField, inputField, outcomeOf, placeProblem } from './mutation-outcome.ts';

afterEach(() => setLocale('zh-CN'));

describe('mutation outcomes', () => {
  it('names the form field of a validation error', () => {
    expect(inputField('input.rationale')).toBe('rationale');
    expect(inputField('input.targetDistrictIds[2]')).toBe('targetDistrictIds');
    expect(inputField('input.attachments[0].title')).toBe('attachments');
    expect(inputField('input')).toBeNull();
    expect(inputField('proposal.targetDistrictIds')).toBe('targetDistrictIds');
    expect(inputField('proposal')).toBeNull();
    expect(inputField('proposalId')).toBe('proposalId');
  });

  it('reads the result, a typed error in the interface language, or a failed request', () => {
    const ok = outcomeOf({}, { __typename: 'Proposal' as const, id: 'p1' }, 'Proposal');
    expect(ok).toEqual({ ok: true, value: { __typename: 'Proposal', id: 'p1' } });

    const invalid = outcomeOf(
      {},
      { __typename: 'ValidationError', code: 'VALIDATION', messageZh: '此项不能为空', messageEn: 'This must not be blank', field: 'input.rationale' },
      'Proposal',
    );
    expect(invalid.ok).toBe(false);
    if (invalid.ok) return;
    expect(invalid.inputField).toBe('rationale');
    expect(invalid.conflict).toBe(false);
    expect(invalid.refused).toBe(false);
    expect(invalid.message()).toBe('此项不能为空');
    setLocale('en');
    expect(invalid.message()).toBe('This must not be blank');

    const conflict = outcomeOf({}, { __typename: 'ConflictError', code: 'CONFLICT', messageZh: '已被修改', messageEn: 'Changed' }, 'Proposal');
    expect(conflict).toMatchObject({ ok: false, conflict: true, inputField: null, refused: false });

    const failed = outcomeOf({ error: new CombinedError({ networkError: new Error('offline') }) }, undefined, 'Proposal');
    expect(failed).toMatchObject({ ok: false, inputField: null });
    if (!failed.ok) expect(failed.message()).toBe('Cannot reach the server. Please try again shortly.');
  });

  it('keeps the input as the API names it next to its form field', () => {
    const invalid = outcomeOf(
      {},
      { __typename: 'ValidationError', code: 'VALIDATION', messageZh: '不能为空', messageEn: 'Blank', field: 'input.targetDistrictIds[2]' },
      'Comment',
    );
    expect(invalid).toMatchObject({ ok: false, field: 'input.targetDistrictIds[2]', inputField: 'targetDistrictIds' });

    const whole = outcomeOf({}, { __typename: 'ValidationError', code: 'VALIDATION', messageZh: '无效', messageEn: 'Invalid', field: 'input' }, 'Comment');
    expect(whole).toMatchObject({ ok: false, field: 'input', inputField: null });
  });

  it('gives the current version of a conflict when the mutation selects it', () => {
    const conflict = outcomeOf(
      {},
      { __typename: 'ConflictError', code: 'CONFLICT', messageZh: '已被修改', messageEn: 'Changed', currentVersion: 4 },
      'Comment',
    );
    expect(conflict).toMatchObject({ ok: false, conflict: true, currentVersion: 4, field: null });

    const refused = outcomeOf({}, { __typename: 'ForbiddenError', code: 'FORBIDDEN', messageZh: '无权操作', messageEn: 'Not allowed' }, 'Comment');
    expect(refused).toMatchObject({ ok: false, conflict: false, currentVersion: null, refused: true });
  });

  it("reads a failed request's own messages, and no answer at all as the server being out of reach", () => {
    const error = new CombinedError({
      graphQLErrors: [new GraphQLError('Too many requests', { extensions: { messageZh: '请求过于频繁', messageEn: 'Too many requests' } })],
    });
    const failed = outcomeOf({ error }, undefined, 'CommentThread');
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.message()).toBe('请求过于频繁');

    const silent = outcomeOf({}, null, 'CommentThread');
    expect(silent).toMatchObject({ ok: false, field: null, inputField: null, conflict: false, currentVersion: null });
    if (!silent.ok) expect(silent.message()).toBe('无法连接到服务器，请稍后重试。');
  });

  it('finds the field a failure is about among the fields a form has', () => {
    const fields = ['rationale', 'targetDistrictIds'] as const;
    expect(formField({ inputField: inputField('input.targetDistrictIds[0]') }, fields)).toBe('targetDistrictIds');
    expect(formField({ inputField: inputField('input.expectedVersion') }, fields)).toBeNull();
    expect(formField({ inputField: null }, fields)).toBeNull();
  });

  it('places a message next to its field when the form has it, else on the form', () => {
    const message = () => 'x';
    expect(placeProblem({ inputField: 'reason', message }, ['reason'] as const)).toEqual({ reason: message });
    expect(placeProblem({ inputField: 'powerItemId', message }, ['reason'] as const)).toEqual({ form: message });
    expect(placeProblem({ inputField: null, message }, ['reason'] as const)).toEqual({ form: message });
  });
});
