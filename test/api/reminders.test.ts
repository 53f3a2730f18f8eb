import { campaigns, proposals, units } from '@devolve/db';
import { and, asc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalIdOf } from '../support/ids.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';

/** 催办 over HTTP: the lead office chases, the unit chased finds it and marks it seen; nobody else sees it. */
let server: TestServer;
let coordinator: SignedInClient;
let campaignId: string;
let proposal: { id: string; unitId: string; username: string };

const send = /* GraphQL */ `
  mutation($input: SendRemindersInput!) {
    sendReminders(input: $input) {
      __typename
      ... on Error { code messageZh }
      ... on ValidationError { field }
      ... on RemindersResult { reminders { id subject subjectId channel message dueOn recipientUnit { code } sentBy { username } } }
    }
  }
`;
const listed = /* GraphQL */ `
  query($filter: ReminderFilter) { reminders(first: 50, filter: $filter) { totalCount nodes { id message acknowledgedAt } } }
`;

interface SendResult {
  sendReminders: {
    __typename: string;
    code?: string;
    field?: string;
    reminders?: { id: string; subject: string; subjectId: string | null; channel: string; message: string; dueOn: string; recipientUnit: { code: string }; sentBy: { username: string } }[];
  };
}
interface Listed {
  reminders: { totalCount: number; nodes: { id: string; message: string | null; acknowledgedAt: string | null }[] };
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
  const db = server.database.opened.db;
  const [campaign] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
  campaignId = globalIdOf('Campaign', campaign!.id);
  const [row] = await db
    .select({ id: proposals.id, unitId: proposals.submittingUnitId, code: units.code })
    .from(proposals)
    .innerJoin(units, eq(units.id, proposals.submittingUnitId))
    .where(and(eq(proposals.campaignId, campaign!.id), ne(proposals.stage, 'draft')))
    .orderBy(asc(proposals.id))
    .limit(1);
  proposal = { id: globalIdOf('Proposal', row!.id), unitId: globalIdOf('Unit', row!.unitId), username: row!.code.toLowerCase() };
});
afterAll(() => server?.close());

describe('reminders (催办)', () => {
  it('reach the department chased, which marks them seen; another department sees none of them', async () => {
    const message = `请于12月31日前反馈（${Date.now()}）`;
    const sent = await coordinator.graphql<SendResult>(send, {
      input: { campaignId, channel: 'NOTICE', message, dueOn: '2019-12-31', reminders: [{ recipientId: proposal.unitId, subjectId: proposal.id }] },
    });
    expect(sent.errors).toBeUndefined();
    const [reminder] = sent.data!.sendReminders.reminders!;
    expect(reminder).toMatchObject({ subject: 'PROPOSAL', subjectId: proposal.id, channel: 'NOTICE', message, dueOn: '2019-12-31', sentBy: { username: 'coordinator' } });

    const department = await server.signIn(proposal.username);
    const waiting = await department.graphql<Listed>(listed, { filter: { acknowledged: false } });
    expect(waiting.data!.reminders.nodes.map((r) => r.id)).toContain(reminder!.id);
    const other = await server.signIn(proposal.username === 'gz-jtj' ? 'gz-gaj' : 'gz-jtj');
    const seenByOther = await other.graphql<Listed>(listed, {});
    expect(seenByOther.data!.reminders.nodes.map((r) => r.id)).not.toContain(reminder!.id);
    const byNode = await other.graphql<{ node: unknown }>(`query($id: ID!) { node(id: $id) { id } }`, { id: reminder!.id });
    expect(byNode.data?.node ?? null).toBeNull();

    const acknowledged = await department.graphql<{ acknowledgeReminders: { __typename: string; reminders?: { acknowledgedAt: string | null }[] } }>(
      `mutation($input: AcknowledgeRemindersInput!) { acknowledgeReminders(input: $input) { __typename ... on RemindersResult { reminders { acknowledgedAt } } } }`,
      { input: { reminderIds: [reminder!.id] } },
    );
    expect(acknowledged.data!.acknowledgeReminders.reminders![0]!.acknowledgedAt).not.toBeNull();
    const after = await department.graphql<Listed>(listed, { filter: { acknowledged: false } });
    expect(after.data!.reminders.nodes.map((r) => r.id)).not.toContain(reminder!.id);
  });

  it('refuses a recipient or subject of the wrong kind and garbage ids with a field, sending nothing', async () => {
    const before = (await coordinator.graphql<Listed>(listed, {})).data!.reminders.totalCount;
    const cases: [Record<string, unknown>, string][] = [
      [{ recipientId: proposal.id }, 'input.reminders.1.recipientId'],
      [{ recipientId: proposal.unitId, subjectId: campaignId }, 'input.reminders.1.subjectId'],
      [{ recipientId: 'not-an-id' }, 'input.reminders.1.recipientId'],
    ];
    for (const [target, field] of cases) {
      const refused = await coordinator.graphql<SendResult>(send, { input: { campaignId, channel: 'PHONE', reminders: [{ recipientId: proposal.unitId }, target] } });
      expect(refused.data!.sendReminders, field).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field });
    }
    expect((await coordinator.graphql<Listed>(listed, {})).data!.reminders.totalCount).toBe(before);
  });
});
