import { CombinedError } from '@urql/core';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { inputField, outcomeOf, placeProblem } from './mutation-outcome.ts';

afterEach(() => setLocale('zh-CN'));

describe('mutation outcomes', () => {
  it('names the form field of a validation error', () => {
    expect(inputField('input.rationale')).toBe('rationale');
    expect(inputField('input.targetDistrictIds[2]')).toBe('targetDistrictIds');
    expect(inputField('input.attachments[0].title')).toBe('attachments');
    expect(inputField('input')).toBeNull();
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
    expect(invalid.field).toBe('rationale');
    expect(invalid.conflict).toBe(false);
    expect(invalid.message()).toBe('此项不能为空');
    setLocale('en');
    expect(invalid.message()).toBe('This must not be blank');

    const conflict = outcomeOf({}, { __typename: 'ConflictError', code: 'CONFLICT', messageZh: '已被修改', messageEn: 'Changed' }, 'Proposal');
    expect(conflict).toMatchObject({ ok: false, conflict: true, field: null });

    const failed = outcomeOf({ error: new CombinedError({ networkError: new Error('offline') }) }, undefined, 'Proposal');
    expect(failed).toMatchObject({ ok: false, field: null });
    if (!failed.ok) expect(failed.message()).toBe('Cannot reach the server. Please try again shortly.');
  });

  it('places a message next to its field when the form has it, else on the form', () => {
    const message = () => 'x';
    expect(placeProblem({ field: 'reason', message }, ['reason'] as const)).toEqual({ reason: message });
    expect(placeProblem({ field: 'powerItemId', message }, ['reason'] as const)).toEqual({ form: message });
    expect(placeProblem({ field: null, message }, ['reason'] as const)).toEqual({ form: message });
  });
});
