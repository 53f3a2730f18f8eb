import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../accounts/permissions.ts';
import { schema } from '../schema.ts';
import { sharingKey } from './shared-execution.ts';

const reviewer: Viewer = {
  userId: 7,
  unitId: 3,
  unitKind: 'review_body',
  roles: ['reviewer'],
  readOnly: false,
  credential: { kind: 'session', id: 1, expiresAt: '2030-01-01T00:00:00Z' },
};

const workspace = parse('subscription($id: ID!, $since: Int) { proposalChanged(proposalId: $id, since: $since) { sequence proposal { id } } }');
/** `$since` is also the page size of a nested list: it shapes the answer. */
const sinceNested = parse(
  'subscription($id: ID!, $since: Int) { proposalChanged(proposalId: $id, since: $since) { proposal { activity(first: $since) { nodes { sequence } } } } }',
);

const keyOf = (document: typeof workspace, variables: Record<string, unknown>, viewer: Viewer | null = reviewer) =>
  sharingKey({ schema, document, variableValues: variables, contextValue: { viewer } });

describe('sharingKey', () => {
  it("is one person's whatever the session and `since`, when `since` only says where the stream starts", () => {
    const key = keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==', since: 10 });
    expect(key).not.toBeNull();
    expect(keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==' })).toBe(key);
    expect(keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==', since: 99 }, { ...reviewer, credential: { kind: 'session', id: 2, expiresAt: '2030-01-01T00:00:00Z' } })).toBe(key);
  });

  it('differs for anything an answer depends on', () => {
    const key = keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==', since: 10 });
    const others = [
      keyOf(workspace, { id: 'UHJvcG9zYWw6Mg==', since: 10 }),
      keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==', since: 10 }, { ...reviewer, userId: 8 }),
      keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==', since: 10 }, { ...reviewer, unitId: 4 }),
      keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==', since: 10 }, { ...reviewer, roles: ['reviewer', 'coordinator'] }),
      keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==', since: 10 }, { ...reviewer, readOnly: true, credential: { kind: 'token', id: 1 } }),
      keyOf(parse('subscription($id: ID!) { proposalChanged(proposalId: $id) { sequence } }'), { id: 'UHJvcG9zYWw6MQ==' }),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
    // `since` used anywhere else is part of the answer.
    expect(keyOf(sinceNested, { id: 'UHJvcG9zYWw6MQ==', since: 1 })).not.toBe(keyOf(sinceNested, { id: 'UHJvcG9zYWw6MQ==', since: 2 }));
  });

  it('shares nothing without a viewer, or when the variables do not coerce', () => {
    expect(keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==' }, null)).toBeNull();
    expect(keyOf(workspace, { id: 'UHJvcG9zYWw6MQ==', since: 'soon' })).toBeNull();
  });
});
