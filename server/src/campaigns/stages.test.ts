import { describe, expect, it } from 'vitest';
import { dayInChina } from '../dates.ts';
import { scheduleFault, standingsOf } from './stages.ts';

const none = () => 0;

describe('where each stage stands against its deadline', () => {
  it("counts the city's day in China Standard Time", () => {
    expect(dayInChina(new Date('2019-12-27T15:59:59Z'))).toBe('2019-12-27');
    expect(dayInChina(new Date('2019-12-27T16:00:00Z'))).toBe('2019-12-28');
  });

  it('keeps a deadline day open, and is late the day after: overdue with work left, closed without', () => {
    const windows = { submissionOpensOn: '2019-07-15', submissionDeadline: '2019-09-30', reviewDeadline: '2019-12-27', approvalDeadline: '2019-12-31' };
    const byStage = Object.fromEntries(standingsOf(windows, '2019-12-27', (stage) => (stage === 'review' ? 3 : 0)).map((s) => [s.stage, s]));
    expect(byStage.submission).toMatchObject({ state: 'closed', daysLeft: -88 });
    expect(byStage.review).toMatchObject({ state: 'open', daysLeft: 0, opensOn: '2019-10-01', pending: 3 });
    expect(byStage.legality).toMatchObject({ state: 'unscheduled', opensOn: null, deadline: null, daysLeft: null });
    // Without an opening day of its own, approval opens the day after the last deadline before it.
    expect(byStage.approval).toMatchObject({ state: 'upcoming', opensOn: '2019-12-28', daysLeft: 4 });
    const late = standingsOf(windows, '2019-12-28', (stage) => (stage === 'review' ? 3 : 0));
    expect(late.find((s) => s.stage === 'review')).toMatchObject({ state: 'overdue', daysLeft: -1 });
  });

  it('is upcoming before its opening day, open from it', () => {
    const windows = { submissionOpensOn: '2020-03-01', submissionDeadline: '2020-04-30' };
    expect(standingsOf(windows, '2020-02-29', none)[0]).toMatchObject({ state: 'upcoming', daysLeft: 61 });
    expect(standingsOf(windows, '2020-03-01', none)[0]).toMatchObject({ state: 'open' });
  });
});

describe('a schedule in order', () => {
  it('refuses a stage closing before it opens, or opening before the one before it', () => {
    expect(scheduleFault({ submissionOpensOn: '2020-03-01', submissionDeadline: '2020-04-30', reviewOpensOn: '2020-05-01' })).toBeNull();
    expect(scheduleFault({ submissionOpensOn: '2020-03-01', submissionDeadline: '2020-02-01' })?.field).toBe('submissionDeadline');
    expect(scheduleFault({ submissionOpensOn: '2020-03-01', legalityOpensOn: '2020-02-01' })?.field).toBe('legalityOpensOn');
  });
});
