import { describe, expect, it } from 'vitest';
import { arrivalsFromOthers, authorsOf } from './arrivals.ts';

const comment = (id: string, authorId: string, displayName: string) => ({ id, author: { id: authorId, displayName } });

describe('comments that arrived live', () => {
  it('are the new ones written by others', () => {
    const known = new Set(['c1', 'c2']);
    const now = [comment('c1', 'u2', '李晓燕'), comment('c2', 'me', '我'), comment('c3', 'u2', '李晓燕'), comment('c4', 'me', '我'), comment('c5', 'u3', '陈志伟'), comment('c6', 'u2', '李晓燕')];
    const arrived = arrivalsFromOthers(known, now, 'me');
    expect(arrived.map((c) => c.id)).toEqual(['c3', 'c5', 'c6']);
    expect(authorsOf(arrived)).toEqual(['李晓燕', '陈志伟']);
  });

  it('are none when nothing is new', () => {
    expect(arrivalsFromOthers(new Set(['c1']), [comment('c1', 'u2', '李晓燕')], 'me')).toEqual([]);
  });
});
