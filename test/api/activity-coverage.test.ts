import { activity } from '@devolve/db';
import { asc, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFixtureEnv,
  fingerprint,
  fixtureCases,
  introspectMutations,
  lastActivityId,
  mutationFixtures,
  usernameOf,
  type FixtureEnv,
} from '../support/mutation-fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The activity log is the spine: every mutation appends who did what to which entity in its own
 * transaction, and a mutation that fails writes nothing, its log included.
 */
let server: TestServer;
let env: FixtureEnv;
/** Mutation name → the payload type its result union carries on success. */
let payloadTypes: Map<string, string>;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  env = await createFixtureEnv(server);
  payloadTypes = await introspectMutations(server);
});
afterAll(() => server?.close());

const errorTypes = { VALIDATION: 'ValidationError', CONFLICT: 'ConflictError' } as const;

/**
 * The exceptions to "every mutation writes activity": presence is ephemeral (see setTyping's
 * description) and writes nothing at all. Listed here rather than read from the server, so that
 * another exception is a deliberate change of this test.
 */
const ephemeralMutations: readonly string[] = ['setTyping'];

interface Outcome {
  __typename: string;
  code?: string;
}

describe('activity coverage', () => {
  it('has a fixture for every mutation of the schema', () => {
    expect(Object.keys(mutationFixtures).sort()).toEqual([...payloadTypes.keys()].sort());
  });
});

describe.each(fixtureCases)('$mutation: $label', ({ mutation, fixture }) => {
  const ephemeral = ephemeralMutations.includes(mutation);

  it(`${ephemeral ? 'writes nothing, being ephemeral' : 'records its actor, action and entity'} (as ${fixture.performer})`, async () => {
    const call = await fixture.prepare(env, fixture.performer);
    const since = await lastActivityId(env);
    const before = ephemeral ? await fingerprint(env) : null;
    const response = await (call.client ?? env.client(fixture.performer)).graphql<Record<string, Outcome>>(call.document, call.variables);
    expect(response.errors).toBeUndefined();
    expect(response.data![mutation]).toMatchObject({ __typename: payloadTypes.get(mutation) });
    if (ephemeral) {
      expect(await fingerprint(env)).toEqual(before);
      return;
    }

    const written = await env.db
      .select({ actorId: activity.actorId, action: activity.action, entityType: activity.entityType, entityId: activity.entityId })
      .from(activity)
      .where(gt(activity.id, since))
      .orderBy(asc(activity.id));
    await call.restore?.();
    // A public comment names no actor; everything else names who did it.
    const actorUsername = call.activityActor === undefined ? usernameOf(fixture.performer) : call.activityActor;
    const actorId = actorUsername === null ? null : env.userIds.get(actorUsername);
    expect(actorId).toBeDefined();
    expect(written.length).toBeGreaterThan(0);
    for (const row of written) {
      expect(row).toMatchObject({ actorId, action: expect.stringMatching(/\S/), entityType: expect.stringMatching(/\S/) });
      expect(row.entityId).toBeGreaterThan(0);
    }
  });

  it('writes nothing, activity included, when its input is invalid', async () => {
    const call = await fixture.prepare(env, fixture.performer);
    const before = await fingerprint(env);
    const client = call.invalid.client ?? call.client ?? env.client(fixture.performer);
    const response = await client.graphql<Record<string, Outcome>>(call.document, call.invalid.variables);
    expect(response.errors).toBeUndefined();
    expect(response.data![mutation]).toMatchObject({ __typename: errorTypes[call.invalid.code], code: call.invalid.code });
    expect(await fingerprint(env)).toEqual(before);
  });
});
