import { describe, expect, it } from 'vitest';
import { proposalPath, proposalRef, queueContextOf, queueContextSearch } from './proposal-address.ts';

describe('proposal addresses', () => {
  it('reads /2019/<code>, /proposals/<code> and /proposals/<global id>', () => {
    expect(proposalRef({ year: '2019', code: '440101070002' })).toEqual({ code: '440101070002', year: 2019 });
    expect(proposalRef({ ref: '440101070002' })).toEqual({ code: '440101070002', year: null });
    expect(proposalRef({ ref: 'UHJvcG9zYWw6MQ%3D%3D' })).toEqual({ id: 'UHJvcG9zYWw6MQ==' });
    expect(proposalRef({ ref: '%E4' })).toEqual({ id: '%E4' });
    expect(proposalRef({ ref: '' })).toBeNull();
    expect(proposalRef({ year: '2019', code: 'abc' })).toBeNull();
  });

  it('writes the canonical path: year and code, or the id of an item to add', () => {
    expect(proposalPath({ id: 'UHJvcG9zYWw6MQ==', campaign: { year: 2019 }, powerItem: { basicCode: '440101070002' } })).toBe('/2019/440101070002');
    expect(proposalPath({ id: 'UHJvcG9zYWw6MQ==', campaign: { year: 2019 }, powerItem: null })).toBe('/proposals/UHJvcG9zYWw6MQ%3D%3D');
  });

  it('carries the queue and the row there and back', () => {
    const search = queueContextSearch({ queue: 'stage=initial_review&q=食品', at: 'REM6MTI=' });
    const params = Object.fromEntries(new URLSearchParams(search));
    expect(queueContextOf(params)).toEqual({ queue: 'stage=initial_review&q=食品', at: 'REM6MTI=' });
    expect(queueContextSearch({ queue: '', at: null })).toBe('?queue=');
    expect(queueContextOf({})).toBeNull();
    expect(queueContextSearch(null)).toBe('');
  });
});
