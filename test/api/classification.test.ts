import { activity, classificationVotes, proposals } from '@devolve/db';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseId } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** Classification votes, consensus and disagreement, and the final classification, over HTTP. */
let server: TestServer;
let coordinator: SignedInClient;
let reviewers: SignedInClient[];
let campaignId: string;

interface Vote {
  id: string;
  code: string;
  labelZh: string;
  labelEn: string;
  note: string | null;
  version: number;
  reviewer: { displayName: string };
}

interface Outcome {
  __typename: string;
  code?: string;
  messageZh?: string;
  messageEn?: string;
  currentVersion?: number;
  id?: string;
  version?: number;
  classificationCode?: string | null;
  leadReviewer?: { id: string } | null;
}

interface ProposalSummary {
  id: string;
  version: number;
  stage: string;
  status: string;
  voteCount: number;
  leadReviewer: { id: string } | null;
  submittingUnit: { code: string };
}

const voteFields = 'id code labelZh labelEn note version reviewer { displayName }';
const errorFields = '... on Error { code messageZh messageEn } ... on ConflictError { currentVersion }';

/** A vote as a mutation returns it: its code aliased apart from the errors' `code`. */
type CastVote = Outcome & Partial<Omit<Vote, 'code' | 'reviewer'>> & { voteCode?: string };

const vote = async (client: SignedInClient, input: Record<string, unknown>): Promise<CastVote> => {
  const response = await client.graphql<{ voteClassification: CastVote }>(
    `mutation($input: VoteClassificationInput!) {
      voteClassification(input: $input) {
        __typename ... on ClassificationVote { id voteCode: code labelZh labelEn note version } ${errorFields}
      }
    }`,
    { input },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.voteClassification;
};

const setFinal = async (client: SignedInClient, input: Record<string, unknown>): Promise<Outcome> => {
  const response = await client.graphql<{ setFinalClassification: Outcome }>(
    `mutation($input: SetFinalClassificationInput!) {
      setFinalClassification(input: $input) {
        __typename ... on Proposal { id version classificationCode leadReviewer { id } } ${errorFields}
      }
    }`,
    { input },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.setFinalClassification;
};

interface Deliberation {
  classificationVotes: Vote[];
  classificationConsensus: string | null;
  classificationDisagreement: boolean;
  classificationCheck: { unanimous: boolean; codesAgainstVotes: string[]; codesAgainstAction: string[] };
  action: string;
  version: number;
}

const deliberation = async (client: SignedInClient, id: string) => {
  const response = await client.graphql<{ node: Deliberation }>(
    `query($id: ID!) { node(id: $id) { ... on Proposal {
      version action classificationVotes { ${voteFields} } classificationConsensus classificationDisagreement
      classificationCheck { unanimous codesAgainstVotes codesAgainstAction }
    } } }`,
    { id },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.node;
};

/** Proposals at a stage (and status), as the coordinator sees them in the queue. */
async function proposalsAt(stages: string[], statuses: string[] = ['ACTIVE']): Promise<ProposalSummary[]> {
  const response = await coordinator.graphql<{ proposals: { nodes: ProposalSummary[] } }>(
    `query($f: ProposalFilter) { proposals(first: 100, filter: $f) {
      nodes { id version stage status voteCount leadReviewer { id } submittingUnit { code } }
    } }`,
    { f: { campaignId, stages, statuses } },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.proposals.nodes;
}


const rowCounts = async () => {
  const db = server.database.opened.db;
  const [votes] = await db.select({ n: count() }).from(classificationVotes);
  const [entries] = await db.select({ n: count() }).from(activity);
  return { votes: votes!.n, activity: entries!.n };
};

const userIdOf = async (client: SignedInClient) =>
  (await client.graphql<{ me: { user: { id: string } } }>('{ me { user { id } } }')).data!.me.user.id;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  reviewers = await Promise.all(['reviewer1', 'reviewer2', 'reviewer3', 'reviewer4', 'reviewer5'].map((name) => server.signIn(name)));
  const campaign = await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }');
  campaignId = campaign.data!.campaign.id;
});
afterAll(() => server?.close());

describe('classification votes', () => {
  it('shows every vote, the strict-majority consensus and the disagreement flag as three reviewers vote', async () => {
    const proposal = (await proposalsAt(['INITIAL_REVIEW'])).find((p) => p.voteCount === 0)!;
    expect(proposal).toBeDefined();
    const [first, second, third] = reviewers as [SignedInClient, SignedInClient, SignedInClient];

    const cast = await vote(first, { proposalId: proposal.id, code: 'agree_cancel', note: '  理由充分。 ' });
    expect(cast).toMatchObject({ __typename: 'ClassificationVote', voteCode: 'agree_cancel', labelZh: '同意取消', labelEn: 'Agree to cancel', note: '理由充分。', version: 1 });
    let state = await deliberation(coordinator, proposal.id);
    expect(state.classificationConsensus).toBe('agree_cancel');
    expect(state.classificationDisagreement).toBe(false);
    // One vote is not "unanimous"; every other code of the vocabulary goes against it.
    const vocabulary = ['agree_cancel', 'agree_delegate', 'agree_entrust', 'merge', 'adjust', 'retain', 'agree_add', 'not_adopted', 'needs_material'];
    expect(state.classificationCheck.unanimous).toBe(false);
    expect(state.classificationCheck.codesAgainstVotes).toEqual(vocabulary.filter((code) => code !== 'agree_cancel'));
    // Against the action: the codes agreeing with another action; declining codes never are.
    const agreeing = { CANCEL: 'agree_cancel', DELEGATE: 'agree_delegate', ENTRUST: 'agree_entrust', MERGE: 'merge', ADJUST: 'adjust', RETAIN: 'retain', ADD: 'agree_add' };
    const own = agreeing[state.action as keyof typeof agreeing];
    expect(state.classificationCheck.codesAgainstAction).toEqual(Object.values(agreeing).filter((code) => code !== own));

    expect((await vote(third, { proposalId: proposal.id, code: 'retain' })).__typename).toBe('ClassificationVote');
    state = await deliberation(coordinator, proposal.id);
    // One against one: no strict majority yet, and they disagree.
    expect(state.classificationConsensus).toBeNull();
    expect(state.classificationDisagreement).toBe(true);
    // Without a majority, a code some vote names does not go against the votes.
    expect(state.classificationCheck.codesAgainstVotes).not.toContain('retain');
    expect(state.classificationCheck.codesAgainstVotes).not.toContain('agree_cancel');
    expect(state.classificationCheck.codesAgainstVotes).toContain('merge');

    expect((await vote(second, { proposalId: proposal.id, code: 'agree_cancel' })).__typename).toBe('ClassificationVote');
    state = await deliberation(reviewers[4]!, proposal.id);
    expect(state.classificationVotes.map((v) => v.code)).toEqual(['agree_cancel', 'retain', 'agree_cancel']);
    expect(state.classificationVotes.map((v) => v.reviewer.displayName)).toHaveLength(3);
    expect(new Set(state.classificationVotes.map((v) => v.reviewer.displayName)).size).toBe(3);
    expect(state.classificationConsensus).toBe('agree_cancel');
    expect(state.classificationDisagreement).toBe(true);
    expect(state.classificationCheck.unanimous).toBe(false);
    expect(state.classificationCheck.codesAgainstVotes).toContain('retain');
    expect(state.classificationCheck.codesAgainstVotes).not.toContain('agree_cancel');
  });

  it('changes a vote with its version, and answers a stale version or a second new vote with CONFLICT', async () => {
    const proposal = (await proposalsAt(['INITIAL_REVIEW'])).filter((p) => p.voteCount === 0)[1]!;
    const reviewer = reviewers[3]!;
    const cast = await vote(reviewer, { proposalId: proposal.id, code: 'needs_material' });
    expect(cast).toMatchObject({ voteCode: 'needs_material', version: 1 });

    const changed = await vote(reviewer, { proposalId: proposal.id, code: 'merge', note: '建议合并。', expectedVersion: 1 });
    expect(changed).toMatchObject({ __typename: 'ClassificationVote', id: cast.id, voteCode: 'merge', labelZh: '合并', note: '建议合并。', version: 2 });

    const counts = await rowCounts();
    const stale = await vote(reviewer, { proposalId: proposal.id, code: 'retain', expectedVersion: 1 });
    expect(stale).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', currentVersion: 2 });
    // A second "new" vote (another tab) must not silently overwrite the first.
    const again = await vote(reviewer, { proposalId: proposal.id, code: 'retain' });
    expect(again).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', currentVersion: 2 });
    // Changing a vote that does not exist is a mistake, not a conflict.
    const noVote = await vote(reviewers[4]!, { proposalId: proposal.id, code: 'retain', expectedVersion: 1 });
    expect(noVote).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    expect(await rowCounts()).toEqual(counts);

    const state = await deliberation(coordinator, proposal.id);
    expect(state.classificationVotes.map((v) => [v.code, v.note, v.version])).toEqual([['merge', '建议合并。', 2]]);
  });

  it('logs each vote as internal activity', async () => {
    const proposal = (await proposalsAt(['INITIAL_REVIEW'])).filter((p) => p.voteCount === 0)[2]!;
    const cast = await vote(reviewers[4]!, { proposalId: proposal.id, code: 'retain' });
    expect(cast.__typename).toBe('ClassificationVote');
    const [entry] = await server.database.opened.db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'classification.voted'), eq(activity.entityId, databaseId(cast.id!))));
    expect(entry).toMatchObject({ entityType: 'classification_vote', internal: true, proposalId: databaseId(proposal.id) });
    expect(entry!.after).toMatchObject({ code: 'retain', version: 1 });
  });

  it('refuses codes outside the campaign vocabulary, closed stages and other roles, writing nothing', async () => {
    const open = (await proposalsAt(['INITIAL_REVIEW']))[0]!;
    const legality = (await proposalsAt(['LEGALITY_REVIEW']))[0]!;
    const returned = (await proposalsAt(['INITIAL_REVIEW', 'RECHECK'], ['RETURNED']))[0]!;
    const decided = (await proposalsAt(['DECIDED'], ['APPROVED']))[0]!;
    const reviewer = reviewers[1]!;
    const department = await server.signIn(open.submittingUnit.code.toLowerCase());
    const [legal, approver] = await Promise.all([server.signIn('legal1'), server.signIn('approver')]);
    const counts = await rowCounts();

    const unknown = await vote(reviewer, { proposalId: open.id, code: 'abolish_everything' });
    expect(unknown).toMatchObject({ code: 'VALIDATION' });
    expect((await vote(reviewer, { proposalId: open.id, code: '   ' })).code).toBe('VALIDATION');
    expect((await vote(reviewer, { proposalId: open.id, code: 'retain', note: '字'.repeat(2001) })).code).toBe('VALIDATION');
    expect((await vote(reviewer, { proposalId: campaignId, code: 'retain' })).code).toBe('VALIDATION');

    for (const closed of [legality, returned, decided]) {
      const refused = await vote(reviewer, { proposalId: closed.id, code: 'retain' });
      expect(refused.code).toBe('INVALID_TRANSITION');
      expect(refused.messageZh).toMatch(/初审|复核/);
      expect(refused.messageEn).toMatch(/initial review/);
    }
    for (const other of [coordinator, department, legal, approver]) {
      expect((await vote(other, { proposalId: open.id, code: 'retain' })).code).toBe('FORBIDDEN');
    }
    expect(await rowCounts()).toEqual(counts);
  });

  it("keeps votes inside the team: the department gets no votes, consensus or disagreement, and node(id) is refused", async () => {
    const proposal = (await proposalsAt(['INITIAL_REVIEW'])).find((p) => p.voteCount >= 2)!;
    const team = await deliberation(coordinator, proposal.id);
    expect(team.classificationVotes.length).toBeGreaterThanOrEqual(2);

    const department = await server.signIn(proposal.submittingUnit.code.toLowerCase());
    const seen = await deliberation(department, proposal.id);
    expect(seen).toMatchObject({ classificationVotes: [], classificationConsensus: null, classificationDisagreement: false });

    const byId = await department.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id ... on ClassificationVote { code } } }', {
      id: team.classificationVotes[0]!.id,
    });
    expect(byId.data?.node ?? null).toBeNull();
    expect(byId.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const observer = await server.signIn('observer');
    expect((await deliberation(observer, proposal.id)).classificationVotes).toHaveLength(team.classificationVotes.length);
  });
});

describe('final classification', () => {
  it('makes the reviewer who first sets it the lead reviewer, who alone among reviewers may change it', async () => {
    // Not yet classified: an initial review still under way (past it, the lifecycle requires the classification).
    const proposal = (await proposalsAt(['INITIAL_REVIEW'])).filter((p) => p.leadReviewer === null && p.voteCount === 1)[1]!;
    expect(proposal.leadReviewer).toBeNull();
    const [lead, other] = reviewers as [SignedInClient, SignedInClient];
    const v = proposal.version;

    const set = await setFinal(lead, { proposalId: proposal.id, code: 'agree_delegate', expectedVersion: v });
    expect(set).toMatchObject({ __typename: 'Proposal', classificationCode: 'agree_delegate', version: v + 1 });
    expect(set.leadReviewer?.id).toBe(await userIdOf(lead));

    const counts = await rowCounts();
    const refused = await setFinal(other, { proposalId: proposal.id, code: 'retain', expectedVersion: v + 1 });
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.messageZh).toContain('主审');
    const stale = await setFinal(lead, { proposalId: proposal.id, code: 'retain', expectedVersion: v });
    expect(stale).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', currentVersion: v + 1 });
    expect(await rowCounts()).toEqual(counts);

    const changed = await setFinal(lead, { proposalId: proposal.id, code: 'merge', expectedVersion: v + 1 });
    expect(changed).toMatchObject({ classificationCode: 'merge', version: v + 2 });
    const byCoordinator = await setFinal(coordinator, { proposalId: proposal.id, code: 'retain', expectedVersion: v + 2 });
    expect(byCoordinator).toMatchObject({ classificationCode: 'retain', version: v + 3, leadReviewer: { id: await userIdOf(lead) } });

    const entries = await server.database.opened.db
      .select()
      .from(activity)
      .where(and(eq(activity.action, 'proposal.classified'), eq(activity.proposalId, databaseId(proposal.id))))
      .orderBy(activity.id);
    expect(entries.map((e) => (e.after as { classificationCode: string }).classificationCode)).toEqual(['agree_delegate', 'merge', 'retain']);
    expect(entries.every((e) => e.entityType === 'proposal' && !e.internal)).toBe(true);
  });

  it('refuses codes outside the vocabulary, closed stages and other roles, writing nothing', async () => {
    const open = (await proposalsAt(['RECHECK']))[1]!;
    const consultation = (await proposalsAt(['CONSULTATION']))[0]!;
    const [legal, department] = await Promise.all([server.signIn('legal1'), server.signIn(open.submittingUnit.code.toLowerCase())]);
    const before = await server.database.opened.db.select().from(proposals).where(eq(proposals.id, databaseId(open.id)));
    const counts = await rowCounts();

    expect((await setFinal(coordinator, { proposalId: open.id, code: 'nonsense', expectedVersion: open.version })).code).toBe('VALIDATION');
    expect((await setFinal(coordinator, { proposalId: consultation.id, code: 'retain', expectedVersion: consultation.version })).code).toBe(
      'INVALID_TRANSITION',
    );
    for (const other of [legal, department]) {
      expect((await setFinal(other, { proposalId: open.id, code: 'retain', expectedVersion: open.version })).code).toBe('FORBIDDEN');
    }
    expect(await rowCounts()).toEqual(counts);
    expect(await server.database.opened.db.select().from(proposals).where(eq(proposals.id, databaseId(open.id)))).toEqual(before);
  });
});

describe('classification on a page of the queue', () => {
  it('costs the same number of statements for 50 proposals as for 5', async () => {
    const pageQuery = `query($first: Int, $f: ProposalFilter) { proposals(first: $first, filter: $f) { nodes {
      id classificationConsensus classificationDisagreement
      classificationVotes { code labelZh note reviewer { displayName unit { shortName } } }
      threadCount openThreadCount
    } } }`;
    const page = async (first: number) => {
      const response = await reviewers[0]!.graphql<{ proposals: { nodes: Deliberation[] } }>(pageQuery, {
        first,
        f: { campaignId, stages: ['INITIAL_REVIEW', 'RECHECK'] },
      });
      expect(response.errors).toBeUndefined();
      return { nodes: response.data!.proposals.nodes, statements: response.extensions!.queryStats!.statements };
    };
    const small = await page(5);
    const large = await page(50);
    expect(large.nodes).toHaveLength(50);
    expect(large.nodes.some((n) => n.classificationVotes.length > 1)).toBe(true);
    expect(large.nodes.some((n) => n.classificationDisagreement)).toBe(true);
    expect(large.statements).toBe(small.statements);
  });
});
