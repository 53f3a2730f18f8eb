import { describe, expect, it } from 'vitest';
import { bulkAbilities, hasBulkActions, inChunks, noBulkActions, runEach, summarize } from './bulk.ts';

describe('bulk actions', () => {
  it("lists the server's offers in the menu's order, and offers nothing without any", () => {
    const offered = bulkAbilities({ assign: false, classify: true, transitions: ['REJECT', 'APPROVE', 'START_REVIEW', 'PASS_RECHECK', 'RETURN'] });
    expect(offered).toEqual({ assign: false, classify: true, transitions: ['START_REVIEW', 'PASS_RECHECK', 'APPROVE', 'RETURN', 'REJECT'] });
    expect(hasBulkActions(offered)).toBe(true);
    expect(hasBulkActions(noBulkActions)).toBe(false);
    expect(hasBulkActions({ ...noBulkActions, assign: true })).toBe(true);
  });

  it('splits a large selection into the API\'s batches of 500', () => {
    const items = Array.from({ length: 1203 }, (_, i) => i);
    expect(inChunks(items).map((chunk) => chunk.length)).toEqual([500, 500, 203]);
    expect(inChunks(items).flat()).toEqual(items);
    expect(inChunks([])).toEqual([]);
  });

  it('lists failures first in the summary, each group in the order given', () => {
    const outcomes = [
      { proposalId: 'a', label: 'A', error: null },
      { proposalId: 'b', label: 'B', error: '版本冲突' },
      { proposalId: 'c', label: 'C', error: null },
      { proposalId: 'd', label: 'D', error: '不能执行此操作' },
    ];
    const summary = summarize(outcomes);
    expect(summary.succeeded).toBe(2);
    expect(summary.failed).toBe(2);
    expect(summary.ordered.map((o) => o.proposalId)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('runs per-item calls a few at a time and keeps the results in order', async () => {
    let running = 0;
    let most = 0;
    const results = await runEach(
      [30, 5, 20, 1, 10, 2],
      async (ms) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, ms));
        running -= 1;
        return ms * 2;
      },
      3,
    );
    expect(results).toEqual([60, 10, 40, 2, 20, 4]);
    expect(most).toBe(3);
  });
});
