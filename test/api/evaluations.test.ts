import { activity, evaluations } from '@devolve/db';
import { gt, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainNow } from '../support/dates.ts';
import { databaseId } from '../support/ids.ts';
import { type GraphQLClient, type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/**
 * 成效评估 over HTTP: units write their self-evaluations (自评) once the 2019 campaign reaches
 * handover, the third-party evaluator (observer) assesses them, and each viewer reads only what
 * is theirs. The demo's 2019 campaign is at approval; the coordinator moves it on with updateCampaign.
 */
let server: TestServer;
let coordinator: SignedInClient;
let observer: SignedInClient;
/** A department's submitter (市场监管局) and a district's liaison (天河区). */
let department: SignedInClient;
let district: SignedInClient;
let campaignId: string;
/** The last activity row the seed wrote. */
let seedActivity: number;

interface EvaluationView {
  id: string;
  kind: string;
  status: string;
  score: number | null;
  summary: string | null;
  results: string | null;
  applicantChanges: string | null;
  problems: string | null;
  suggestions: string | null;
  submittedAt: string | null;
  version: number;
  unit: { code: string } | null;
  author: { username: string };
}
interface MutationResult extends Partial<EvaluationView> {
  __typename: string;
  code?: string;
  messageZh?: string;
  messageEn?: string;
  field?: string;
}

const evaluationFields =
  'id kind status score summary results applicantChanges problems suggestions submittedAt version unit { code } author { username }';
const outcome = /* GraphQL */ `
  __typename
  ... on Evaluation { ${evaluationFields} }
  ... on Error { code messageZh messageEn }
  ... on ValidationError { field }
`;
const saveMutation = `mutation($input: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $input) { ${outcome} } }`;
const submitMutation = `mutation($input: SubmitSelfEvaluationInput!) { submitSelfEvaluation(input: $input) { ${outcome} } }`;
const assessMutation = `mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { ${outcome} } }`;

async function mutate(client: GraphQLClient, document: string, input: Record<string, unknown>): Promise<MutationResult> {
  const response = await client.graphql<Record<string, MutationResult>>(document, { input });
  expect(response.status).toBe(200);
  expect(response.errors).toBeUndefined();
  return Object.values(response.data!)[0]!;
}
const save = (client: GraphQLClient, input: Record<string, unknown>) => mutate(client, saveMutation, { campaignId, ...input });
const submit = (client: GraphQLClient, evaluationId: string, expectedVersion: number) =>
  mutate(client, submitMutation, { evaluationId, expectedVersion });
const assess = (client: GraphQLClient, input: Record<string, unknown>) => mutate(client, assessMutation, { campaignId, ...input });

/** The 2019 campaign's evaluations as `client` lists them. */
async function listed(client: GraphQLClient, args = ''): Promise<EvaluationView[]> {
  const response = await client.graphql<{ campaign: { evaluations: EvaluationView[] } }>(
    `{ campaign(year: 2019) { evaluations${args} { ${evaluationFields} } } }`,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.campaign.evaluations;
}

const form = {
  results: '经审定取消3项、下放5项，均已向社会公布。',
  applicantChanges: '食品经营许可办理时限由20个工作日压减至10个工作日。',
  problems: '部分区业务系统对接滞后。',
  suggestions: '加强对区级承接人员的业务培训。',
};

/** Every evaluation row of the database, to show a refusal changed none. */
const evaluationRows = () => server.database.opened.db.select().from(evaluations).orderBy(evaluations.id);
/** The activity the tests' mutations recorded, oldest first. */
const recorded = () =>
  server.database.opened.db.select().from(activity).where(gt(activity.id, seedActivity)).orderBy(activity.id);

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  observer = await server.signIn('observer');
  department = await server.signIn('gz-scjgj');
  district = await server.signIn('district-440106');
  campaignId = (await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }')).data!.campaign.id;
  const [last] = await server.database.opened.db.select({ id: max(activity.id) }).from(activity);
  seedActivity = last!.id!;
});
afterAll(() => server?.close());

/** The global id of the unit `username` belongs to, as the signed-in user sees it. */
async function unitId(username: string): Promise<string> {
  const client = await server.signIn(username);
  const response = await client.graphql<{ me: { user: { unit: { id: string } } } }>('{ me { user { unit { id } } } }');
  return response.data!.me.user.unit.id;
}

interface Window {
  open: boolean;
  reasonZh: string | null;
  reasonEn: string | null;
  canSelfEvaluate: boolean;
  canAssess: boolean;
}
async function windowFor(client: GraphQLClient): Promise<Window> {
  const response = await client.graphql<{ campaign: { evaluationWindow: Window } }>(
    '{ campaign(year: 2019) { evaluationWindow { open reasonZh reasonEn canSelfEvaluate canAssess } } }',
  );
  expect(response.errors).toBeUndefined();
  return response.data!.campaign.evaluationWindow;
}

/** The coordinator moves the 2019 campaign forward to `status`, through updateCampaign. */
async function moveCampaign(status: string): Promise<void> {
  const current = await coordinator.graphql<{ campaign: { version: number } }>('{ campaign(year: 2019) { version } }');
  const response = await coordinator.graphql<{ updateCampaign: { __typename: string; status?: string } }>(
    'mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { __typename ... on Campaign { status } } }',
    { input: { campaignId, status, expectedVersion: current.data!.campaign.version } },
  );
  expect(response.data?.updateCampaign).toEqual({ __typename: 'Campaign', status });
}

describe('before the campaign reaches handover', () => {
  it('refuses self-evaluations and assessments with the reason, and writes nothing', async () => {
    const closed = await windowFor(department);
    expect(closed).toMatchObject({ open: false, canSelfEvaluate: true, canAssess: false });
    expect(closed.reasonZh).toContain('承接阶段');
    expect(await windowFor(observer)).toMatchObject({ open: false, canSelfEvaluate: false, canAssess: true });

    const rows = await evaluationRows();
    for (const [client, attempt] of [
      [department, () => save(department, form)],
      [district, () => save(district, form)],
      [observer, () => assess(observer, { unitId: null, score: 4, summary: '总体评估' })],
    ] as const) {
      const refused = await attempt();
      expect(refused, client.username).toMatchObject({ __typename: 'InvalidTransitionError', code: 'INVALID_TRANSITION', messageZh: closed.reasonZh, messageEn: closed.reasonEn });
    }
    expect(await evaluationRows()).toEqual(rows);
    expect(await recorded()).toEqual([]);
  });

  it('opens at handover, moved there by the coordinator (a department may not move it)', async () => {
    const version = (await coordinator.graphql<{ campaign: { version: number } }>('{ campaign(year: 2019) { version } }')).data!.campaign.version;
    const byDepartment = await department.graphql<{ updateCampaign: { code: string } }>(
      'mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { ... on Error { code } } }',
      { input: { campaignId, status: 'HANDOVER', expectedVersion: version } },
    );
    expect(byDepartment.data!.updateCampaign.code).toBe('FORBIDDEN');
    expect((await windowFor(department)).open).toBe(false);

    await moveCampaign('PUBLISHED');
    expect((await windowFor(department)).open).toBe(false);
    await moveCampaign('HANDOVER');
    expect(await windowFor(department)).toMatchObject({ open: true, reasonZh: null, reasonEn: null });
  });
});

/** The department's and the district's self-evaluations, and the department's assessment, as written below. */
let departmentSelf: MutationResult;
let districtSelf: MutationResult;
let departmentAssessment: MutationResult;
/** A department that only ever saved a draft (the race below). */
const racingUnit = 'gz-zjj';
let racingDraft: MutationResult;

describe('self-evaluations', () => {
  it('saves a department’s draft, edits it at its version, and submits it complete, stamped by the domain clock', async () => {
    const draft = await save(department, { results: form.results, problems: '   ' });
    expect(draft).toMatchObject({ __typename: 'Evaluation', kind: 'SELF', status: 'DRAFT', results: form.results, problems: null, version: 1, submittedAt: null });
    expect(draft.unit?.code).toBe('GZ-SCJGJ');
    expect(draft.author?.username).toBe('gz-scjgj');

    const incomplete = await submit(department, draft.id!, 1);
    expect(incomplete).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field: 'input.applicantChanges' });

    const complete = await save(department, { ...form, expectedVersion: 1 });
    expect(complete).toMatchObject({ __typename: 'Evaluation', id: draft.id, status: 'DRAFT', version: 2, ...form });

    const before = await domainNow(department);
    const submitted = await submit(department, draft.id!, 2);
    expect(submitted).toMatchObject({ __typename: 'Evaluation', status: 'SUBMITTED', version: 3, ...form });
    // Stamped by the domain clock: in the story's December 2019, not today.
    expect(Date.parse(submitted.submittedAt!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(submitted.submittedAt!)).toBeLessThanOrEqual(await domainNow(department));
    departmentSelf = submitted;

    const logged = (await recorded()).filter((a) => a.entityId === databaseId(draft.id!) && a.entityType === 'evaluation');
    expect(logged.map((a) => a.action)).toEqual(['evaluation.created', 'evaluation.updated', 'evaluation.submitted']);
    expect(new Set(logged.map((a) => a.campaignId))).toEqual(new Set([databaseId(campaignId)]));

    // Submitted is final.
    const rows = await evaluationRows();
    expect(await save(department, { ...form, problems: '新发现的问题', expectedVersion: 3 })).toMatchObject({ __typename: 'InvalidTransitionError' });
    expect(await submit(department, draft.id!, 3)).toMatchObject({ __typename: 'InvalidTransitionError' });
    expect(await evaluationRows()).toEqual(rows);
  });

  it('refuses a second first save and a stale version, with the version to reload', async () => {
    const draft = await save(district, { results: '本区承接下放事项5项。' });
    expect(draft).toMatchObject({ __typename: 'Evaluation', status: 'DRAFT', version: 1, unit: { code: '440106' } });
    const rows = await evaluationRows();

    const unversioned = await save(district, form);
    expect(unversioned).toMatchObject({ __typename: 'ValidationError', field: 'input.expectedVersion' });
    const stale = await save(district, { ...form, expectedVersion: 7 });
    expect(stale).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await evaluationRows()).toEqual(rows);

    const saved = await save(district, { ...form, expectedVersion: 1 });
    expect(saved).toMatchObject({ __typename: 'Evaluation', version: 2 });
    const staleSubmit = await submit(district, draft.id!, 1);
    expect(staleSubmit).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    districtSelf = await submit(district, draft.id!, saved.version!);
    expect(districtSelf).toMatchObject({ __typename: 'Evaluation', status: 'SUBMITTED', version: 3 });
    // The district's self-evaluation is in its district's part of the log.
    const [created] = (await recorded()).filter((a) => a.action === 'evaluation.created' && a.entityId === databaseId(draft.id!));
    expect(created!.districtId).not.toBeNull();
  });

  it('keeps one self-evaluation per unit when 8 sessions save the first draft at once', async () => {
    // Signed in one after another: parallel sign-ins of one account would meet the login limits.
    const sessions: SignedInClient[] = [];
    for (let i = 0; i < 8; i++) sessions.push(await server.signIn(racingUnit));
    expect(new Set(sessions.map((s) => s.cookie)).size).toBe(8);
    const outcomes = await Promise.all(sessions.map((session, i) => save(session, { results: `第${i + 1}稿` })));
    const created = outcomes.filter((o) => o.__typename === 'Evaluation');
    expect(created).toHaveLength(1);
    for (const refused of outcomes.filter((o) => o.__typename !== 'Evaluation')) {
      expect(refused).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field: 'input.expectedVersion' });
    }
    racingDraft = created[0]!;
    const racingUnitId = databaseId(await unitId(racingUnit));
    const rows = (await evaluationRows()).filter((e) => e.kind === 'self' && e.unitId === racingUnitId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(databaseId(racingDraft.id!));
    expect((await recorded()).filter((a) => a.action === 'evaluation.created' && a.entityId === rows[0]!.id)).toHaveLength(1);
  });

  it('lets only a department’s submitter or a district’s liaison write one, and only their own', async () => {
    const rows = await evaluationRows();
    for (const username of ['coordinator', 'observer', 'reviewer1', 'approver']) {
      const client = await server.signIn(username);
      expect(await save(client, form), username).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await save(server, form)).toMatchObject({ code: 'UNAUTHENTICATED' });
    // Another unit's draft is, to a department, one that does not exist.
    const other = await server.signIn('gz-scjgj');
    expect(await submit(other, racingDraft.id!, racingDraft.version!)).toMatchObject({ __typename: 'NotFoundError' });
    // The team reads it, but does not submit it.
    expect(await submit(coordinator, racingDraft.id!, racingDraft.version!)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await evaluationRows()).toEqual(rows);
  });
});

describe('assessments', () => {
  it('records the evaluator’s assessment of a unit with a score of 1–5, and revises it at its version', async () => {
    const unit = await unitId('gz-scjgj');
    const rows = await evaluationRows();
    for (const score of [0, 6, -1]) {
      expect(await assess(observer, { unitId: unit, score, summary: '落实到位' }), String(score)).toMatchObject({ __typename: 'ValidationError', field: 'input.score' });
    }
    expect(await assess(observer, { unitId: unit, score: 4, summary: '   ' })).toMatchObject({ __typename: 'ValidationError', field: 'input.summary' });
    expect(await assess(observer, { unitId: await unitId('coordinator'), score: 4, summary: '落实到位' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.unitId',
    });
    expect(await assess(coordinator, { unitId: unit, score: 4, summary: '落实到位' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await assess(department, { unitId: unit, score: 5, summary: '自评满分' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await evaluationRows()).toEqual(rows);

    const first = await assess(observer, { unitId: unit, score: 4, summary: ' 取消下放事项落实到位。 ' });
    expect(first).toMatchObject({ __typename: 'Evaluation', kind: 'THIRD_PARTY', status: 'SUBMITTED', score: 4, summary: '取消下放事项落实到位。', version: 1, unit: { code: 'GZ-SCJGJ' } });
    expect(await assess(observer, { unitId: unit, score: 5, summary: '取消下放事项落实到位。' })).toMatchObject({ __typename: 'ValidationError', field: 'input.expectedVersion' });
    expect(await assess(observer, { unitId: unit, score: 5, summary: '取消下放事项落实到位。', expectedVersion: 9 })).toMatchObject({ __typename: 'ConflictError' });
    departmentAssessment = await assess(observer, { unitId: unit, score: 5, summary: '取消下放事项落实到位。', expectedVersion: 1 });
    expect(departmentAssessment).toMatchObject({ __typename: 'Evaluation', id: first.id, score: 5, version: 2 });
  });

  it('revises the seeded overall assessment of the campaign at its version', async () => {
    const [overall] = await listed(coordinator, '(overall: true)');
    expect(overall).toMatchObject({ kind: 'THIRD_PARTY', unit: null });
    const unversioned = await assess(observer, { score: 3, summary: '总体成效明显，承接能力仍需加强。' });
    expect(unversioned).toMatchObject({ __typename: 'ValidationError', field: 'input.expectedVersion' });
    const revised = await assess(observer, { score: 3, summary: '总体成效明显，承接能力仍需加强。', expectedVersion: overall!.version });
    expect(revised).toMatchObject({ __typename: 'Evaluation', id: overall!.id, score: 3, version: overall!.version + 1, unit: null });
    expect(await listed(coordinator, '(overall: true)')).toHaveLength(1);
  });
});

describe('who reads what', () => {
  const nodeQuery = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;

  it('shows a unit its own self-evaluation and the assessment of it; the team all; anonymous nothing; node(id) agrees', async () => {
    const all = await listed(coordinator);
    const ids = all.map((e) => e.id);
    expect(new Set(ids)).toEqual(new Set([departmentSelf.id, districtSelf.id, racingDraft.id, departmentAssessment.id, all.find((e) => e.unit === null)!.id]));
    expect((await listed(observer)).map((e) => e.id)).toEqual(ids);
    expect((await listed(coordinator, '(kind: SELF)')).map((e) => e.id).sort()).toEqual([departmentSelf.id, districtSelf.id, racingDraft.id].sort());
    expect((await listed(coordinator, '(kind: THIRD_PARTY, overall: false)')).map((e) => e.id)).toEqual([departmentAssessment.id]);

    const racer = await server.signIn(racingUnit);
    const expected: [GraphQLClient, string, (string | undefined)[]][] = [
      [department, 'department', [departmentSelf.id, departmentAssessment.id]],
      [district, 'district', [districtSelf.id]],
      [racer, 'racing department', [racingDraft.id]],
      [await server.signIn('gz-wglj'), 'a department without one', []],
      [server, 'anonymous', []],
    ];
    for (const [client, who, own] of expected) {
      expect((await listed(client)).map((e) => e.id).sort(), who).toEqual([...own].sort());
      const nodes = await client.graphql<{ nodes: ({ id: string } | null)[] }>(nodeQuery, { ids });
      expect(nodes.data!.nodes.map((n) => n?.id ?? null), who).toEqual(ids.map((id) => (own.includes(id) ? id : null)));
    }
    const forbidden = await department.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: districtSelf.id });
    expect(forbidden.data?.node ?? null).toBeNull();
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists the participants to the team only, so the console can show who has not submitted', async () => {
    const query = '{ campaign(year: 2019) { evaluationParticipants { id code kind } evaluations(kind: SELF) { status unit { code } } } }';
    type Result = { campaign: { evaluationParticipants: { id: string; code: string; kind: string }[]; evaluations: { status: string; unit: { code: string } }[] } };
    const response = await coordinator.graphql<Result>(query);
    expect(response.errors).toBeUndefined();
    const { evaluationParticipants: participants, evaluations: selfEvaluations } = response.data!.campaign;
    const codes = participants.map((u) => u.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(participants.map((u) => u.kind))).toEqual(new Set(['DEPARTMENT', 'DISTRICT']));
    // The 44 departments that submitted proposals, and the districts taking powers over.
    expect(participants.filter((u) => u.kind === 'DEPARTMENT').length).toBeGreaterThanOrEqual(44);
    expect(codes).toEqual(expect.arrayContaining(['GZ-SCJGJ', '440106', racingUnit.toUpperCase()]));

    const submitted = new Set(selfEvaluations.filter((e) => e.status === 'SUBMITTED').map((e) => e.unit.code));
    expect(submitted).toEqual(new Set(['GZ-SCJGJ', '440106']));
    const notSubmitted = codes.filter((code) => !submitted.has(code));
    expect(notSubmitted).toHaveLength(codes.length - 2);
    // A draft is not a submission.
    expect(notSubmitted).toContain(racingUnit.toUpperCase());

    for (const client of [department, district, server]) {
      const seen = await client.graphql<Result>('{ campaign(year: 2019) { evaluationParticipants { id } } }');
      expect(seen.errors).toBeUndefined();
      expect(seen.data!.campaign.evaluationParticipants).toEqual([]);
    }
  });
});

describe('garbage input', () => {
  it('answers VALIDATION naming the field, never a server error, and writes nothing', async () => {
    const rows = await evaluationRows();
    const activityBefore = (await recorded()).length;
    const cases: [GraphQLClient, string, Record<string, unknown>, string][] = [
      [district, saveMutation, { campaignId: 'not-an-id', ...form }, 'input.campaignId'],
      [district, saveMutation, { campaignId: departmentSelf.id, ...form }, 'input.campaignId'],
      [district, saveMutation, { campaignId, results: '长'.repeat(5_001), expectedVersion: 3 }, 'input.results'],
      [district, submitMutation, { evaluationId: campaignId, expectedVersion: 1 }, 'input.evaluationId'],
      [district, submitMutation, { evaluationId: '%%%', expectedVersion: 1 }, 'input.evaluationId'],
      [observer, assessMutation, { campaignId, unitId: campaignId, score: 3, summary: '好' }, 'input.unitId'],
      [observer, assessMutation, { campaignId: 'Q2FtcGFpZ246eA==', score: 3, summary: '好' }, 'input.campaignId'],
      [observer, assessMutation, { campaignId, score: 3, summary: '好'.repeat(5_001) }, 'input.summary'],
    ];
    for (const [client, document, input, field] of cases) {
      const result = await mutate(client, document, input);
      expect(result, JSON.stringify(input).slice(0, 80)).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field });
    }
    // Wrong types never reach the resolver: GraphQL refuses the variables, as a client error.
    for (const input of [
      { campaignId, score: 2.5, summary: '好' },
      { campaignId, score: '5', summary: '好' },
      { campaignId, score: 3, summary: null },
    ]) {
      const response = await observer.graphql(assessMutation, { input });
      expect(response.status, JSON.stringify(input)).toBeLessThan(500);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).not.toBe('INTERNAL');
    }
    expect(await evaluationRows()).toEqual(rows);
    expect(await recorded()).toHaveLength(activityBefore);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
