import { describe, expect, it } from 'vitest';
import { fillTemplate, templateFault } from './template.ts';

describe('the progress entry template', () => {
  it('accepts texts whose braces each name a figure, and plain texts', () => {
    expect(templateFault('{unitsSubmitting}个市直部门报送{proposalsSubmitted}项精简意见。')).toBeNull();
    expect(templateFault('穗府办函〔2019〕106号（已印发）')).toBeNull();
  });

  it('refuses an unknown name, a lone brace and an empty placeholder', () => {
    expect(templateFault('{proposalCount}')?.en).toContain('{proposalCount}');
    expect(templateFault('共{proposalsSubmitted项')).not.toBeNull();
    expect(templateFault('共}项')).not.toBeNull();
    expect(templateFault('{}')).not.toBeNull();
    expect(templateFault('{constructor}')).not.toBeNull();
  });

  it('fills each placeholder with its figure, leaving any it was not given', () => {
    expect(fillTemplate('{unitsSubmitting}个单位报送{proposalsSubmitted}项', { unitsSubmitting: 44, proposalsSubmitted: 7580 })).toBe('44个单位报送7580项');
    expect(fillTemplate('报送{proposalsSubmitted}项', {})).toBe('报送{proposalsSubmitted}项');
  });
});
