import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInClient, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 12, key task progress: the lead office sets the 2020 key task, writes a quarter's entry
 * as a draft quoting live figures, previews it, publishes it, and `keyTask` then gives it to
 * anyone with its figures filled. Drafts are the coordinator's only.
 */
let server: TestServer;
let coordinator: SignedInClient;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  coordinator = await server.signIn('coordinator');
});
afterAll(() => server?.close());

interface Entry { id: string; status: string; items: string[]; template: string[]; publishedAt: string | null; version: number }
interface Task { __typename: string; id: string; quarters: { quarter: number; goals: string[]; progress: Entry | null; draft: Entry | null }[]; code?: string; field?: string }
const taskFields = `__typename ... on KeyTask { id quarters { quarter goals progress { id status items template publishedAt version } draft { id status items template publishedAt version } } }
  ... on Error { code } ... on ValidationError { field }`;
const createTask = `mutation($input: CreateKeyTaskInput!) { createKeyTask(input: $input) { ${taskFields} } }`;
const save = `mutation($input: SaveKeyTaskProgressInput!) { saveKeyTaskProgress(input: $input) { ${taskFields} } }`;
const publish = `mutation($input: PublishKeyTaskProgressInput!) { publishKeyTaskProgress(input: $input) { ${taskFields} } }`;
const read = `{ keyTask(year: 2020, number: 20) { quarters { quarter progress { status items publishedAt } draft { items } } } }`;

describe('key task progress', () => {
  it('keeps the 2019 task\'s entries published, as the seed page has them', async () => {
    const response = await server.graphql<{ keyTask: { quarters: { progress: { publishedAt: string | null } | null; draft: unknown }[] } }>(
      '{ keyTask(year: 2019, number: 20) { quarters { progress { publishedAt } draft { status } } } }',
    );
    expect(response.errors).toBeUndefined();
    for (const quarter of response.data!.keyTask.quarters) {
      expect(quarter.progress?.publishedAt).toBeTruthy();
      expect(quarter.draft).toBeNull();
    }
  });

  it('sets the 2020 task, drafts a quarter with a live figure, publishes it, and keyTask gives it to everyone filled', async () => {
    const campaign = (await server.graphql<{ campaign: { id: string; figures: { proposalsSubmitted: number } } }>('{ campaign(year: 2020) { id figures { proposalsSubmitted } } }')).data!.campaign;
    const created = await coordinator.graphql<{ createKeyTask: Task }>(createTask, {
      input: { year: 2020, number: 20, title: '继续推进简政放权。', campaignId: campaign.id, goals: [{ quarter: 1, texts: ['制订 2020 年工作方案。'] }] },
    });
    expect(created.errors).toBeUndefined();
    const task = created.data!.createKeyTask;
    expect(task.__typename).toBe('KeyTask');
    expect(task.quarters[0]!.goals).toEqual(['制订 2020 年工作方案。']);

    const refused = await coordinator.graphql<{ saveKeyTaskProgress: Task }>(save, {
      input: { keyTaskId: task.id, quarter: 1, status: 'ON_TRACK', items: ['报送{proposalCount}项'] },
    });
    expect(refused.data!.saveKeyTaskProgress).toMatchObject({ __typename: 'ValidationError', field: 'input.items.0' });

    const drafted = await coordinator.graphql<{ saveKeyTaskProgress: Task }>(save, {
      input: { keyTaskId: task.id, quarter: 1, status: 'ON_TRACK', items: ['制定了工作方案。', '{unitsSubmitting}个市直部门报送{proposalsSubmitted}项精简意见。'] },
    });
    const draft = drafted.data!.saveKeyTaskProgress.quarters[0]!.draft!;
    expect(draft).toMatchObject({
      status: 'ON_TRACK',
      publishedAt: null,
      template: ['制定了工作方案。', '{unitsSubmitting}个市直部门报送{proposalsSubmitted}项精简意见。'],
      items: ['制定了工作方案。', `0个市直部门报送${campaign.figures.proposalsSubmitted}项精简意见。`],
    });
    expect(drafted.data!.saveKeyTaskProgress.quarters[0]!.progress).toBeNull();
    // Only the coordinator reads a draft.
    for (const reader of [server, await server.signIn('observer')]) {
      const seen = await reader.graphql<{ keyTask: { quarters: { progress: unknown; draft: unknown }[] } }>(read);
      expect(seen.data!.keyTask.quarters[0]).toEqual({ quarter: 1, progress: null, draft: null });
    }

    const stale = await coordinator.graphql<{ saveKeyTaskProgress: Task }>(save, {
      input: { keyTaskId: task.id, quarter: 1, status: 'DONE', items: ['改写。'], expectedVersion: draft.version + 1 },
    });
    expect(stale.data!.saveKeyTaskProgress).toMatchObject({ __typename: 'ConflictError' });

    const published = await coordinator.graphql<{ publishKeyTaskProgress: Task }>(publish, { input: { progressId: draft.id, expectedVersion: draft.version } });
    expect(published.data!.publishKeyTaskProgress.quarters[0]!.progress).toMatchObject({ status: 'ON_TRACK', items: draft.items });
    const anonymous = await server.graphql<{ keyTask: { quarters: { progress: { items: string[]; publishedAt: string } | null }[] } }>(read);
    expect(anonymous.data!.keyTask.quarters[0]!.progress!.items[1]).toMatch(/^\d+个市直部门报送\d+项精简意见。$/);
    expect(anonymous.data!.keyTask.quarters[0]!.progress!.publishedAt).toBeTruthy();

    const again = await coordinator.graphql<{ publishKeyTaskProgress: Task }>(publish, { input: { progressId: draft.id, expectedVersion: draft.version + 1 } });
    expect(again.data!.publishKeyTaskProgress).toMatchObject({ __typename: 'InvalidTransitionError' });
    const rewrite = await coordinator.graphql<{ saveKeyTaskProgress: Task }>(save, {
      input: { keyTaskId: task.id, quarter: 1, status: 'DONE', items: ['改写。'], expectedVersion: draft.version + 1 },
    });
    expect(rewrite.data!.saveKeyTaskProgress).toMatchObject({ __typename: 'InvalidTransitionError' });
  });

  it('offers the figures an entry may quote with their values now', async () => {
    const response = await coordinator.graphql<{ keyTask: { availableFigures: { placeholder: string; labelZh: string; value: number | null }[] } }>(
      '{ keyTask(year: 2019, number: 20) { availableFigures { placeholder labelZh value } } }',
    );
    expect(response.data!.keyTask.availableFigures).toContainEqual({ placeholder: '{proposalsSubmitted}', labelZh: '报送的精简意见数', value: 7580 });
  });
});
