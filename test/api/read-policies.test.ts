import {
  activity,
  campaigns,
  commentThreads,
  consultations,
  districtFeedback,
  evaluations,
  handovers,
  licensingReports,
  keyTaskProgress,
  keyTasks,
  notifications,
  powerItemClaims,
  proposals,
  publicComments,
  reminders,
  savedViews,
  units,
  users,
} from '@devolve/db';
import { demoAccounts } from '@devolve/server/seed';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Viewer, viewerFor } from '../../server/src/accounts/permissions.ts';
import { canSeeEvent, visibleActivity } from '../../server/src/activity/visibility.ts';
import { canReadThread, visibleThreads } from '../../server/src/comments/visibility.ts';
import {
  canReadConsultation,
  canReadFeedback,
  visibleConsultations,
  visibleFeedback,
} from '../../server/src/consultations/visibility.ts';
import { EventAudience } from '../../server/src/events/audience.ts';
import type { ChangeEvent } from '../../server/src/events/change-event.ts';
import { eventColumns, eventsAfter, latestEventId } from '../../server/src/events/log.ts';
import { canReadEvaluation, visibleEvaluations } from '../../server/src/evaluations/visibility.ts';
import { canReadHandover, visibleHandovers } from '../../server/src/handovers/visibility.ts';
import { canReadLicensingReport, visibleLicensingReports } from '../../server/src/licensing-reports/visibility.ts';
import { canReadProgress, visibleProgress } from '../../server/src/key-tasks/visibility.ts';
import { canReadNotification, visibleNotifications } from '../../server/src/notifications/visibility.ts';
import { canReadClaim, visibleClaims } from '../../server/src/power-items/claims.ts';
import { canReadProposal, consultedUnitIdsOf, visibleProposals } from '../../server/src/proposals/visibility.ts';
import { canReadPublicComment, visiblePublicComments } from '../../server/src/public-comments/visibility.ts';
import { canReadReminder, visibleReminders } from '../../server/src/reminders/visibility.ts';
import { canReadSavedView, visibleSavedViews } from '../../server/src/saved-views/visibility.ts';
import { globalIdOf } from '../support/ids.ts';
import { subscribe } from '../support/sse.ts';
import { startTestServer, type GraphQLClient, type SignedInClient, type TestServer } from '../support/server.ts';

/**
 * Issue 10 items 18–20 and issue 11's "read policies written once": counts never reveal what
 * their viewer may not read, a department's draft is its own until submitted, account events
 * belong to their owner, and every read policy's SQL and in-memory forms agree for every demo
 * account and anonymous.
 */
let server: TestServer;
let observer: SignedInClient;
let reviewer: SignedInClient;
let department: SignedInClient;
let liaison: SignedInClient;
let campaignId: string;

const figureFields = 'proposalsSubmitted unitsSubmitting proposalsDecided delegationsApproved cancellationsApproved handoversTotal handoversTakenOver';
type Figures = Record<string, number>;
interface Group {
  key: string;
  count: number;
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  [observer, reviewer, department, liaison] = await Promise.all([
    server.signIn('observer'),
    server.signIn('reviewer1'),
    server.signIn('gz-scjgj'),
    server.signIn('district-440106'),
  ]);
  campaignId = (await server.graphql<{ campaign: { id: string } }>('{ campaign(year: 2019) { id } }')).data!.campaign.id;
  // The demo has no claims yet: the department claims one, so the claims policy has rows to tell apart.
  const items = await department.graphql<{ powerItems: { nodes: { id: string }[] } }>(
    '{ powerItems(first: 1, filter: { claimed: false }) { nodes { id } } }',
  );
  const claimed = await department.graphql<{ claimPowerItem: { __typename: string } }>(
    'mutation($input: ClaimPowerItemInput!) { claimPowerItem(input: $input) { __typename } }',
    { input: { powerItemId: items.data!.powerItems.nodes[0]!.id, reason: '本单位实际实施该事项。' } },
  );
  expect(claimed.errors).toBeUndefined();
});
afterAll(() => server?.close());

const proposalResult = (name: string) =>
  `${name}(input: $input) { __typename ... on Proposal { id stage version } ... on Error { code messageEn } }`;

let draftNumber = 0;
/** A new draft of gz-scjgj's, as its department writes it. */
async function newDraft(): Promise<{ id: string; version: number }> {
  draftNumber += 1;
  const response = await department.graphql<{ createProposal: { __typename: string; id: string; version: number } }>(
    `mutation($input: CreateProposalInput!) { ${proposalResult('createProposal')} }`,
    {
      input: {
        campaignId,
        action: 'ADD',
        proposedItemName: `对网络直播营销活动的监督检查（草稿 ${draftNumber}）`,
        powerType: 'INSPECTION',
        rationale: '本单位实际行使、清单未列的检查事项，建议新增。',
      },
    },
  );
  expect(response.data?.createProposal.__typename, JSON.stringify(response)).toBe('Proposal');
  return response.data!.createProposal;
}

async function submit(draft: { id: string; version: number }): Promise<void> {
  const response = await department.graphql<{ transitionProposal: { __typename: string; stage: string } }>(
    `mutation($input: TransitionProposalInput!) { ${proposalResult('transitionProposal')} }`,
    { input: { proposalId: draft.id, transition: 'SUBMIT', expectedVersion: draft.version } },
  );
  expect(response.data?.transitionProposal, JSON.stringify(response)).toMatchObject({ __typename: 'Proposal', stage: 'SUBMITTED' });
}

/** What `client` reads of the 2019 campaign: its counts, and the proposal list's own count. */
async function countsOf(client: GraphQLClient) {
  const response = await client.graphql<{
    campaign: { proposalCount: number; progress: { byStage: Group[]; byUnit: Group[]; byAction: Group[] }; figures: Figures };
    keyTask: { figures: Figures };
    all: { totalCount: number };
    submitted: { totalCount: number };
  }>(
    `query($c: ID!) {
      campaign(year: 2019) { proposalCount progress { byStage { key count } byUnit { key count } byAction { key count } } figures { ${figureFields} } }
      keyTask(year: 2019, number: 20) { figures { ${figureFields} } }
      all: proposals(first: 1, filter: { campaignId: $c }) { totalCount }
      submitted: proposals(first: 1, filter: { campaignId: $c, stages: [SUBMITTED, INITIAL_REVIEW, LEGALITY_REVIEW, RECHECK, CONSULTATION, UNIT_CONFIRMATION, APPROVAL, DECIDED] }) { totalCount }
    }`,
    { c: campaignId },
  );
  expect(response.errors).toBeUndefined();
  return response.data!;
}

const sum = (groups: Group[]) => groups.reduce((total, group) => total + group.count, 0);

describe('counts never reveal what their viewer may not read (issue 10 item 18)', () => {
  it('gives every client counts that agree with the proposals it may list', async () => {
    for (const client of [server, observer, department, liaison]) {
      const counts = await countsOf(client);
      const listed = counts.all.totalCount;
      expect(counts.campaign.proposalCount).toBe(listed);
      expect(sum(counts.campaign.progress.byStage)).toBe(listed);
      expect(sum(counts.campaign.progress.byUnit)).toBe(listed);
      expect(sum(counts.campaign.progress.byAction)).toBe(listed);
      expect(counts.campaign.figures.proposalsSubmitted).toBe(counts.submitted.totalCount);
      expect(counts.keyTask.figures).toEqual(counts.campaign.figures);
    }
  });

  it('shows an anonymous client nothing of a campaign under review', async () => {
    const counts = await countsOf(server);
    expect(counts.all.totalCount).toBe(0);
    expect(counts.campaign.proposalCount).toBe(0);
    expect(counts.campaign.progress.byUnit).toEqual([]);
    expect(Object.values(counts.campaign.figures)).toEqual(Array(7).fill(0));
  });

  it('counts for a department its own proposals, drafts included, and for a district only its own', async () => {
    const own = await countsOf(department);
    expect(own.campaign.progress.byUnit).toHaveLength(1);
    expect(own.campaign.progress.byStage.map((group) => group.key)).toContain('draft');
    const district = await countsOf(liaison);
    expect(district.campaign.proposalCount).toBeLessThan(7580);
    expect(district.campaign.progress.byStage.map((group) => group.key)).not.toContain('draft');
  });
});

describe("a department's draft is its own until submitted (issue 10 item 20)", () => {
  it('keeps drafts out of the team’s queue, counts and dashboard: 报送 is the 7,580 submitted', async () => {
    for (const client of [observer, reviewer]) {
      const counts = await countsOf(client);
      expect(counts.all.totalCount).toBe(7580);
      expect(counts.campaign.proposalCount).toBe(7580);
      expect(counts.campaign.figures.proposalsSubmitted).toBe(7580);
      expect(counts.campaign.figures.unitsSubmitting).toBe(44);
      expect(counts.campaign.progress.byStage.map((group) => group.key)).not.toContain('draft');
      const drafts = await client.graphql<{ proposals: { totalCount: number } }>(
        '{ proposals(first: 1, filter: { stages: [DRAFT] }) { totalCount } }',
      );
      expect(drafts.data!.proposals.totalCount).toBe(0);
    }
    const own = await department.graphql<{ proposals: { totalCount: number; nodes: { id: string }[] } }>(
      '{ proposals(first: 1, filter: { stages: [DRAFT] }) { totalCount nodes { id } } }',
    );
    expect(own.data!.proposals.totalCount).toBeGreaterThan(0);
    const seen = await observer.graphql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: own.data!.proposals.nodes[0]!.id });
    expect(seen.data?.node ?? null).toBeNull();
  });

  it('keeps a draft, its threads and its log from the team, live and in the log, until the department submits it', async () => {
    const since = await latestEventId(server.database.opened.db);
    const stream = subscribe<{ activityStream: { action: string; entityType: string; entityId: number } }>(
      server.url,
      'subscription($c: ID!) { activityStream(campaignId: $c) { action entityType entityId } }',
      { c: campaignId },
      observer.cookie,
    );
    const draft = await newDraft();
    const thread = await department.graphql<{ startCommentThread: { __typename: string; id: string } }>(
      `mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename ... on CommentThread { id } } }`,
      { input: { proposalId: draft.id, visibility: 'SHARED', body: '请处室核对事项名称后再报送。' } },
    );
    expect(thread.data?.startCommentThread.__typename).toBe('CommentThread');
    const threadId = thread.data!.startCommentThread.id;

    const read = (client: GraphQLClient) =>
      client.graphql<{ proposal: { id: string; viewerCan: { startThread: string[]; readThreads: boolean; readVotes: boolean } } | null; thread: { id: string } | null; log: { nodes: { action: string; entityType: string }[] } }>(
        `query($p: ID!, $t: ID!, $c: ID!, $since: Int!) {
          proposal: node(id: $p) { id ... on Proposal { viewerCan { startThread readThreads readVotes } } }
          thread: node(id: $t) { id }
          log: activity(campaignId: $c, since: $since, first: 100) { nodes { action entityType } }
        }`,
        { p: draft.id, t: threadId, c: campaignId, since },
      );
    const byDepartment = await read(department);
    expect(byDepartment.data!.proposal?.viewerCan).toEqual({ startThread: ['SHARED'], readThreads: true, readVotes: false });
    expect(byDepartment.data!.thread?.id).toBe(threadId);
    expect(byDepartment.data!.log.nodes.map((n) => n.action)).toEqual(
      expect.arrayContaining(['proposal.created', 'comment_thread.started', 'comment.created']),
    );
    for (const client of [observer, reviewer]) {
      const byTeam = await read(client);
      expect(byTeam.data?.proposal ?? null).toBeNull();
      expect(byTeam.data?.thread ?? null).toBeNull();
      expect(byTeam.data?.log.nodes ?? []).toEqual([]);
    }

    // Submitted: the team is told, and from then on reads the proposal, its thread and its history.
    await submit(draft);
    const event = await stream.next(10_000);
    expect(event.activityStream).toMatchObject({ action: 'proposal.transitioned', entityType: 'proposal' });
    expect(stream.pending()).toEqual([]);
    stream.close();
    const byTeam = await read(reviewer);
    expect(byTeam.data!.proposal?.viewerCan).toEqual({ startThread: ['INTERNAL', 'SHARED'], readThreads: true, readVotes: true });
    const byObserver = await read(observer);
    expect(byObserver.data!.proposal?.viewerCan).toEqual({ startThread: [], readThreads: true, readVotes: true });
    expect(byTeam.data!.thread?.id).toBe(threadId);
    expect(byTeam.data!.log.nodes.map((n) => n.action)).toEqual(
      expect.arrayContaining(['proposal.created', 'comment_thread.started', 'comment.created', 'proposal.transitioned']),
    );
  });
});

describe('account events belong to their owner (issue 10 item 19)', () => {
  it('shows sign-ins and API tokens to their owner only, in the log and live', async () => {
    const since = await latestEventId(server.database.opened.db);
    const stream = subscribe<{ activityStream: { action: string; entityType: string } }>(
      server.url,
      'subscription { activityStream { action entityType } }',
      {},
      observer.cookie,
    );
    const owner = await server.signIn('gz-zjj');
    const token = await owner.graphql<{ createApiToken: { __typename: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { __typename } }',
      { input: { name: 'privacy-test', readOnly: true } },
    );
    expect(token.data?.createApiToken.__typename).toBe('CreatedApiToken');
    // Then something the observer may see: the department submits a draft.
    await submit(await newDraft());

    const first = await stream.next(10_000);
    expect(first.activityStream).toMatchObject({ action: 'proposal.transitioned' });
    stream.close();

    const log = (client: GraphQLClient) =>
      client.graphql<{ activity: { nodes: { action: string; entityType: string; actor: { username: string } | null }[] } }>(
        'query($since: Int!) { activity(since: $since, first: 100) { nodes { action entityType actor { username } } } }',
        { since },
      );
    const accountTypes = ['user', 'session', 'api_token'];
    const ownLog = (await log(owner)).data!.activity.nodes;
    expect(ownLog.map((n) => n.action)).toEqual(expect.arrayContaining(['session.created', 'api_token.created']));
    for (const client of [observer, reviewer, department]) {
      const nodes = (await log(client)).data!.activity.nodes;
      expect(nodes.filter((n) => accountTypes.includes(n.entityType) && n.actor?.username !== client.username)).toEqual([]);
    }
  });
});

/** A demo account (or anonymous) as the read policies see it. */
async function demoViewers(): Promise<{ name: string; viewer: Viewer | null }[]> {
  const db = server.database.opened.db;
  const names = demoAccounts.map((account) => account.username);
  const rows = await db
    .select({ id: users.id, username: users.username, unitId: users.unitId, roles: users.roles })
    .from(users)
    .where(inArray(users.username, names));
  expect(rows).toHaveLength(names.length);
  return [
    { name: 'anonymous', viewer: null },
    ...rows.map((row) => ({ name: row.username, viewer: viewerFor(row.roles, row.unitId, row.id) })),
  ];
}

/** The ids `where` selects from `table`, sorted. */
async function idsWhere(table: PgTable & { id: unknown }, where: SQL | undefined): Promise<number[]> {
  const rows = (await server.database.opened.db
    .select({ id: sql<number>`${sql.identifier('id')}`.mapWith(Number) })
    .from(table)
    .where(where)) as { id: number }[];
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('each read policy’s SQL and in-memory forms agree for every demo account and anonymous', () => {
  /** Checks parity for every viewer; and that the policy tells viewers apart, so the check can fail. */
  async function expectParity(
    check: (viewer: Viewer | null) => Promise<{ sqlIds: number[]; memoryIds: number[] }>,
  ): Promise<void> {
    const sizes = new Set<number>();
    for (const { name, viewer } of await demoViewers()) {
      const { sqlIds, memoryIds } = await check(viewer);
      expect(memoryIds, name).toEqual(sqlIds);
      sizes.add(sqlIds.length);
    }
    expect(sizes.size).toBeGreaterThan(1);
  }

  it('proposals', async () => {
    const rows = await server.database.opened.db.query.proposals.findMany({
      columns: { id: true, submittingUnitId: true, stage: true, status: true },
      with: { campaign: { columns: { status: true } }, targetDistricts: { columns: { id: true } } },
      extras: { consultedUnitIds: (table) => consultedUnitIdsOf(table.id) },
    });
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(proposals, visibleProposals(proposals, viewer)),
      memoryIds: sorted(
        rows
          .filter((p) =>
            canReadProposal(viewer, { ...p, campaignStatus: p.campaign.status, targetDistrictIds: p.targetDistricts.map((d) => d.id) }),
          )
          .map((p) => p.id),
      ),
    }));
  });

  it('comment threads', async () => {
    const rows = await server.database.opened.db
      .select({
        id: commentThreads.id,
        visibility: commentThreads.visibility,
        submittingUnitId: proposals.submittingUnitId,
        proposalIsDraft: sql<boolean>`${proposals.stage} = 'draft'`,
      })
      .from(commentThreads)
      .innerJoin(proposals, eq(proposals.id, commentThreads.proposalId));
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(commentThreads, visibleThreads(commentThreads, viewer)),
      memoryIds: sorted(rows.filter((t) => canReadThread(viewer, t)).map((t) => t.id)),
    }));
  });

  it('consultations and district feedback', async () => {
    const db = server.database.opened.db;
    const consultationRows = await db
      .select({
        id: consultations.id,
        submittingUnitId: proposals.submittingUnitId,
        consultedUnitIds: sql<number[]>`array(select ${districtFeedback.districtId} from ${districtFeedback} where ${districtFeedback.consultationId} = ${consultations.id})`,
      })
      .from(consultations)
      .innerJoin(proposals, eq(proposals.id, consultations.proposalId));
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(consultations, visibleConsultations(consultations, viewer)),
      memoryIds: sorted(consultationRows.filter((c) => canReadConsultation(viewer, c)).map((c) => c.id)),
    }));
    const feedbackRows = await db
      .select({ id: districtFeedback.id, districtId: districtFeedback.districtId, submittingUnitId: proposals.submittingUnitId })
      .from(districtFeedback)
      .innerJoin(consultations, eq(consultations.id, districtFeedback.consultationId))
      .innerJoin(proposals, eq(proposals.id, consultations.proposalId));
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(districtFeedback, visibleFeedback(districtFeedback, viewer)),
      memoryIds: sorted(feedbackRows.filter((f) => canReadFeedback(viewer, f)).map((f) => f.id)),
    }));
  });

  it('handovers', async () => {
    const rows = await server.database.opened.db
      .select({ id: handovers.id, districtId: handovers.districtId, submittingUnitId: proposals.submittingUnitId })
      .from(handovers)
      .innerJoin(proposals, eq(proposals.id, handovers.proposalId));
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(handovers, visibleHandovers(handovers, viewer)),
      memoryIds: sorted(rows.filter((h) => canReadHandover(viewer, h)).map((h) => h.id)),
    }));
  });

  it('evaluations', async () => {
    const db = server.database.opened.db;
    const [campaign] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
    const unitRows = await db.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, ['GZ-SCJGJ', 'GZ-JTJ', '440106']));
    const [author] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'observer'));
    // Self-evaluations and assessments of two departments and a district, besides the seeded overall assessment.
    await db.insert(evaluations).values(
      unitRows.flatMap((unit) => [
        { campaignId: campaign!.id, unitId: unit.id, kind: 'self' as const, status: 'draft' as const, authorId: author!.id },
        { campaignId: campaign!.id, unitId: unit.id, kind: 'third_party' as const, authorId: author!.id, score: 4, summary: '良好' },
      ]),
    );
    const rows = await db.select({ id: evaluations.id, unitId: evaluations.unitId }).from(evaluations);
    expect(rows.some((row) => row.unitId === null)).toBe(true);
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(evaluations, visibleEvaluations(evaluations, viewer)),
      memoryIds: sorted(rows.filter((e) => canReadEvaluation(viewer, e)).map((e) => e.id)),
    }));
  });

  it('annual licensing reports', async () => {
    const rows = await server.database.opened.db
      .select({ id: licensingReports.id, unitId: licensingReports.unitId, status: licensingReports.status })
      .from(licensingReports);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['published', 'pending']));
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(licensingReports, visibleLicensingReports(licensingReports, viewer)),
      memoryIds: sorted(rows.filter((r) => canReadLicensingReport(viewer, r)).map((r) => r.id)),
    }));
  });

  it('key task progress entries', async () => {
    const db = server.database.opened.db;
    // The demo's entries are all published: a draft of the coordinator's, so the policy has rows to tell apart.
    const [task] = await db.select({ leadUnitId: keyTasks.leadUnitId }).from(keyTasks).limit(1);
    const [draftTask] = await db.insert(keyTasks).values({ year: 2019, number: 900, title: '草稿所属的重点工作', leadUnitId: task!.leadUnitId }).returning({ id: keyTasks.id });
    await db.insert(keyTaskProgress).values({ keyTaskId: draftTask!.id, quarter: 1, status: 'on_track', items: ['草稿。'] });
    const rows = await db.select({ id: keyTaskProgress.id, publishedAt: keyTaskProgress.publishedAt }).from(keyTaskProgress);
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(keyTaskProgress, visibleProgress(keyTaskProgress, viewer)),
      memoryIds: sorted(rows.filter((p) => canReadProgress(viewer, p)).map((p) => p.id)),
    }));
  });

  it('power item claims', async () => {
    const rows = await server.database.opened.db.select({ id: powerItemClaims.id, unitId: powerItemClaims.unitId }).from(powerItemClaims);
    expect(rows.length).toBeGreaterThan(0);
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(powerItemClaims, visibleClaims(powerItemClaims, viewer)),
      memoryIds: sorted(rows.filter((c) => canReadClaim(viewer, c.unitId)).map((c) => c.id)),
    }));
  });

  it('reminders', async () => {
    const db = server.database.opened.db;
    // A department, a district and one person chased, besides whatever the demo sent.
    const [department, district] = await Promise.all(
      ['GZ-JTJ', '440115'].map(async (code) => (await db.select({ id: units.id }).from(units).where(eq(units.code, code)))[0]!.id),
    );
    const [person] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'reviewer1'));
    const [campaign] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
    const coordinator = await server.signIn('coordinator');
    const sent = await coordinator.graphql<{ sendReminders: { __typename: string } }>(
      `mutation($input: SendRemindersInput!) { sendReminders(input: $input) { __typename } }`,
      {
        input: {
          campaignId: globalIdOf('Campaign', campaign!.id),
          channel: 'NOTICE',
          reminders: [
            { recipientId: globalIdOf('Unit', department!) },
            { recipientId: globalIdOf('Unit', district!) },
            { recipientId: globalIdOf('User', person!.id) },
          ],
        },
      },
    );
    expect(sent.data?.sendReminders.__typename).toBe('RemindersResult');
    const rows = await db.select({ id: reminders.id, recipientUnitId: reminders.recipientUnitId, recipientUserId: reminders.recipientUserId }).from(reminders);
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(reminders, visibleReminders(reminders, viewer)),
      memoryIds: sorted(rows.filter((r) => canReadReminder(viewer, r)).map((r) => r.id)),
    }));
  });

  it('saved views', async () => {
    const db = server.database.opened.db;
    // A private view of a reviewer's and a shared one of the coordinator's, besides any others.
    const coordinator = await server.signIn('coordinator');
    const create = (client: SignedInClient, name: string) =>
      client.graphql<{ createSavedView: { id: string; version: number } }>(
        'mutation($input: CreateSavedViewInput!) { createSavedView(input: $input) { ... on SavedView { id version } } }',
        { input: { name, filter: 'stage=recheck' } },
      );
    const privateView = await create(reviewer, '私有视图');
    expect(privateView.data?.createSavedView.id).toBeDefined();
    const sharedView = (await create(coordinator, '共享视图')).data!.createSavedView;
    const shared = await coordinator.graphql<{ setSavedViewShared: { __typename: string } }>(
      'mutation($input: SetSavedViewSharedInput!) { setSavedViewShared(input: $input) { __typename } }',
      { input: { id: sharedView.id, expectedVersion: sharedView.version, shared: true } },
    );
    expect(shared.data?.setSavedViewShared.__typename).toBe('SavedView');
    const rows = await db.select({ id: savedViews.id, ownerId: savedViews.ownerId, shared: savedViews.shared }).from(savedViews);
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(savedViews, visibleSavedViews(savedViews, viewer)),
      memoryIds: sorted(rows.filter((v) => canReadSavedView(viewer, v)).map((v) => v.id)),
    }));
  });

  it('public comments', async () => {
    const db = server.database.opened.db;
    // The demo's comments are received; one accepted and one dismissed, so every status is there to tell apart.
    const [first, second] = await db.select({ id: publicComments.id }).from(publicComments).orderBy(publicComments.id).limit(2);
    expect(second).toBeDefined();
    await db.update(publicComments).set({ status: 'accepted', reply: '感谢您的意见。' }).where(eq(publicComments.id, first!.id));
    await db.update(publicComments).set({ status: 'dismissed' }).where(eq(publicComments.id, second!.id));
    const rows = await db.select({ id: publicComments.id, status: publicComments.status }).from(publicComments);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['received', 'accepted', 'dismissed']));
    await expectParity(async (viewer) => ({
      sqlIds: await idsWhere(publicComments, visiblePublicComments(publicComments, viewer)),
      memoryIds: sorted(rows.filter((c) => canReadPublicComment(viewer, c)).map((c) => c.id)),
    }));
  });

  it('notifications', async () => {
    const db = server.database.opened.db;
    // What the demo's rules wrote, a reminder of a unit's (read through the reminders' policy, not
    // the log's), and two rows the rules never write: an internal entry in a department's inbox and
    // a reminder to another unit in a district's. The policy must hide those two from their owners.
    const coordinator = await server.signIn('coordinator');
    const [campaign] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
    const [chased] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'GZ-SCJGJ'));
    const sent = await coordinator.graphql<{ sendReminders: { __typename: string } }>(
      `mutation($input: SendRemindersInput!) { sendReminders(input: $input) { __typename } }`,
      { input: { campaignId: globalIdOf('Campaign', campaign!.id), channel: 'NOTICE', reminders: [{ recipientId: globalIdOf('Unit', chased!.id) }] } },
    );
    expect(sent.data?.sendReminders.__typename).toBe('RemindersResult');
    const owners = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['gz-scjgj', 'district-440106']));
    const ownerId = (username: string) => owners.find((owner) => owner.username === username)!.id;
    const [internalEntry] = await db.select({ id: activity.id }).from(activity).where(eq(activity.internal, true)).limit(1);
    const [reminderEntry] = await db
      .select({ id: activity.id })
      .from(activity)
      .innerJoin(reminders, eq(reminders.id, activity.entityId))
      .where(sql`${activity.entityType} = 'reminder' and ${reminders.recipientUnitId} = ${chased!.id}`)
      .limit(1);
    const planted = await db
      .insert(notifications)
      .values([
        { userId: ownerId('gz-scjgj'), activityId: internalEntry!.id, kind: 'mention' },
        { userId: ownerId('district-440106'), activityId: reminderEntry!.id, kind: 'reminder' },
      ])
      .returning({ id: notifications.id });

    const rows = await db.select({ id: notifications.id, userId: notifications.userId, activityId: notifications.activityId, kind: notifications.kind }).from(notifications);
    expect(rows.some((row) => row.kind === 'reminder')).toBe(true);
    // Each notification's entry as an event, and whom a reminder's entry chases: what the in-memory form decides by.
    const entryRows = await db
      .select({ event: eventColumns, recipientUnitId: reminders.recipientUnitId, recipientUserId: reminders.recipientUserId })
      .from(activity)
      .leftJoin(reminders, and(eq(activity.entityType, 'reminder'), eq(reminders.id, activity.entityId)))
      .where(inArray(activity.id, [...new Set(rows.map((row) => row.activityId))]));
    const entries = new Map(
      entryRows.map(({ event, recipientUnitId, recipientUserId }) => [
        event.id,
        { event, reminder: event.entityType === 'reminder' ? { recipientUnitId, recipientUserId } : null },
      ]),
    );
    const audience = new EventAudience(db);
    const hidden = new Set<number>();
    await expectParity(async (viewer) => {
      const memoryIds: number[] = [];
      for (const row of rows) {
        if (await canReadNotification(viewer, row, entries.get(row.activityId)!, audience)) memoryIds.push(row.id);
        else if (viewer?.userId === row.userId) hidden.add(row.id);
      }
      return { sqlIds: viewer === null ? [] : await idsWhere(notifications, visibleNotifications(notifications, viewer)), memoryIds: sorted(memoryIds) };
    });
    // Both rows the rules would never write are hidden from their owners, by both forms.
    for (const { id } of planted) expect(hidden.has(id)).toBe(true);
  });

  it('activity entries and the events published for them', async () => {
    const db = server.database.opened.db;
    // Account entries of several people and a draft's entries, besides the demo log.
    await Promise.all(['coordinator', 'gz-jtj', 'district-440115'].map((username) => server.signIn(username)));
    await newDraft();
    const events: ChangeEvent[] = [];
    for await (const event of eventsAfter(db, 0)) events.push(event);
    expect(events.some((event) => event.draft)).toBe(true);
    expect(events.some((event) => event.entityType === 'session')).toBe(true);
    // What canSeeEvent looks up (each proposal's unit, each consultation's districts), loaded
    // together first rather than one statement per entity in the loop below.
    const audience = new EventAudience(db);
    await Promise.all([
      ...[...new Set(events.flatMap((event) => (event.proposalId === null ? [] : [event.proposalId])))].map((id) => audience.unitOf(id)),
      ...[...new Set(events.filter((event) => event.entityType === 'consultation').map((event) => event.entityId))].map((id) =>
        audience.districtsOf(id),
      ),
    ]);
    await expectParity(async (viewer) => {
      const memoryIds: number[] = [];
      for (const event of events) if (await canSeeEvent(viewer, event, audience)) memoryIds.push(event.id);
      return { sqlIds: await idsWhere(activity, visibleActivity(activity, viewer)), memoryIds: sorted(memoryIds) };
    });
    // The whole log (about 70,000 entries) for every demo account: more than the default minute on a busy machine.
  }, 240_000);
});
