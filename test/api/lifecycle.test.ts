import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type GraphQLClient, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * The whole path of one delegation, over HTTP, as the people involved would walk it: the
 * department drafts and submits, the team classifies and reviews, the justice bureau checks
 * legality, two districts are consulted, the department confirms, the approver approves, and the
 * result is published and handed over.
 */
let server: TestServer;
const people: Record<string, SignedInClient> = {};
let campaignId: string;
let proposalId: string;
let version = 0;
let tianhe: { id: string; code: string };
let nansha: { id: string; code: string };

const outcome = 'stage status version';

async function mutation<T = Record<string, unknown>>(client: GraphQLClient, name: string, input: Record<string, unknown>, selection: string): Promise<T & { __typename: string; code?: string; messageEn?: string }> {
  const inputType = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  const response = await client.graphql<Record<string, T & { __typename: string }>>(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { __typename ... on Error { code messageEn } ${selection} } }`,
    { input },
  );
  expect(response.errors, name).toBeUndefined();
  return response.data![name]!;
}

async function move(client: GraphQLClient, transition: string, reason?: string) {
  const result = await mutation<{ stage: string; status: string; version: number }>(
    client,
    'transitionProposal',
    { proposalId, transition, expectedVersion: version, ...(reason ? { reason } : {}) },
    `... on Proposal { ${outcome} }`,
  );
  expect(result.__typename, `${transition}: ${result.messageEn ?? ''}`).toBe('Proposal');
  version = result.version;
  return result;
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  for (const name of ['gz-scjgj', 'coordinator', 'reviewer1', 'reviewer2', 'legal1', 'approver', 'district-440106', 'district-440115']) {
    people[name] = await server.signIn(name);
  }
  const ids = await server.graphql<{ campaign: { id: string }; units: { id: string; code: string }[] }>(
    '{ campaign(year: 2019) { id } units(kind: DISTRICT) { id code } }',
  );
  campaignId = ids.data!.campaign.id;
  tianhe = ids.data!.units.find((u) => u.code === '440106')!;
  nansha = ids.data!.units.find((u) => u.code === '440115')!;
});
afterAll(() => server?.close());

describe('a delegation from draft to approved', () => {
  it('is drafted and submitted by its department', async () => {
    const department = people['gz-scjgj']!;
    const unit = await department.graphql<{ me: { user: { unit: { id: string } } } }>('{ me { user { unit { id } } } }');
    // An item of the department's whose earlier proposal was withdrawn or rejected may be proposed again.
    const free = await people.coordinator!.graphql<{ proposals: { nodes: { powerItem: { id: string } | null }[] } }>(
      'query($f: ProposalFilter) { proposals(first: 20, filter: $f) { nodes { powerItem { id } } } }',
      { f: { campaignId, unitId: unit.data!.me.user.unit.id, statuses: ['WITHDRAWN', 'REJECTED'] } },
    );
    const itemId = free.data!.proposals.nodes.find((n) => n.powerItem)!.powerItem!.id;
    const draft = await mutation<{ id: string; version: number }>(
      department,
      'createProposal',
      {
        campaignId,
        powerItemId: itemId,
        action: 'DELEGATE',
        targetDistrictIds: [tianhe.id, nansha.id],
        rationale: '该事项直接面向基层、量大面广、风险可控，下放区实施更便于群众就近办理。',
        changeLegalBasis: '《广东省行政许可监督管理条例》第十条',
      },
      '... on Proposal { id version }',
    );
    expect(draft.__typename).toBe('Proposal');
    proposalId = draft.id;
    version = draft.version;
    expect(await move(department, 'SUBMIT')).toMatchObject({ stage: 'SUBMITTED' });
  });

  it('is classified and passes the initial review', async () => {
    expect(await move(people.coordinator!, 'START_REVIEW')).toMatchObject({ stage: 'INITIAL_REVIEW' });
    // Passing needs a final classification first.
    const early = await mutation(people.reviewer1!, 'transitionProposal', { proposalId, transition: 'PASS_INITIAL_REVIEW', expectedVersion: version }, '');
    expect(early.code).toBe('INVALID_TRANSITION');
    for (const reviewer of ['reviewer1', 'reviewer2']) {
      const vote = await mutation(people[reviewer]!, 'voteClassification', { proposalId, code: 'agree_delegate' }, '... on ClassificationVote { voteCode: code }');
      expect(vote.__typename).toBe('ClassificationVote');
    }
    const view = await people.reviewer1!.graphql<{ node: { classificationConsensus: string | null; classificationDisagreement: boolean; version: number } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { classificationConsensus classificationDisagreement version } } }',
      { id: proposalId },
    );
    expect(view.data!.node).toMatchObject({ classificationConsensus: 'agree_delegate', classificationDisagreement: false });
    version = view.data!.node.version;
    const final = await mutation<{ version: number }>(
      people.reviewer1!,
      'setFinalClassification',
      { proposalId, code: 'agree_delegate', expectedVersion: version },
      '... on Proposal { version classificationCode }',
    );
    expect(final.__typename).toBe('Proposal');
    version = final.version;
    expect(await move(people.reviewer1!, 'PASS_INITIAL_REVIEW')).toMatchObject({ stage: 'LEGALITY_REVIEW' });
  });

  it('gets its legality opinion from the justice bureau', async () => {
    const opinion = await mutation<{ version: number }>(
      people.legal1!,
      'recordLegalityOpinion',
      { proposalId, opinion: 'LAWFUL', expectedVersion: version },
      '... on Proposal { version }',
    );
    expect(opinion.__typename).toBe('Proposal');
    version = opinion.version;
    expect(await move(people.legal1!, 'COMPLETE_LEGALITY_REVIEW')).toMatchObject({ stage: 'RECHECK' });
    expect(await move(people.reviewer1!, 'PASS_RECHECK')).toMatchObject({ stage: 'CONSULTATION' });
  });

  it('is put to both target districts, who answer', async () => {
    const deadline = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const opened = await mutation<{ id: string; proposal: { version: number }; feedback: { id: string; version: number; district: { code: string } }[] }>(
      people.coordinator!,
      'openConsultation',
      { proposalId, deadline },
      '... on Consultation { id proposal { version } feedback { id version district { code } } }',
    );
    expect(opened.__typename).toBe('Consultation');
    // Opening a consultation changes the proposal: a client holding its older version is told so,
    // with the current version, even for a transition the proposal no longer allows.
    for (const transition of ['CLOSE_CONSULTATION', 'SUBMIT']) {
      const stale = await mutation(people.coordinator!, 'transitionProposal', { proposalId, transition, expectedVersion: version }, '... on ConflictError { currentVersion }');
      expect(stale).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', currentVersion: version + 1 });
    }
    expect(opened.proposal.version).toBe(version + 1);
    version = opened.proposal.version;
    expect(opened.feedback.map((f) => f.district.code).sort()).toEqual(['440106', '440115']);

    // Nobody has answered and the deadline is a week away: the consultation cannot close yet.
    const early = await mutation(people.coordinator!, 'transitionProposal', { proposalId, transition: 'CLOSE_CONSULTATION', expectedVersion: version }, '');
    expect(early.code).toBe('INVALID_TRANSITION');

    const own = (code: string) => opened.feedback.find((f) => f.district.code === code)!;
    const first = await mutation(
      people['district-440106']!,
      'answerConsultation',
      { feedbackId: own('440106').id, stance: 'AGREE', expectedVersion: own('440106').version },
      '... on DistrictFeedback { stance }',
    );
    expect(first.__typename).toBe('DistrictFeedback');
    const missing = await people.coordinator!.graphql<{ node: { consultations: { nodes: { missingDistricts: { code: string }[] }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { consultations { nodes { missingDistricts { code } } } } } }',
      { id: proposalId },
    );
    expect(missing.data!.node.consultations.nodes.at(-1)!.missingDistricts.map((d) => d.code)).toEqual(['440115']);
    const second = await mutation(
      people['district-440115']!,
      'answerConsultation',
      {
        feedbackId: own('440115').id,
        stance: 'AGREE_WITH_CONDITIONS',
        staffingNeeds: '需增加审批人员编制 2 名',
        systemsNeeds: '需对接省政务服务平台',
        capacityNotes: '完成人员培训后可于次年一季度承接。',
        expectedVersion: own('440115').version,
      },
      '... on DistrictFeedback { stance }',
    );
    expect(second.__typename).toBe('DistrictFeedback');

    // Each district sees only its own answer; the department sees both.
    const fromTianhe = await people['district-440106']!.graphql<{ node: { consultations: { nodes: { feedback: { district: { code: string } }[] }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { consultations { nodes { feedback { district { code } } } } } } }',
      { id: proposalId },
    );
    expect(fromTianhe.data!.node.consultations.nodes.at(-1)!.feedback.map((f) => f.district.code)).toEqual(['440106']);
    const fromDepartment = await people['gz-scjgj']!.graphql<{ node: { consultations: { nodes: { feedback: { stance: string }[]; missingDistricts: unknown[] }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { consultations { nodes { feedback { stance } missingDistricts { code } } } } } }',
      { id: proposalId },
    );
    const latest = fromDepartment.data!.node.consultations.nodes.at(-1)!;
    expect(latest.feedback.map((f) => f.stance).sort()).toEqual(['AGREE', 'AGREE_WITH_CONDITIONS']);
    expect(latest.missingDistricts).toEqual([]);

    const current = await people.coordinator!.graphql<{ node: { version: number } }>('query($id: ID!) { node(id: $id) { ... on Proposal { version } } }', { id: proposalId });
    version = current.data!.node.version;
    expect(await move(people.coordinator!, 'CLOSE_CONSULTATION')).toMatchObject({ stage: 'UNIT_CONFIRMATION' });
    // Moving on closed the consultation: a late answer is refused.
    const closed = await people.coordinator!.graphql<{ node: { consultations: { nodes: { status: string }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on Proposal { consultations { nodes { status } } } } }',
      { id: proposalId },
    );
    expect(closed.data!.node.consultations.nodes.at(-1)!.status).toBe('CLOSED');
    const late = await mutation(
      people['district-440106']!,
      'answerConsultation',
      { feedbackId: own('440106').id, stance: 'DISAGREE', comments: '改变主意', expectedVersion: own('440106').version + 1 },
      '',
    );
    expect(late.code).toBe('INVALID_TRANSITION');
  });

  it('is confirmed by its department and approved', async () => {
    // Only the approver may approve, and only after the department confirms.
    const tooSoon = await mutation(people.approver!, 'transitionProposal', { proposalId, transition: 'APPROVE', expectedVersion: version }, '');
    expect(tooSoon.code).toBe('INVALID_TRANSITION');
    expect(await move(people['gz-scjgj']!, 'CONFIRM')).toMatchObject({ stage: 'APPROVAL' });
    const byCoordinator = await mutation(people.coordinator!, 'transitionProposal', { proposalId, transition: 'APPROVE', expectedVersion: version }, '');
    expect(byCoordinator.code).toBe('FORBIDDEN');
    expect(await move(people.approver!, 'APPROVE')).toMatchObject({ stage: 'DECIDED', status: 'APPROVED' });
  });

  it('changed the power list, opened handovers and left a complete record', async () => {
    const result = await people.coordinator!.graphql<{
      node: {
        availableTransitions: string[];
        powerItem: { status: string; version: number; history: { nodes: { kind: string }[] } };
        reviewRecords: { nodes: { verdict: string; stage: string }[] };
        activity: { nodes: { action: string; after: { transition?: string } | null }[] };
      };
      handovers: { nodes: { district: { code: string }; status: string }[] };
    }>(
      `query($id: ID!) {
        node(id: $id) { ... on Proposal {
          availableTransitions
          powerItem { status version history { nodes { kind } } }
          reviewRecords { nodes { verdict stage } }
          activity(first: 100) { nodes { action after } }
        } }
        handovers(first: 20, filter: { status: PREPARING }) { nodes { district { code } status proposal { id } } }
      }`,
      { id: proposalId },
    );
    expect(result.errors).toBeUndefined();
    const p = result.data!.node;
    expect(p.availableTransitions).toEqual([]);
    expect(p.powerItem.status).toBe('DELEGATED');
    expect(p.powerItem.history.nodes[0]!.kind).toBe('delegated');
    expect(p.reviewRecords.nodes.map((r) => `${r.stage}:${r.verdict}`)).toEqual([
      'initial_review:APPROVE',
      'legality_review:LAWFUL',
      'recheck:APPROVE',
      'unit_confirmation:CONFIRMED',
      'approval:APPROVE',
    ]);
    const transitions = p.activity.nodes
      .filter((a) => a.action === 'proposal.transitioned')
      .map((a) => a.after?.transition)
      .reverse();
    expect(transitions).toEqual([
      'submit',
      'start_review',
      'pass_initial_review',
      'complete_legality_review',
      'pass_recheck',
      'close_consultation',
      'confirm',
      'approve',
    ]);
    const handedOver = (result.data as unknown as { handovers: { nodes: { district: { code: string }; proposal: { id: string } }[] } }).handovers.nodes
      .filter((h) => h.proposal.id === proposalId)
      .map((h) => h.district.code)
      .sort();
    expect(handedOver).toEqual(['440106', '440115']);
  });

  it('becomes public once the campaign is published', async () => {
    const query = 'query($f: ProposalFilter) { proposals(first: 100, filter: $f) { totalCount nodes { id } } }';
    const before = await server.graphql<{ proposals: { totalCount: number } }>(query, { f: { campaignId } });
    expect(before.data!.proposals.totalCount).toBe(0);
    const campaign = await people.coordinator!.graphql<{ campaign: { version: number } }>('{ campaign(year: 2019) { version } }');
    const published = await mutation(
      people.coordinator!,
      'updateCampaign',
      { campaignId, expectedVersion: campaign.data!.campaign.version, status: 'PUBLISHED' },
      '... on Campaign { status }',
    );
    expect(published).toMatchObject({ __typename: 'Campaign', status: 'PUBLISHED' });
    const after = await server.graphql<{ proposals: { totalCount: number; nodes: { id: string }[] } }>(query, {
      f: { campaignId, statuses: ['APPROVED'] },
    });
    expect(after.data!.proposals.totalCount).toBeGreaterThan(35);
    const all = await server.graphql<{ proposals: { totalCount: number } }>(query, { f: { campaignId } });
    // Only approved proposals are public: nothing in review leaks.
    expect(all.data!.proposals.totalCount).toBe(after.data!.proposals.totalCount);
  });
});
