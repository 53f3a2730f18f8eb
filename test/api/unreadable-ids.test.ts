import { commentThreads, comments, districtFeedback, handovers, proposals, units } from '@devolve/db';
import { and, asc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureEnv, fingerprint, type ActorName, type FixtureEnv } from '../support/mutation-fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * A mutation given the id of a row the caller may not read answers exactly as for an id that names
 * no row (NOT_FOUND, same message) and writes nothing: it never confirms that a department's draft,
 * another department's proposal or another district's feedback or handover exists.
 */
let server: TestServer;
let env: FixtureEnv;

const globalId = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');
/** The largest row id: names no row of any table. */
const missingRowId = 2_147_483_647;

interface Targets {
  draft: { id: number; version: number };
  draftThread: { id: number; version: number };
  draftComment: { id: number; version: number };
  /** A submitted proposal of another department than the own one. */
  otherDepartmentsProposal: { id: number; version: number };
  targetDistrictFeedback: { id: number; version: number };
  targetDistrictHandover: { id: number; version: number };
}
let targets: Targets;

const outcome = '__typename ... on Error { code messageZh messageEn }';
const bulkOutcome = (typename: string) => `... on ${typename} { results { ok error { __typename code messageZh messageEn } } }`;
const doc = (name: string, inputType: string, extra = '') =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { ${outcome} ${extra} } }`;

interface Case {
  mutation: string;
  actor: ActorName;
  /** What the unreadable id names, as its type. */
  typename: string;
  document: string;
  /** The input naming row `id` of `typename`. */
  input(id: string): Record<string, unknown>;
}

const proposalCase = (mutation: string, actor: ActorName, inputType: string, input: (id: string) => Record<string, unknown>): Case => ({
  mutation,
  actor,
  typename: 'Proposal',
  document: doc(mutation, inputType),
  input,
});

/** Inputs read `targets` when called, after they are found. */
const cases: Case[] = [
    proposalCase('transitionProposal', 'reviewer', 'TransitionProposalInput', (id) => ({
      proposalId: id,
      transition: 'START_REVIEW',
      expectedVersion: targets.draft.version,
    })),
    proposalCase('recordLegalityOpinion', 'legalReviewer', 'RecordLegalityOpinionInput', (id) => ({
      proposalId: id,
      opinion: 'LAWFUL',
      expectedVersion: targets.draft.version,
    })),
    proposalCase('voteClassification', 'reviewer', 'VoteClassificationInput', (id) => ({ proposalId: id, code: env.classificationCode })),
    proposalCase('setFinalClassification', 'coordinator', 'SetFinalClassificationInput', (id) => ({
      proposalId: id,
      code: env.classificationCode,
      expectedVersion: targets.draft.version,
    })),
    proposalCase('startCommentThread', 'reviewer', 'StartCommentThreadInput', (id) => ({
      proposalId: id,
      visibility: 'INTERNAL',
      body: '请补充依据。',
    })),
    proposalCase('openConsultation', 'coordinator', 'OpenConsultationInput', (id) => ({
      proposalId: id,
      deadline: new Date(Date.now() + 14 * 24 * 3600_000).toISOString(),
    })),
    proposalCase('unassignReviewer', 'coordinator', 'UnassignReviewerInput', (id) => ({
      proposalId: id,
      reviewerId: globalId('User', env.userIds.get('reviewer1')!),
    })),
    {
      mutation: 'setTyping',
      actor: 'reviewer',
      typename: 'CommentThread',
      document: doc('setTyping', 'SetTypingInput'),
      input: (id) => ({ proposalId: globalId('Proposal', targets.draft.id), threadId: id, typing: true }),
    },
    {
      mutation: 'replyToThread',
      actor: 'reviewer',
      typename: 'CommentThread',
      document: doc('replyToThread', 'ReplyToThreadInput'),
      input: (id) => ({ threadId: id, body: '收到。' }),
    },
    {
      mutation: 'resolveThread',
      actor: 'coordinator',
      typename: 'CommentThread',
      document: doc('resolveThread', 'ThreadStateInput'),
      input: (id) => ({ threadId: id, expectedVersion: targets.draftThread.version }),
    },
    {
      mutation: 'editComment',
      actor: 'coordinator',
      typename: 'Comment',
      document: doc('editComment', 'EditCommentInput'),
      input: (id) => ({ commentId: id, body: '更正。', expectedVersion: targets.draftComment.version }),
    },
    // A department given another department's proposal.
    proposalCase('updateProposal', 'ownDepartment', 'UpdateProposalInput', (id) => ({
      proposalId: id,
      rationale: '改写理由。',
      expectedVersion: targets.otherDepartmentsProposal.version,
    })),
    proposalCase('transitionProposal', 'ownDepartment', 'TransitionProposalInput', (id) => ({
      proposalId: id,
      transition: 'WITHDRAW',
      expectedVersion: targets.otherDepartmentsProposal.version,
    })),
    proposalCase('deleteDraftProposal', 'ownDepartment', 'DeleteDraftProposalInput', (id) => ({
      proposalId: id,
      expectedVersion: targets.otherDepartmentsProposal.version,
    })),
    // A district given another district's answer and handover.
    {
      mutation: 'answerConsultation',
      actor: 'otherDistrict',
      typename: 'DistrictFeedback',
      document: doc('answerConsultation', 'AnswerConsultationInput'),
      input: (id) => ({ feedbackId: id, stance: 'AGREE', expectedVersion: targets.targetDistrictFeedback.version }),
    },
    {
      mutation: 'updateHandover',
      actor: 'otherDistrict',
      typename: 'Handover',
      document: doc('updateHandover', 'UpdateHandoverInput'),
      input: (id) => ({ handoverId: id, notes: '已排期。', expectedVersion: targets.targetDistrictHandover.version }),
    },
];

/** The row each case's unreadable id names. */
function targetOf(c: Case): number {
  if (c.typename === 'CommentThread') return targets.draftThread.id;
  if (c.typename === 'Comment') return targets.draftComment.id;
  if (c.typename === 'DistrictFeedback') return targets.targetDistrictFeedback.id;
  if (c.typename === 'Handover') return targets.targetDistrictHandover.id;
  return c.actor === 'ownDepartment' ? targets.otherDepartmentsProposal.id : targets.draft.id;
}

interface Result {
  __typename: string;
  code?: string;
  messageZh?: string;
  messageEn?: string;
  results?: { ok: boolean; error: { __typename: string; code: string; messageZh: string; messageEn: string } | null }[];
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  env = await createFixtureEnv(server);
  const db = env.db;
  const [draft] = await db
    .select({ id: proposals.id, version: proposals.version })
    .from(proposals)
    .where(and(eq(proposals.submittingUnitId, env.unitIds.ownDepartment), eq(proposals.stage, 'draft')))
    .orderBy(asc(proposals.id))
    .limit(1);
  // The department discusses its own draft before submitting it: a thread the team may not read.
  const department = env.client('ownDepartment');
  const started = await department.graphql<{ startCommentThread: { __typename: string; id: string } }>(
    doc('startCommentThread', 'StartCommentThreadInput', '... on CommentThread { id }'),
    { input: { proposalId: globalId('Proposal', draft!.id), visibility: 'SHARED', body: '草稿内部讨论。' } },
  );
  expect(started.data?.startCommentThread.__typename, JSON.stringify(started)).toBe('CommentThread');
  const threadId = Number(Buffer.from(started.data!.startCommentThread.id, 'base64').toString().split(':')[1]);
  const [thread] = await db.select({ id: commentThreads.id, version: commentThreads.version }).from(commentThreads).where(eq(commentThreads.id, threadId));
  const [comment] = await db.select({ id: comments.id, version: comments.version }).from(comments).where(eq(comments.threadId, threadId));
  const [other] = await db
    .select({ id: proposals.id, version: proposals.version })
    .from(proposals)
    .innerJoin(units, eq(units.id, proposals.submittingUnitId))
    .where(and(ne(proposals.submittingUnitId, env.unitIds.ownDepartment), eq(units.kind, 'department'), eq(proposals.stage, 'submitted')))
    .orderBy(asc(proposals.id))
    .limit(1);
  const [feedback] = await db
    .select({ id: districtFeedback.id, version: districtFeedback.version })
    .from(districtFeedback)
    .where(eq(districtFeedback.districtId, env.unitIds.targetDistrict))
    .orderBy(asc(districtFeedback.id))
    .limit(1);
  const [handover] = await db
    .select({ id: handovers.id, version: handovers.version })
    .from(handovers)
    .where(eq(handovers.districtId, env.unitIds.targetDistrict))
    .orderBy(asc(handovers.id))
    .limit(1);
  targets = {
    draft: draft!,
    draftThread: thread!,
    draftComment: comment!,
    otherDepartmentsProposal: other!,
    targetDistrictFeedback: feedback!,
    targetDistrictHandover: handover!,
  };
});
afterAll(() => server?.close());

async function call(c: Case, id: string): Promise<Result> {
  const response = await env.client(c.actor).graphql<Record<string, Result>>(c.document, { input: c.input(id) });
  expect(response.errors).toBeUndefined();
  return response.data![c.mutation]!;
}

/** The answer to an id naming no row, with the given id in place of the missing one. */
const asMissing = (result: Result, missing: string, id: string): Result =>
  JSON.parse(JSON.stringify(result).replaceAll(missing, id)) as Result;

describe('a mutation given an id the caller may not read', () => {
  it.each(cases)('$mutation as $actor ($typename): answers NOT_FOUND as for no row, writes nothing', async (c) => {
    const id = globalId(c.typename, targetOf(c));
    const missing = globalId(c.typename, missingRowId);
    const label = `${c.mutation} as ${c.actor}`;

    const before = await fingerprint(env);
    const result = await call(c, id);
    expect(await fingerprint(env), `${label} changed the database`).toEqual(before);
    expect(result, label).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(result, label).toEqual(asMissing(await call(c, missing), missing, id));
  });

  it('fails each unreadable proposal of a bulk call as a missing one, writing nothing', async () => {
    const draftId = globalId('Proposal', targets.draft.id);
    const missing = globalId('Proposal', missingRowId);
    const before = await fingerprint(env);

    const assigned = await env.client('coordinator').graphql<{ assignReviewers: Result }>(
      doc('assignReviewers', 'AssignReviewersInput', bulkOutcome('BulkAssignResult')),
      { input: { proposalIds: [draftId, missing], reviewerIds: [globalId('User', env.userIds.get('reviewer3')!)] } },
    );
    const moved = await env.client('reviewer').graphql<{ bulkTransitionProposals: Result }>(
      doc('bulkTransitionProposals', 'BulkTransitionProposalsInput', bulkOutcome('BulkTransitionResult')),
      {
        input: {
          transition: 'START_REVIEW',
          items: [
            { proposalId: draftId, expectedVersion: targets.draft.version },
            { proposalId: missing, expectedVersion: 1 },
          ],
        },
      },
    );
    expect(await fingerprint(env)).toEqual(before);
    for (const response of [assigned.data?.assignReviewers, moved.data?.bulkTransitionProposals]) {
      const [ofDraft, ofMissing] = response!.results!;
      expect(ofDraft!.error).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
      expect(ofDraft).toEqual(asMissing(ofMissing as unknown as Result, missing, draftId));
    }
  });

  it('still answers FORBIDDEN when the caller may read the row but not do the act', async () => {
    // The team reads another department's submitted proposal; only its department may withdraw it.
    const c = cases.find((x) => x.mutation === 'transitionProposal' && x.actor === 'ownDepartment')!;
    const result = await env.client('reviewer').graphql<{ transitionProposal: Result }>(c.document, {
      input: c.input(globalId('Proposal', targets.otherDepartmentsProposal.id)),
    });
    expect(result.data!.transitionProposal).toMatchObject({ code: 'FORBIDDEN' });
  });
});
