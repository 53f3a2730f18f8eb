import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookkeepingTables,
  createFixtureEnv,
  fingerprint,
  introspectMutations,
  mutationFixtures,
  type FixtureEnv,
} from '../support/mutation-fixtures.ts';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/server.ts';

/**
 * The hostile-input suite (issue 10, "Done when"): every mutation is sent, as someone it permits,
 * the call its fixture prepares with one argument at a time replaced by each value of a family of
 * bad values for that argument's type: empty, huge, NUL, the wrong type, an id of the wrong type,
 * impossible dates, out-of-range numbers. The families come from the schema (introspection), so a
 * new mutation or input field is covered without writing anything here. Every answer must be a
 * typed error (a GraphQL error with a code, or an error member of the result union), never a 5xx
 * or INTERNAL; the database must not change and the server must stay up.
 */
let server: TestServer;
let env: FixtureEnv;
let schema: IntrospectedSchema;
let errorTypes: Set<string>;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  env = await createFixtureEnv(server);
  await introspectMutations(server);
  schema = await introspect(server);
  errorTypes = new Set(schema.possibleTypes.get('Error') ?? []);
  // The demo data's own proposals under initial review all have the reviewer assignReviewers'
  // fixture assigns (the authorization matrix moves more there as it goes): start one review.
  const start = await mutationFixtures.transitionProposal!['start the review']!.prepare(env, 'coordinator');
  const started = await env.client('coordinator').graphql<{ transitionProposal: { __typename: string } }>(start.document, start.variables);
  expect(started.data?.transitionProposal.__typename).toBe('Proposal');
});

/** What a refused call may still write: login and a wrong current password count the attempt. */
const bookkeeping = (mutation: string) => [...bookkeepingTables(mutation), ...(mutation === 'changePassword' ? ['login_attempts'] : [])];
afterAll(() => server?.close());

// --- the schema ---------------------------------------------------------------------------------

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputField {
  name: string;
  type: TypeRef;
}
interface IntrospectedSchema {
  /** Input object name → its fields. */
  inputs: Map<string, InputField[]>;
  /** Mutation name → its arguments. */
  mutations: Map<string, InputField[]>;
  /** Abstract type → its members. */
  possibleTypes: Map<string, string[]>;
  enums: Set<string>;
}

const typeRef = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

async function introspect(on: TestServer): Promise<IntrospectedSchema> {
  const response = await on.graphql<{
    __schema: {
      mutationType: { fields: { name: string; args: InputField[] }[] };
      types: { kind: string; name: string; inputFields: InputField[] | null; possibleTypes: { name: string }[] | null }[];
    };
  }>(`{ __schema {
    mutationType { fields { name args { name type { ${typeRef} } } } }
    types { kind name inputFields { name type { ${typeRef} } } possibleTypes { name } }
  } }`);
  if (!response.data) throw new Error(`Introspection failed: ${JSON.stringify(response.errors)}`);
  const { types, mutationType } = response.data.__schema;
  return {
    inputs: new Map(types.filter((type) => type.inputFields).map((type) => [type.name, type.inputFields!])),
    mutations: new Map(mutationType.fields.map((field) => [field.name, field.args])),
    possibleTypes: new Map(types.filter((type) => type.possibleTypes).map((type) => [type.name, type.possibleTypes!.map((member) => member.name)])),
    enums: new Set(types.filter((type) => type.kind === 'ENUM').map((type) => type.name)),
  };
}

// --- the bad values -----------------------------------------------------------------------------

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const huge = '长'.repeat(60_000);
const typenameOf = (id: unknown) => (typeof id === 'string' ? Buffer.from(id, 'base64').toString().split(':')[0] : undefined);

/** Bad values for one place of a named type; `valid` is the value the fixture put there, if any. */
function badScalars(typeName: string, required: boolean, valid: unknown): { label: string; value: unknown }[] {
  const family = (values: Record<string, unknown>) => Object.entries(values).map(([label, value]) => ({ label, value }));
  const wrongType = { 'wrong type (object)': { not: 'this' }, 'wrong type (list)': [[1]] };
  switch (typeName) {
    case 'String':
      return family({ ...(required ? { empty: '', blank: ' \n\t ' } : {}), huge, NUL: 'a\u0000b', 'control character': 'a\u0007b', 'wrong type (number)': 42, ...wrongType });
    case 'ID': {
      const other = typenameOf(valid) === 'Unit' ? 'ApiToken' : 'Unit';
      return family({
        empty: '',
        'not base64': 'abc!',
        'unknown type': base64('NoSuchType:1'),
        'prototype key': base64('__proto__:1'),
        'wrong id type': base64(`${other}:1`),
        'not canonical': base64(`${typenameOf(valid) ?? 'Proposal'}:1e0`),
        'out of range': base64(`${typenameOf(valid) ?? 'Proposal'}:2147483648`),
        huge: base64(`Proposal:${'9'.repeat(5_000)}`),
        NUL: `${String(valid ?? '')}\u0000`,
        'wrong type (number)': 7,
        ...wrongType,
      });
    }
    case 'Int':
      return family({ 'too large': 2_147_483_648, 'too small': -2_147_483_649, negative: -1, fraction: 1.5, 'wrong type (string)': '1', ...wrongType });
    case 'Float':
      return family({ 'not finite (string)': 'NaN', ...wrongType });
    case 'Boolean':
      return family({ 'wrong type (string)': 'true', 'wrong type (number)': 1, ...wrongType });
    case 'Date':
      return family({ 'impossible date': '2019-02-31', 'year zero': '0000-01-01', 'year 275760': '+275760-09-13', empty: '', NUL: '2019-01-01\u0000', 'wrong type (number)': 20190101 });
    case 'DateTime':
      return family({
        'impossible date': '2019-02-31T08:00:00Z',
        'year zero': '0000-01-01T00:00:00Z',
        'year 275760': '+275760-09-13T00:00:00.000Z',
        'no time': '2019-09-30',
        empty: '',
        'wrong type (number)': 0,
      });
    default:
      if (schema.enums.has(typeName)) return family({ 'not a value': 'NOT_A_VALUE', empty: '', 'wrong type (number)': 1, ...wrongType });
      if (schema.inputs.has(typeName)) return family({ 'wrong type (string)': 'x', 'wrong type (number)': 1, ...(required ? { empty: {} } : {}) });
      return family(wrongType);
  }
}

interface BadCall {
  /** Where the bad value is, e.g. `input.items[0].proposalId`, and which value. */
  label: string;
  variables: Record<string, unknown>;
}

/** A copy of `root` with the value at `path` replaced. */
function replaced(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((item, i) => (i === head ? replaced(item, rest, value) : item));
  const object = (root ?? {}) as Record<string, unknown>;
  return { ...object, [head!]: replaced(object[head!], rest, value) };
}

const at = (root: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], root);

/** Every bad call for one mutation: each place its arguments have, each value of the family for that place's type. */
function badCalls(args: InputField[], variables: Record<string, unknown>): BadCall[] {
  const calls: BadCall[] = [];
  const spoil = (root: Record<string, unknown>, path: (string | number)[], label: string, value: unknown) =>
    calls.push({ label: `${path.join('.')} = ${label}`, variables: replaced(root, path, value) as Record<string, unknown> });
  const visit = (root: Record<string, unknown>, type: TypeRef, path: (string | number)[], required: boolean, depth: number) => {
    if (type.kind === 'NON_NULL') {
      spoil(root, path, 'null', null);
      visit(root, type.ofType!, path, true, depth);
      return;
    }
    const valid = at(root, path);
    if (type.kind === 'LIST') {
      if (required) spoil(root, path, '[] (empty list)', []);
      const element = Array.isArray(valid) && valid.length > 0 ? valid[0] : undefined;
      if (element !== undefined) spoil(root, path, '2,000 × its first element (huge list)', Array.from({ length: 2_000 }, () => element));
      spoil(root, path, '[null]', [null]);
      // The element's family in a list of that one element: a bulk call moves each item on its own,
      // so a valid second item would rightly go through. (No element sent: [null] above is all.)
      if (element !== undefined) visit(replaced(root, path, [element]) as Record<string, unknown>, type.ofType!, [...path, 0], true, depth);
      return;
    }
    for (const { label, value } of badScalars(type.name!, required, valid)) spoil(root, path, label, value);
    const fields = schema.inputs.get(type.name!);
    // Nested input objects: only inside the value the fixture sent (a made-up object would fail on its other fields).
    if (fields && depth < 3 && valid !== null && typeof valid === 'object') {
      for (const field of fields) visit(root, field.type, [...path, field.name], false, depth + 1);
    }
  };
  for (const arg of args) visit(variables, arg.type, [arg.name], false, 0);
  return calls;
}

// --- the outcome --------------------------------------------------------------------------------

interface Outcome {
  __typename?: string;
  code?: string;
  results?: { ok: boolean; error: { code: string } | null }[];
}

/** Why a response is not a typed refusal, or null when it is one. */
function untyped(mutation: string, response: GraphQLResponse<Record<string, Outcome | null>>): string | null {
  if (response.status >= 500) return `HTTP ${response.status}`;
  const codes = response.errors?.map((error) => error.extensions?.code) ?? [];
  if (codes.includes('INTERNAL')) return 'INTERNAL';
  if (codes.length > 0) return codes.every((code) => typeof code === 'string') ? null : `an error without a code: ${JSON.stringify(response.errors)}`;
  const result = response.data?.[mutation];
  if (result?.__typename && errorTypes.has(result.__typename) && result.code) return null;
  // A bulk call answers per proposal: refused when each one is, each with a code.
  if (result?.results && result.results.length > 0 && result.results.every((item) => !item.ok && item.error?.code)) return null;
  return `accepted: ${JSON.stringify(result)}`;
}

const concurrency = 8;

async function inBatches<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += concurrency) results.push(...(await Promise.all(items.slice(i, i + concurrency).map(run))));
  return results;
}

describe('hostile input to every mutation', () => {
  it('covers every mutation of the schema', () => {
    expect([...schema.mutations.keys()].filter((name) => !mutationFixtures[name])).toEqual([]);
  });

  // The fixtures' first case of each mutation: the call a permitted actor would make successfully.
  const mutations = Object.keys(mutationFixtures);

  it.each(mutations)('%s: each bad value is a typed error that changes nothing', async (mutation) => {
    const [label, fixture] = Object.entries(mutationFixtures[mutation]!)[0]!;
    const call = await fixture.prepare(env, fixture.performer);
    const client = call.client ?? env.client(fixture.performer);
    const calls = badCalls(schema.mutations.get(mutation)!, call.variables);
    expect(calls.length, `${mutation} (${label}) has arguments to spoil`).toBeGreaterThan(mutation === 'logout' ? -1 : 0);

    const before = await fingerprint(env, bookkeeping(mutation));
    const failures = (
      await inBatches(calls, async (bad) => {
        const response = await client.graphql<Record<string, Outcome | null>>(call.document, bad.variables);
        const why = untyped(mutation, response);
        return why === null ? null : `${bad.label}: ${why}`;
      })
    ).filter((failure) => failure !== null);
    expect(failures, `${mutation} (${label})`).toEqual([]);
    const after = await fingerprint(env, bookkeeping(mutation));
    expect(Object.keys(after).filter((table) => JSON.stringify(after[table]) !== JSON.stringify(before[table])), `${mutation} changed these tables`).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
