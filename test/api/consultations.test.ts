import { activity, consultations, districtFeedback, proposals, units } from '@devolve/db';
import { and, asc, eq, gt, inArray, max, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultationComplete } from '../../server/src/consultations/rules.ts';
import { loadProposalFacts } from '../../server/src/proposals/facts.ts';
import { domainNow, inDays } from '../support/dates.ts';
import { databaseId, globalIdOf } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** 征求意见: the coordinator asks two districts about one delegation; each answers for itself only. */
let server: TestServer;
let coordinator: SignedInClient;
let campaignId: string;

interface District {
  id: string;
  code: string;
}
interface Feedback {
  id: string;
  stance: string | null;
  comments: string | null;
  capacityNotes: string | null;
  staffingNeeds: string | null;
  version: number;
  district: District;
  respondedBy: { id: string } | null;
}
interface ConsultationView {
  id: string;
  status: string;
  deadlinePassed: boolean;
  consultedCount: number;
  answeredCount: number;
  missingDistricts: District[];
  feedback: Feedback[];
}
interface MutationResult {
  __typename: string;
  code?: string;
  messageZh?: string;
  field?: string;
  currentVersion?: number;
}

const consultationFields = /* GraphQL */ `
  id status deadlinePassed consultedCount answeredCount
  missingDistricts { id code }
  feedback { id stance comments capacityNotes staffingNeeds version district { id code } respondedBy { id } }
`;
const proposalConsultations = /* GraphQL */ `
  query($id: ID!) { node(id: $id) { ... on Proposal { consultations { nodes { ${consultationFields} } } } } }
`;
const openMutation = /* GraphQL */ `
  mutation($input: OpenConsultationInput!) {
    openConsultation(input: $input) {
      __typename
      ... on Consultation { ${consultationFields} }
      ... on Error { code messageZh }
      ... on ValidationError { field }
    }
  }
`;
const answerMutation = /* GraphQL */ `
  mutation($input: AnswerConsultationInput!) {
    answerConsultation(input: $input) {
      __typename
      ... on DistrictFeedback { id stance version respondedBy { id } }
      ... on Error { code messageZh }
      ... on ValidationError { field }
      ... on ConflictError { currentVersion }
    }
  }
`;

async function consultationsOf(client: SignedInClient, proposalId: string) {
  const response = await client.graphql<{ node: { consultations: { nodes: ConsultationView[] } } }>(proposalConsultations, { id: proposalId });
  expect(response.errors).toBeUndefined();
  // The session, the proposal with its consultations and answers, and missingDistricts (a second
  // selection of the answers): the same three statements however many consultations there are.
  expect(response.extensions!.queryStats!.statements).toBe(3);
  return response.data!.node.consultations.nodes;
}

async function open(client: SignedInClient, input: Record<string, unknown>) {
  const response = await client.graphql<{ openConsultation: MutationResult & ConsultationView }>(openMutation, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.openConsultation;
}

async function answer(client: SignedInClient, input: Record<string, unknown>) {
  const response = await client.graphql<{ answerConsultation: MutationResult & Feedback }>(answerMutation, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.answerConsultation;
}


/** The delegation under consultation, its two consulted districts, and the people involved. */
let proposalId: string;
let departmentUsername: string;
let targets: District[];
let first: District;
let second: District;
let firstLiaison: SignedInClient;
let secondLiaison: SignedInClient;
/** The consultation this test opens (the seed's own round is closed first). */
let opened: ConsultationView;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  campaignId = (await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }')).data!.campaign.id;
  const candidates = await coordinator.graphql<{
    proposals: { nodes: { id: string; submittingUnit: { code: string }; targetDistricts: District[] }[] };
  }>(
    `query($f: ProposalFilter) { proposals(first: 100, filter: $f) { nodes { id submittingUnit { code } targetDistricts { id code } } } }`,
    { f: { campaignId, stages: ['CONSULTATION'], statuses: ['ACTIVE'], actions: ['DELEGATE'] } },
  );
  // Three or more target districts, but not all eleven: two are consulted, one is a target left out.
  const proposal = candidates.data!.proposals.nodes.find((p) => p.targetDistricts.length >= 3 && p.targetDistricts.length < 11)!;
  expect(proposal).toBeDefined();
  proposalId = proposal.id;
  departmentUsername = proposal.submittingUnit.code.toLowerCase();
  targets = proposal.targetDistricts;
  [first, second] = targets as [District, District];
  firstLiaison = await server.signIn(`district-${first.code}`);
  secondLiaison = await server.signIn(`district-${second.code}`);
});
afterAll(() => server?.close());

describe('opening a consultation', () => {
  it('refuses a second open consultation for the same proposal', async () => {
    const [seeded] = await consultationsOf(coordinator, proposalId);
    expect(seeded!.status).toBe('OPEN');
    const result = await open(coordinator, { proposalId, deadline: inDays(7) });
    expect(result.__typename).toBe('InvalidTransitionError');
    expect(result.code).toBe('INVALID_TRANSITION');
  });

  it('is for the coordinator only, for delegations and entrustments at the consultation stage', async () => {
    const reviewer = await server.signIn('reviewer1');
    expect((await open(reviewer, { proposalId, deadline: inDays(7) })).code).toBe('FORBIDDEN');
    expect((await open(firstLiaison, { proposalId, deadline: inDays(7) })).code).toBe('FORBIDDEN');

    const cancellations = await coordinator.graphql<{ proposals: { nodes: { id: string }[] } }>(
      `query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { id } } }`,
      { f: { campaignId, actions: ['CANCEL'] } },
    );
    const cancellation = cancellations.data!.proposals.nodes[0]!.id;
    expect((await open(coordinator, { proposalId: cancellation, deadline: inDays(7) })).code).toBe('INVALID_TRANSITION');

    const early = await coordinator.graphql<{ proposals: { nodes: { id: string }[] } }>(
      `query($f: ProposalFilter) { proposals(first: 1, filter: $f) { nodes { id } } }`,
      { f: { campaignId, stages: ['RECHECK'], actions: ['DELEGATE'] } },
    );
    expect((await open(coordinator, { proposalId: early.data!.proposals.nodes[0]!.id, deadline: inDays(7) })).code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('opens a round to two of the target districts and shows nobody has answered', async () => {
    // The lifecycle closes a round; here the seed's round is closed directly so a new one may open.
    const db = server.database.opened.db;
    await db.update(consultations).set({ status: 'closed' }).where(eq(consultations.proposalId, databaseId(proposalId)));

    // A day before the domain clock's now (the demo's story time), which deadlines are checked against.
    const past = await open(coordinator, { proposalId, deadline: new Date((await domainNow(coordinator)) - 86_400_000).toISOString() });
    expect(past.__typename).toBe('ValidationError');
    expect(past.field).toBe('input.deadline');
    const units = await server.graphql<{ units: District[] }>('{ units(kind: DISTRICT) { id code } }');
    const notTarget = units.data!.units.find((u) => !targets.some((t) => t.code === u.code))!;
    const wrongDistrict = await open(coordinator, { proposalId, deadline: inDays(7), districtIds: [first.id, notTarget.id] });
    expect(wrongDistrict.field).toBe('input.districtIds');
    expect((await open(coordinator, { proposalId, deadline: inDays(7), districtIds: [] })).field).toBe('input.districtIds');

    const result = await open(coordinator, { proposalId, deadline: inDays(7), districtIds: [first.id, second.id] });
    expect(result.__typename).toBe('Consultation');
    expect(result.status).toBe('OPEN');
    expect(result.deadlinePassed).toBe(false);
    // Two of the proposal's three or more target districts.
    expect(result.consultedCount).toBe(2);
    expect(result.answeredCount).toBe(0);
    expect(result.missingDistricts.map((d) => d.code).sort()).toEqual([first.code, second.code].sort());
    expect(result.feedback.map((f) => f.stance)).toEqual([null, null]);
    opened = result;

    const [latest] = await consultationsOf(coordinator, proposalId);
    expect(latest!.id).toBe(opened.id);
    const entries = await db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'consultation.opened'), eq(activity.entityId, databaseId(opened.id))));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.proposalId).toBe(databaseId(proposalId));
  });
});

describe('answering', () => {
  const feedbackOf = (district: District) => opened.feedback.find((f) => f.district.code === district.code)!;

  it('lets each liaison find their own open consultation in the district portal', async () => {
    const portal = await firstLiaison.graphql<{
      districtConsultations: { totalCount: number; nodes: { id: string; district: District; consultation: { id: string; status: string } }[] };
    }>(`{ districtConsultations(first: 50, filter: { open: true }) { totalCount nodes { id district { id code } consultation { id status } } } }`);
    expect(portal.errors).toBeUndefined();
    const rows = portal.data!.districtConsultations.nodes;
    expect(rows[0]!.id).toBe(feedbackOf(first).id);
    for (const row of rows) {
      expect(row.district.code).toBe(first.code);
      expect(row.consultation.status).toBe('OPEN');
    }
    const refused = await coordinator.graphql('{ districtConsultations(first: 5) { totalCount } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Answered and waiting split the district's rows between them, and waiting ones have no stance.
    const split = await firstLiaison.graphql<{
      all: { totalCount: number };
      answered: { totalCount: number; nodes: { stance: string | null }[] };
      waiting: { totalCount: number; nodes: { id: string; stance: string | null }[] };
    }>(`{
      all: districtConsultations(first: 1) { totalCount }
      answered: districtConsultations(first: 100, filter: { answered: true }) { totalCount nodes { stance } }
      waiting: districtConsultations(first: 100, filter: { answered: false }) { totalCount nodes { id stance } }
    }`);
    expect(split.errors).toBeUndefined();
    const { all, answered, waiting } = split.data!;
    expect(answered.totalCount + waiting.totalCount).toBe(all.totalCount);
    expect(waiting.nodes.map((row) => row.id)).toContain(feedbackOf(first).id);
    for (const row of waiting.nodes) expect(row.stance).toBeNull();
    for (const row of answered.nodes) expect(row.stance).not.toBeNull();
  });

  it('takes the first district’s answer and shows the second as missing', async () => {
    const result = await answer(firstLiaison, {
      feedbackId: feedbackOf(first).id,
      stance: 'AGREE',
      staffingNeeds: '  需增加审批人员2名  ',
      comments: '同意下放，本区已做好承接准备。',
      expectedVersion: feedbackOf(first).version,
    });
    expect(result.__typename).toBe('DistrictFeedback');
    expect(result.stance).toBe('AGREE');
    expect(result.version).toBe(feedbackOf(first).version + 1);

    const [view] = await consultationsOf(coordinator, proposalId);
    expect(view!.answeredCount).toBe(1);
    expect(view!.missingDistricts.map((d) => d.code)).toEqual([second.code]);
    const answered = view!.feedback.find((f) => f.district.code === first.code)!;
    expect(answered.stance).toBe('AGREE');
    expect(answered.staffingNeeds).toBe('需增加审批人员2名');
    expect(answered.respondedBy).not.toBeNull();

    const entries = await server.database.opened.db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'consultation.answered'), eq(activity.entityId, databaseId(feedbackOf(first).id))));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.districtId).toBe(databaseId(first.id));

    // What the lifecycle reads before moving the proposal on: not complete yet.
    const state = (await loadProposalFacts(server.database.opened.db, [databaseId(proposalId)])).get(databaseId(proposalId))!.consultation;
    expect(state).toEqual({ consulted: 2, answered: 1, deadlinePassed: false });
    expect(consultationComplete(state!)).toBe(false);
  });

  it('wants a reason for disagreeing, and refuses a stale version', async () => {
    const bare = await answer(secondLiaison, { feedbackId: feedbackOf(second).id, stance: 'DISAGREE', expectedVersion: feedbackOf(second).version });
    expect(bare.__typename).toBe('ValidationError');
    expect(bare.field).toBe('input.comments');
    const stale = await answer(secondLiaison, {
      feedbackId: feedbackOf(second).id,
      stance: 'AGREE',
      expectedVersion: feedbackOf(second).version + 5,
    });
    expect(stale.__typename).toBe('ConflictError');
    expect(stale.currentVersion).toBe(feedbackOf(second).version);
  });

  it('takes the second district’s answer and then nobody is missing', async () => {
    const result = await answer(secondLiaison, {
      feedbackId: feedbackOf(second).id,
      stance: 'DISAGREE',
      staffingNeeds: '需增加编制2名',
      capacityNotes: '本区目前无专业技术人员，暂不具备承接条件。',
      expectedVersion: feedbackOf(second).version,
    });
    expect(result.__typename).toBe('DistrictFeedback');
    const [view] = await consultationsOf(coordinator, proposalId);
    expect(view!.answeredCount).toBe(2);
    expect(view!.consultedCount).toBe(2);
    expect(view!.missingDistricts).toEqual([]);
    const state = (await loadProposalFacts(server.database.opened.db, [databaseId(proposalId)])).get(databaseId(proposalId))!.consultation;
    expect(state).toEqual({ consulted: 2, answered: 2, deadlinePassed: false });
    expect(consultationComplete(state!)).toBe(true);
    expect(Object.fromEntries(view!.feedback.map((f) => [f.district.code, f.stance]))).toEqual({
      [first.code]: 'AGREE',
      [second.code]: 'DISAGREE',
    });
  });

  it('refuses answers to a closed consultation', async () => {
    const seeded = (await consultationsOf(coordinator, proposalId)).find((c) => c.status === 'CLOSED')!;
    const own = seeded.feedback.find((f) => f.district.code === first.code)!;
    const result = await answer(firstLiaison, { feedbackId: own.id, stance: 'AGREE', expectedVersion: own.version });
    expect(result.code).toBe('INVALID_TRANSITION');
  });
});

describe('what each side sees', () => {
  it('never shows a liaison another district’s feedback: not in lists, not by id, not to answer', async () => {
    const views = await consultationsOf(firstLiaison, proposalId);
    const view = views.find((c) => c.id === opened.id)!;
    expect(view.feedback.map((f) => f.district.code)).toEqual([first.code]);
    expect(view.consultedCount).toBe(1);
    expect(view.missingDistricts).toEqual([]);
    for (const consultation of views) for (const f of consultation.feedback) expect(f.district.code).toBe(first.code);

    const othersId = opened.feedback.find((f) => f.district.code === second.code)!.id;
    const byId = await firstLiaison.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id ... on DistrictFeedback { stance comments } } }', {
      id: othersId,
    });
    expect(byId.data?.node ?? null).toBeNull();
    expect(byId.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const portal = await firstLiaison.graphql<{ districtConsultations: { nodes: { id: string }[] } }>(
      '{ districtConsultations(first: 100) { nodes { id } } }',
    );
    expect(portal.data!.districtConsultations.nodes.map((n) => n.id)).not.toContain(othersId);

    const db = server.database.opened.db;
    const [before] = await db.select().from(districtFeedback).where(eq(districtFeedback.id, databaseId(othersId)));
    const refused = await answer(firstLiaison, { feedbackId: othersId, stance: 'AGREE', comments: '越权答复', expectedVersion: before!.version });
    // As for an id that names no answer: the refusal does not confirm another district's answer exists.
    expect(refused.__typename).toBe('NotFoundError');
    const [after] = await db.select().from(districtFeedback).where(eq(districtFeedback.id, databaseId(othersId)));
    expect(after).toEqual(before);
    const entries = await db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'consultation.answered'), eq(activity.entityId, databaseId(othersId))));
    expect(entries).toHaveLength(1);
  });

  it('shows the proposal’s own department every district’s answer, and other departments nothing', async () => {
    const department = await server.signIn(departmentUsername);
    const view = (await consultationsOf(department, proposalId)).find((c) => c.id === opened.id)!;
    expect(view.feedback).toHaveLength(2);
    expect(view.answeredCount).toBe(2);

    const other = await server.signIn(departmentUsername === 'gz-zjj' ? 'gz-jtj' : 'gz-zjj');
    for (const id of [opened.id, opened.feedback[0]!.id]) {
      const refused = await other.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id });
      expect(refused.data?.node ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await server.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: opened.id });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('an answer racing the close', () => {
  it('never commits after the consultation closed: it lands before the close or is refused', async () => {
    const db = server.database.opened.db;
    const liaison = await server.signIn('district-440106');
    // Open consultations that ask Tianhe. The demo's open ones run past its "now" (the story
    // clock), so these eight get a deadline before it: then the coordinator may close them.
    const races = await db
      .select({
        consultationId: consultations.id,
        proposalId: proposals.id,
        proposalVersion: proposals.version,
        feedbackId: districtFeedback.id,
        feedbackVersion: districtFeedback.version,
      })
      .from(consultations)
      .innerJoin(proposals, eq(proposals.id, consultations.proposalId))
      .innerJoin(districtFeedback, eq(districtFeedback.consultationId, consultations.id))
      .innerJoin(units, eq(units.id, districtFeedback.districtId))
      .where(
        and(
          eq(consultations.status, 'open'),
          eq(proposals.stage, 'consultation'),
          eq(proposals.status, 'active'),
          eq(units.code, '440106'),
        ),
      )
      .orderBy(asc(consultations.id))
      .limit(8);
    expect(races).toHaveLength(8);
    await db
      .update(consultations)
      .set({ deadline: '2019-12-20T02:00:00.000Z' })
      .where(inArray(consultations.id, races.map((race) => race.consultationId)));
    for (const race of races) {
      const [{ last }] = (await db.select({ last: max(activity.id) }).from(activity)) as [{ last: number | null }];
      const [closed, answered] = await Promise.all([
        coordinator.graphql<{ transitionProposal: MutationResult }>(
          'mutation($input: TransitionProposalInput!) { transitionProposal(input: $input) { __typename ... on Error { code } } }',
          { input: { proposalId: globalIdOf('Proposal', race.proposalId), transition: 'CLOSE_CONSULTATION', expectedVersion: race.proposalVersion } },
        ),
        liaison.graphql<{ answerConsultation: MutationResult }>(
          'mutation($input: AnswerConsultationInput!) { answerConsultation(input: $input) { __typename ... on Error { code } } }',
          { input: { feedbackId: globalIdOf('DistrictFeedback', race.feedbackId), stance: 'AGREE', expectedVersion: race.feedbackVersion } },
        ),
      ]);
      expect(closed.data!.transitionProposal.__typename).toBe('Proposal');
      const answer = answered.data!.answerConsultation;
      const log = await db
        .select({ id: activity.id, action: activity.action })
        .from(activity)
        .where(
          and(
            gt(activity.id, last ?? 0),
            or(
              and(eq(activity.action, 'consultation.closed'), eq(activity.entityId, race.consultationId)),
              and(eq(activity.action, 'consultation.answered'), eq(activity.entityId, race.feedbackId)),
            ),
          ),
        )
        .orderBy(asc(activity.id));
      if (answer.__typename === 'DistrictFeedback') {
        // Activity ids are handed out in commit order: the answer committed first.
        expect(log.map((entry) => entry.action)).toEqual(['consultation.answered', 'consultation.closed']);
      } else {
        expect(answer).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION' });
        expect(log.map((entry) => entry.action)).toEqual(['consultation.closed']);
      }
    }
  });
});

describe('the lead office’s console: consultations in bulk, other departments asked', () => {
  interface BoardNode {
    id: string;
    version: number;
    submittingUnit: { id: string; code: string };
    consultations: { nodes: (Omit<ConsultationView, 'feedback'> & { feedback: (Feedback & { unit: { id: string; kind: string } })[] })[] };
  }
  const boardQuery = /* GraphQL */ `
    query($campaignId: ID!, $filter: ConsultationBoardFilter, $first: Int, $after: String) {
      consultationBoard(campaignId: $campaignId, filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo { endCursor hasNextPage }
        nodes { id version submittingUnit { id code } consultations(first: 1) { nodes { ${consultationFields} feedback { id version unit { id kind } } } } }
      }
    }
  `;
  interface BoardPage {
    totalCount: number;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    nodes: BoardNode[];
  }
  async function boardPage(filter: Record<string, unknown>, first = 20, after: string | null = null) {
    const response = await coordinator.graphql<{ consultationBoard: BoardPage }>(boardQuery, { campaignId, filter, first, after });
    expect(response.errors).toBeUndefined();
    return { ...response.data!.consultationBoard, statements: response.extensions!.queryStats!.statements };
  }
  /** Every row of the board under `filter`, page by page (following the cursors). */
  async function board(filter: Record<string, unknown>) {
    const nodes: BoardNode[] = [];
    let page = await boardPage(filter);
    nodes.push(...page.nodes);
    while (page.pageInfo.hasNextPage) {
      page = await boardPage(filter, 20, page.pageInfo.endCursor);
      nodes.push(...page.nodes);
    }
    expect(nodes).toHaveLength(page.totalCount);
    return { nodes };
  }
  const openMany = /* GraphQL */ `
    mutation($input: OpenConsultationsInput!) {
      openConsultations(input: $input) {
        __typename
        ... on MutationOpenConsultationsSuccess { data { id consultedCount } }
        ... on Error { code messageZh }
        ... on ValidationError { field }
      }
    }
  `;

  /** Three delegations brought to the consultation stage with no round open, and a department they touch. */
  let chosen: { id: string; version: number; unitCode: string }[];
  let asked: { id: string; username: string };

  beforeAll(async () => {
    const db = server.database.opened.db;
    const found = await coordinator.graphql<{ proposals: { nodes: { id: string; version: number; submittingUnit: { code: string } }[] } }>(
      `query($f: ProposalFilter) { proposals(first: 100, filter: $f) { nodes { id version submittingUnit { code } } } }`,
      { f: { campaignId, stages: ['RECHECK'], statuses: ['ACTIVE'], actions: ['DELEGATE'] } },
    );
    const picked = found.data!.proposals.nodes.filter((p) => p.submittingUnit.code !== 'GZ-ZJJ').slice(0, 3);
    expect(picked).toHaveLength(3);
    await db.update(proposals).set({ classificationCode: 'agree_delegate' }).where(inArray(proposals.id, picked.map((p) => databaseId(p.id))));
    const passed = await coordinator.graphql<{ bulkTransitionProposals: { succeeded: number } }>(
      `mutation($input: BulkTransitionProposalsInput!) { bulkTransitionProposals(input: $input) { ... on BulkTransitionResult { succeeded } } }`,
      { input: { transition: 'PASS_RECHECK', items: picked.map((p) => ({ proposalId: p.id, expectedVersion: p.version })) } },
    );
    expect(passed.data!.bulkTransitionProposals.succeeded).toBe(3);
    const [zjj] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'GZ-ZJJ'));
    asked = { id: globalIdOf('Unit', zjj!.id), username: 'gz-zjj' };
    chosen = picked.map((p) => ({ id: p.id, version: p.version, unitCode: p.submittingUnit.code }));
  });

  it('lists the proposals not yet consulted, one page in the same statements whatever its size', async () => {
    const all = await board({ round: 'NOT_CONSULTED' });
    expect(all.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(chosen.map((c) => c.id)));
    expect(all.nodes.every((n) => n.consultations.nodes.length === 0)).toBe(true);
    const wide = await boardPage({}, 20);
    const narrow = await boardPage({}, 5);
    expect(wide.nodes.length).toBeGreaterThan(narrow.nodes.length);
    expect(wide.statements).toBe(narrow.statements);
  });

  it('opens all or none: one proposal that cannot be consulted refuses the list, writing nothing', async () => {
    const before = await server.database.opened.db.$count(consultations);
    const refused = await coordinator.graphql<{ openConsultations: MutationResult }>(openMany, {
      input: { deadline: inDays(400), items: [...chosen.map((c) => ({ proposalId: c.id })), { proposalId: proposalId }] },
    });
    expect(refused.data!.openConsultations.__typename).toBe('InvalidTransitionError');
    const ownDepartment = await coordinator.graphql<{ openConsultations: MutationResult }>(openMany, {
      input: {
        deadline: inDays(400),
        items: [
          { proposalId: chosen[0]!.id, departmentIds: [asked.id] },
          { proposalId: chosen[1]!.id, departmentIds: [(await board({})).nodes.find((n) => n.id === chosen[1]!.id)!.submittingUnit.id] },
        ],
      },
    });
    expect(ownDepartment.data!.openConsultations).toMatchObject({ __typename: 'ValidationError', field: 'input.departmentIds' });
    const reviewer = await server.signIn('reviewer1');
    const forbidden = await reviewer.graphql<{ openConsultations: MutationResult }>(openMany, {
      input: { deadline: inDays(400), items: [{ proposalId: chosen[0]!.id }] },
    });
    expect(forbidden.data!.openConsultations.__typename).toBe('ForbiddenError');
    expect(await server.database.opened.db.$count(consultations)).toBe(before);
  });

  it('opens every chosen proposal at once, to its target districts and another department', async () => {
    const response = await coordinator.graphql<{ openConsultations: MutationResult & { data: { id: string; consultedCount: number }[] } }>(openMany, {
      input: { deadline: inDays(400), items: chosen.map((c) => ({ proposalId: c.id, departmentIds: [asked.id] })) },
    });
    expect(response.data!.openConsultations.__typename).toBe('MutationOpenConsultationsSuccess');
    expect(response.data!.openConsultations.data).toHaveLength(3);
    const open = await board({ round: 'OPEN' });
    for (const c of chosen) {
      const round = open.nodes.find((n) => n.id === c.id)!.consultations.nodes[0]!;
      expect(round.feedback.filter((f) => f.unit.kind === 'DEPARTMENT').map((f) => f.unit.id)).toEqual([asked.id]);
      expect(round.missingDistricts.map((u) => u.id)).toContain(asked.id);
    }
  });

  it('lets the consulted department read the proposal and answer for itself only', async () => {
    const department = await server.signIn(asked.username);
    const list = await department.graphql<{ unitConsultations: { nodes: { id: string; version: number; consultation: { proposal: { id: string } } }[] } }>(
      `{ unitConsultations(first: 50, filter: { open: true, answered: false }) { nodes { id version consultation { proposal { id } } } } }`,
    );
    const mine = list.data!.unitConsultations.nodes.filter((f) => chosen.some((c) => c.id === f.consultation.proposal.id));
    expect(mine).toHaveLength(3);
    const proposal = await department.graphql<{ node: { id: string } | null }>('query($id: ID!) { node(id: $id) { id } }', { id: chosen[0]!.id });
    expect(proposal.data!.node).toEqual({ id: chosen[0]!.id });
    const answered = await answer(department, { feedbackId: mine[0]!.id, stance: 'AGREE', expectedVersion: mine[0]!.version });
    expect(answered.__typename).toBe('DistrictFeedback');
    // A district cannot answer for the department, nor another department read its answer.
    const districtTry = await answer(firstLiaison, { feedbackId: mine[1]!.id, stance: 'AGREE', expectedVersion: mine[1]!.version });
    expect(districtTry.code).toBe('NOT_FOUND');
    const bystander = await server.signIn('gz-jtj');
    const hidden = await bystander.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: mine[0]!.id });
    expect(hidden.data?.node ?? null).toBeNull();
  });

  it('reminds the silent units about their consultation', async () => {
    const round = (await board({ round: 'OPEN' })).nodes.find((n) => n.id === chosen[1]!.id)!.consultations.nodes[0]!;
    const sent = await coordinator.graphql<{ sendReminders: { __typename: string; reminders?: { id: string }[] } }>(
      `mutation($input: SendRemindersInput!) { sendReminders(input: $input) { __typename ... on RemindersResult { reminders { id } } } }`,
      { input: { campaignId, channel: 'PHONE', reminders: round.missingDistricts.map((u) => ({ recipientId: u.id, subjectId: round.id })) } },
    );
    expect(sent.data!.sendReminders.reminders).toHaveLength(round.missingDistricts.length);
  });

  it('finds the rounds past their deadline, and closes them in bulk', async () => {
    const db = server.database.opened.db;
    const ids = chosen.map((c) => databaseId(c.id));
    const anHourAgo = new Date((await domainNow(coordinator)) - 3_600_000).toISOString();
    await db
      .update(consultations)
      .set({ deadline: anHourAgo })
      .where(and(inArray(consultations.proposalId, ids), eq(consultations.status, 'open')));
    const past = await board({ pastDeadline: true });
    expect(past.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(chosen.map((c) => c.id)));
    const current = await board({ round: 'OPEN' });
    const closed = await coordinator.graphql<{ bulkTransitionProposals: { succeeded: number; failed: number } }>(
      `mutation($input: BulkTransitionProposalsInput!) { bulkTransitionProposals(input: $input) { ... on BulkTransitionResult { succeeded failed } } }`,
      {
        input: {
          transition: 'CLOSE_CONSULTATION',
          items: chosen.map((c) => ({ proposalId: c.id, expectedVersion: current.nodes.find((n) => n.id === c.id)!.version })),
        },
      },
    );
    expect(closed.data!.bulkTransitionProposals).toEqual({ succeeded: 3, failed: 0 });
    const done = await board({ round: 'CLOSED' });
    expect(done.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(chosen.map((c) => c.id)));
  });
});
