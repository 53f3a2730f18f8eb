import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorNames,
  bookkeepingTables,
  createFixtureEnv,
  fingerprint,
  introspectMutations,
  mutationFixtures,
  signedInActors,
  type ActorName,
  type FixtureEnv,
} from '../support/mutation-fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Every mutation × every actor: the actors the table permits succeed; everyone else is refused
 * (FORBIDDEN; NOT_FOUND when they may not read the subject; UNAUTHENTICATED when anonymous) and
 * nothing in the database changes.
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

/**
 * Who may do what, written from the README's roles table, its lifecycle section and the schema's
 * descriptions of each mutation, not from the server's code. The subject is always a proposal
 * (or its thread, consultation, handover) of the own department, consulted with the target district.
 */
const people: readonly ActorName[] = signedInActors;
/** The review team members who discuss proposals; approvers and observers read but do not write. */
const teamWriters: readonly ActorName[] = ['coordinator', 'reviewer', 'legalReviewer'];
/** The whole review team, approvers and observers too, who open the queue and keep their own views of it. */
const viewKeepers: readonly ActorName[] = ['coordinator', 'reviewer', 'legalReviewer', 'approver', 'observer'];
const threadStewards: readonly ActorName[] = ['ownDepartment', 'reviewer', 'coordinator'];

const allowed: Record<string, Record<string, readonly ActorName[]>> = {
  login: { 'signs in with a password': [...people, 'anonymous'] },
  logout: { 'ends the current session': people },
  changePassword: { 'changes your own password': people },
  createApiToken: { 'creates a token of your own': people },
  revokeApiToken: { "revokes the coordinator's token": ['coordinator'] },
  markNotificationsRead: { 'all of your own': people },
  updateNotificationSettings: { 'your own settings': people },
  // Saved views of the review queue: the review team keeps its own; the coordinator shares.
  createSavedView: { "the queue's current filter": viewKeepers },
  updateSavedView: { 'your own view': viewKeepers },
  deleteSavedView: { 'your own view': viewKeepers },
  setSavedViewShared: { "the coordinator's own view": ['coordinator'] },

  createCampaign: { "a later year's round": ['coordinator'] },
  updateCampaign: { "next year's deadlines": ['coordinator'] },
  saveSelfEvaluation: { "the own unit's draft": ['ownDepartment', 'otherDepartment', 'targetDistrict', 'otherDistrict'] },
  submitSelfEvaluation: { "the own department's complete draft": ['ownDepartment'] },
  recordAssessment: { 'of the target district': ['observer'] },
  requestLicensingReports: { 'the reports on 2019': ['coordinator'] },
  publishLicensingReport: { "the own department's pending report": ['ownDepartment'] },
  createKeyTask: { 'a key task of 2019': ['coordinator'] },
  saveKeyTaskProgress: { "a quarter's first entry": ['coordinator'] },
  publishKeyTaskProgress: { "a quarter's draft": ['coordinator'] },
  createProposal: { 'about an item of the own department': ['ownDepartment'] },
  updateProposal: { 'a draft of the own department': ['ownDepartment'] },
  deleteDraftProposal: { 'a never-submitted draft of the own department': ['ownDepartment'] },
  transitionProposal: {
    'submit a draft': ['ownDepartment'],
    'withdraw a submitted proposal': ['ownDepartment'],
    'start the review': ['coordinator', 'reviewer'],
    'pass the initial review': ['coordinator', 'reviewer'],
    'return at the initial review': ['reviewer'],
    'reject at the initial review': ['reviewer'],
    'resubmit a returned proposal': ['ownDepartment'],
    'complete the legality review': ['legalReviewer', 'coordinator'],
    'pass the re-check': ['coordinator', 'reviewer'],
    'close the consultation': ['coordinator'],
    'confirm the outcome': ['ownDepartment'],
    'contest the outcome': ['ownDepartment'],
    'approve at the approval': ['approver'],
    'reject at the approval': ['approver'],
  },
  bulkTransitionProposals: {
    'start the review of two': ['coordinator', 'reviewer'],
    'complete the legality review of two': ['legalReviewer', 'coordinator'],
  },
  recordLegalityOpinion: { 'at the legality review': ['legalReviewer'] },

  voteClassification: { 'at the initial review': ['reviewer'] },
  setFinalClassification: {
    'without a lead reviewer': ['coordinator', 'reviewer'],
    'led by another reviewer': ['coordinator'],
  },

  startCommentThread: { 'a shared thread': [...teamWriters, 'ownDepartment'], 'an internal thread': teamWriters },
  replyToThread: { 'in a shared thread': [...teamWriters, 'ownDepartment'], 'in an internal thread': teamWriters },
  setTyping: { 'in a shared thread': [...teamWriters, 'ownDepartment'] },
  editComment: { "the own department's comment": ['ownDepartment'] },
  resolveThread: { "the own department's open thread": threadStewards },
  reopenThread: { "the own department's resolved thread": threadStewards },

  openConsultation: { 'a delegation at the consultation stage': ['coordinator'] },
  openConsultations: { 'a delegation at the consultation stage, also asking another department': ['coordinator'] },
  answerConsultation: { "the target district's question": ['targetDistrict'] },
  updateHandover: { "the target district's handover": ['coordinator', 'targetDistrict'] },

  claimPowerItem: { 'an unclaimed item': ['ownDepartment', 'otherDepartment'] },
  settleClaim: { 'a pending claim': ['coordinator'] },
  assignPowerItem: { 'an unclaimed item nobody claimed': ['coordinator'] },
  previewImport: { "the own department's power list": ['coordinator', 'ownDepartment'] },
  remapImport: { 'its own preview': ['ownDepartment'] },
  commitImport: { 'its own preview': ['ownDepartment'] },
  discardImport: { 'its own preview': ['ownDepartment'] },
  commentOnHandover: { "the target district's handover": ['coordinator'] },

  assignReviewers: { 'a proposal under review': ['coordinator'] },

  sendReminders: { 'the own department about its proposal': ['coordinator'] },
  acknowledgeReminders: { 'a reminder to the own department': ['ownDepartment'] },
  unassignReviewer: { 'an assigned reviewer': ['coordinator'] },

  // The public consultation: anyone may comment, signed in or not (a read-only token never writes);
  // the review team and the coordinator moderate.
  submitPublicComment: { 'on a proposal put to the public': [...people, 'anonymous'] },
  moderatePublicComments: { 'accept a comment with a reply': ['coordinator', 'reviewer'] },
};

/**
 * Of the refused, those whose role may make the call but who may not read its subject (README's
 * read rules: a draft is its department's alone; a department reads only its own proposals and
 * their shared threads; a district only its own feedback and handovers). They get NOT_FOUND, as
 * for an id that names no row, so a refusal never confirms the row exists; the rest get FORBIDDEN.
 */
const notReadingDraft: readonly ActorName[] = ['coordinator', 'reviewer', 'legalReviewer', 'approver', 'otherDepartment'];
const otherDepartmentOnly: readonly ActorName[] = ['otherDepartment'];
/** An import is read by its uploader alone: the others who may import get NOT_FOUND. */
const otherImporters: readonly ActorName[] = ['coordinator', 'otherDepartment'];
const unreadableBy: Record<string, Record<string, readonly ActorName[]>> = {
  remapImport: { 'its own preview': otherImporters },
  commitImport: { 'its own preview': otherImporters },
  discardImport: { 'its own preview': otherImporters },
  updateProposal: { 'a draft of the own department': otherDepartmentOnly },
  deleteDraftProposal: { 'a never-submitted draft of the own department': otherDepartmentOnly },
  transitionProposal: Object.fromEntries(
    Object.keys(allowed.transitionProposal!).map((label) => [label, label === 'submit a draft' ? notReadingDraft : otherDepartmentOnly]),
  ),
  startCommentThread: { 'a shared thread': otherDepartmentOnly, 'an internal thread': otherDepartmentOnly },
  replyToThread: { 'in a shared thread': otherDepartmentOnly, 'in an internal thread': ['ownDepartment', 'otherDepartment'] },
  setTyping: { 'in a shared thread': otherDepartmentOnly },
  editComment: { "the own department's comment": otherDepartmentOnly },
  resolveThread: { "the own department's open thread": otherDepartmentOnly },
  reopenThread: { "the own department's resolved thread": otherDepartmentOnly },
  answerConsultation: { "the target district's question": ['otherDistrict', 'otherDepartment'] },
  updateHandover: { "the target district's handover": ['otherDistrict'] },
  // A unit reads its own self-evaluation and its pending report; published reports are public.
  submitSelfEvaluation: { "the own department's complete draft": ['otherDepartment', 'targetDistrict', 'otherDistrict'] },
  publishLicensingReport: { "the own department's pending report": otherDepartmentOnly },
  acknowledgeReminders: { 'a reminder to the own department': ['otherDepartment', 'targetDistrict', 'otherDistrict'] },
};

interface Outcome {
  __typename: string;
  code?: string;
  messageEn?: string;
  /** Bulk results: one outcome per proposal. */
  results?: { ok: boolean; error: { code: string } | null }[];
}

describe('the authorization matrix', () => {
  it('covers every mutation of the schema, each case with a fixture whose performer it permits', () => {
    expect(Object.keys(allowed).sort()).toEqual([...payloadTypes.keys()].sort());
    for (const [mutation, cases] of Object.entries(allowed)) {
      expect(Object.keys(mutationFixtures[mutation] ?? {}).sort(), mutation).toEqual(Object.keys(cases).sort());
      for (const [label, actors] of Object.entries(cases)) {
        expect(actors, `${mutation}: ${label}`).toContain(mutationFixtures[mutation]![label]!.performer);
      }
    }
  });
});

const cells = Object.entries(allowed).flatMap(([mutation, cases]) =>
  Object.entries(cases).map(([label, actors]) => ({ mutation, label, actors })),
);

describe.each(cells)('$mutation: $label', ({ mutation, label, actors }) => {
  it.each(actorNames)('as %s', async (actor) => {
    const fixture = mutationFixtures[mutation]?.[label];
    if (!fixture) throw new Error(`No fixture for ${mutation}: ${label}`);
    // Prepared afresh for every actor, so the call is one a permitted actor would make successfully.
    const call = await fixture.prepare(env, actor);
    const permitted = actors.includes(actor);
    const before = permitted ? null : await fingerprint(env, bookkeepingTables(mutation));

    const response = await (call.client ?? env.client(actor)).graphql<Record<string, Outcome>>(call.document, call.variables);
    expect(response.errors).toBeUndefined();
    const result = response.data![mutation]!;
    const cell = `${mutation} (${label}) as ${actor}`;

    if (permitted) {
      expect(result, cell).toMatchObject({ __typename: payloadTypes.get(mutation) });
      // A bulk call succeeds only if every proposal in it does.
      if (result.results) expect(result.results.filter((item) => !item.ok), cell).toEqual([]);
      await call.restore?.();
      return;
    }
    const refusal = unreadableBy[mutation]?.[label]?.includes(actor)
      ? { __typename: 'NotFoundError', code: 'NOT_FOUND' }
      : { __typename: 'ForbiddenError', code: 'FORBIDDEN' };
    if (actor !== 'anonymous' && result.results) {
      // A bulk move checks each proposal on its own (README): refusing every one is a refusal too.
      expect(result.results.map((item) => item.error?.code ?? 'OK'), cell).toEqual(result.results.map(() => refusal.code));
    } else {
      expect(result, cell).toMatchObject(actor === 'anonymous' ? { __typename: 'UnauthenticatedError', code: 'UNAUTHENTICATED' } : refusal);
    }
    expect(await fingerprint(env, bookkeepingTables(mutation)), `${cell} changed the database`).toEqual(before);
  });
});
