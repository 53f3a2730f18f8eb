import { describe, expect, it } from 'vitest';
import type { EnumValue } from '../graphql.ts';
import { currentCampaign, groupFilter, groupOf, parseGroup, proposalGroups } from './groups.ts';

type Stage = EnumValue<'ProposalStage'>;
type Status = EnumValue<'ProposalStatus'>;

const stages: Stage[] = [
  'DRAFT',
  'SUBMITTED',
  'INITIAL_REVIEW',
  'LEGALITY_REVIEW',
  'RECHECK',
  'CONSULTATION',
  'UNIT_CONFIRMATION',
  'APPROVAL',
  'DECIDED',
];
const statuses: Status[] = ['ACTIVE', 'RETURNED', 'WITHDRAWN', 'APPROVED', 'REJECTED'];

/** Whether a proposal matches a filter the way the server reads it (lists combine with OR, fields with AND). */
function matches(filter: ReturnType<typeof groupFilter>, p: { stage: Stage; status: Status }): boolean {
  return (!filter.stages || filter.stages.includes(p.stage)) && (!filter.statuses || filter.statuses.includes(p.status));
}

describe('proposal groups of a department', () => {
  it('asks for the unit’s proposals of the campaign, by what needs doing', () => {
    expect(groupFilter('drafts', 'C1', 'U1')).toEqual({ campaignId: 'C1', unitId: 'U1', stages: ['DRAFT'], statuses: ['ACTIVE'] });
    expect(groupFilter('returned', 'C1', 'U1')).toEqual({ campaignId: 'C1', unitId: 'U1', statuses: ['RETURNED'] });
    expect(groupFilter('confirm', 'C1', 'U1')).toEqual({
      campaignId: 'C1',
      unitId: 'U1',
      stages: ['UNIT_CONFIRMATION'],
      statuses: ['ACTIVE'],
    });
    expect(groupFilter('inReview', 'C1', 'U1').stages).not.toContain('DRAFT');
    expect(groupFilter('inReview', 'C1', 'U1').stages).not.toContain('UNIT_CONFIRMATION');
  });

  it('puts every proposal the lifecycle can produce in exactly one group: the one groupOf names', () => {
    // Decided proposals are approved or rejected; the other stages are active, returned or withdrawn.
    const possible = stages.flatMap((stage) =>
      statuses
        .filter((status) => (stage === 'DECIDED' ? status === 'APPROVED' || status === 'REJECTED' : ['ACTIVE', 'RETURNED', 'WITHDRAWN'].includes(status)))
        .map((status) => ({ stage, status })),
    );
    for (const p of possible) {
      const groups = proposalGroups.filter((group) => matches(groupFilter(group, 'C', 'U'), p));
      expect(groups, `${p.stage} ${p.status}`).toEqual([groupOf(p)]);
    }
    expect(groupOf({ stage: 'INITIAL_REVIEW', status: 'RETURNED' })).toBe('returned');
    expect(groupOf({ stage: 'UNIT_CONFIRMATION', status: 'ACTIVE' })).toBe('confirm');
    expect(groupOf({ stage: 'SUBMITTED', status: 'ACTIVE' })).toBe('inReview');
  });

  it('reads the group from the address, falling back to drafts', () => {
    expect(parseGroup('confirm')).toBe('confirm');
    expect(parseGroup('nonsense')).toBe('drafts');
    expect(parseGroup(undefined)).toBe('drafts');
  });
});

describe('the campaign a department works in', () => {
  it('is the newest the server lets it propose in, else the newest with proposals, else the newest', () => {
    const planning2020 = { id: '2020', viewerCan: { propose: false }, proposalCount: 0 };
    const review2019 = { id: '2019', viewerCan: { propose: true }, proposalCount: 7580 };
    const closed2018 = { id: '2018', viewerCan: { propose: false }, proposalCount: 6000 };
    expect(currentCampaign([planning2020, review2019, closed2018])?.id).toBe('2019');
    expect(currentCampaign([planning2020, closed2018])?.id).toBe('2018');
    expect(currentCampaign([planning2020])?.id).toBe('2020');
    expect(currentCampaign([])).toBeUndefined();
  });
});
