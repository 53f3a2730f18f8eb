import { campaigns, consultations, proposalDistricts, proposals, type PowerTypeCode, reviewRecords } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import { proposalRefusal, type Viewer } from '../accounts/permissions.ts';
import type { ActivityEntry, Command, Mutation } from '../activity/mutate.ts';
import { updateVersioned } from '../activity/mutate.ts';
import {
  ConflictError,
  type DevolveError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from '../errors.ts';
import { inIds } from '../id-lists.ts';
import { joinedById, jsonRows } from '../json-rows.ts';
import { requireAllReadable, requireReadable } from '../readable.ts';
import { optionalText, textLimits } from '../text-input.ts';
import { checkContent, loadContentLookups, type ProposalContent, type ProposalContentInput, readContent } from './content.ts';
import { applyApprovals, excludeUnapprovedDistricts } from './decisions.ts';
import { type LoadedProposal, loadProposalFacts } from './facts.ts';
import {
  type Action,
  deleteDraftRefusal,
  editRefusal,
  legalityOpinionRefusal,
  planTransition,
  type Refusal,
  type Stage,
  type Transition,
} from './lifecycle.ts';

/**
 * The proposal lifecycle's commands (architecture: one place per rule). Each takes database ids
 * and raw text, checks everything itself (readability, permission, state, version, text), writes
 * through the mutation it is given and records its activity. GraphQL, jobs, imports and the seed
 * all call these.
 *
 * The list commands (create, transition, legality opinions) work set-based: one lock, one facts
 * load, one statement per kind of write for all items, whatever their number. An item that is
 * refused throws, so the whole list writes nothing (the caller's transaction rolls back).
 */

export const proposalWhat = { zh: '精简意见', en: 'proposal' };

/** The most items one list command takes: what keeps its statements under PostgreSQL's 65,535 parameters. */
export const maxCommandItems = 2000;

/**
 * Where an item's field is in the mutation's arguments: a one-item list is what the single
 * mutations send, so their errors name the field as the client wrote it (`input.rationale`).
 */
export const itemField = (count: number, index: number, name: string): string =>
  count === 1 ? `input.${name}` : `input.items[${index}].${name}`;

function checkItems(items: readonly unknown[]): void {
  if (items.length === 0 || items.length > maxCommandItems) {
    throw new ValidationError('input.items', `一次可处理 1 至 ${maxCommandItems} 条`, `Give 1 to ${maxCommandItems} items`);
  }
}

function requireWriter(viewer: Viewer): void {
  if (viewer.readOnly) throw new ForbiddenError();
}

/** Each proposal at most once per list: a second move of the same proposal would act on a state its caller never saw. */
function distinctProposalIds(items: readonly { proposalId: number }[]): number[] {
  const ids = items.map((item) => item.proposalId);
  if (new Set(ids).size !== ids.length) {
    throw new ValidationError('input.items', '同一意见在一次操作中只能出现一次', 'Name each proposal once');
  }
  return ids;
}

/**
 * The proposals' facts, read under a lock on their rows: a command decides from them, and a
 * concurrent transition, assignment, classification or consultation of the same proposals waits
 * until it commits. Locked in id order, so two lists sharing proposals cannot deadlock. NO KEY
 * UPDATE, as an UPDATE takes: the foreign-key checks of other mutations' activity rows (KEY SHARE)
 * do not wait for it, so they cannot deadlock on the log's lock.
 */
async function lockedProposalFacts(m: Mutation<Viewer>, ids: readonly number[]): Promise<Map<number, LoadedProposal>> {
  await m.tx.select({ id: proposals.id }).from(proposals).where(inIds(proposals.id, ids)).orderBy(proposals.id).for('no key update');
  return loadProposalFacts(m.tx, ids, m.now);
}

/** The locked proposal an item names, at the version its caller saw. */
function atExpectedVersion(facts: Map<number, LoadedProposal>, item: { proposalId: number; expectedVersion: number }): LoadedProposal {
  const p = facts.get(item.proposalId);
  if (!p) throw new NotFoundError(proposalWhat, encodeGlobalID('Proposal', item.proposalId));
  // The version first: a client that saw an older proposal gets a conflict with the current
  // version, not a refusal planned from a state it never saw.
  if (p.version !== item.expectedVersion) throw new ConflictError({ typename: 'Proposal', id: p.id }, p.version);
  return p;
}

type Verdict = (typeof reviewRecords.$inferInsert)['verdict'];

/** Review records by the viewer at the mutation's time, in one statement whatever their number. */
function insertReviewRecords(m: Mutation<Viewer>, records: readonly { proposalId: number; stage: Stage; verdict: Verdict; reason: string | null }[]) {
  const rows = records.map((r) => ({ proposal_id: r.proposalId, stage: r.stage, verdict: r.verdict, reason: r.reason }));
  return m.tx
    .insert(reviewRecords)
    .select((qb) =>
      qb
        .select({
          proposalId: sql<number>`decided.proposal_id`.as('proposal_id'),
          stage: sql<Stage>`decided.stage`.as('stage'),
          reviewerId: sql<number>`${m.viewer.userId}::integer`.as('reviewer_id'),
          verdict: sql<Verdict>`decided.verdict`.as('verdict'),
          reason: sql<string | null>`decided.reason`.as('reason'),
          createdAt: sql<string>`${m.now.toISOString()}::timestamptz`.as('created_at'),
        })
        .from(jsonRows('decided', { proposal_id: 'integer', stage: 'proposal_stage', verdict: 'review_verdict', reason: 'text' }, rows)),
    )
    .returning({ id: reviewRecords.id, proposalId: reviewRecords.proposalId });
}

// ——— createProposals ———

/** One proposal a department drafts: database ids and raw text. */
export interface ProposalDraft extends ProposalContentInput {
  action: Action;
  rationale: string;
  /** The item proposed about; null or omitted only for `add`. */
  powerItemId?: number | null;
  /** For `add`: the new item's type (其他 when omitted); any other action takes its item's. */
  powerType?: PowerTypeCode | null;
}

export interface CreateProposalsInput {
  campaignId: number;
  items: readonly ProposalDraft[];
}

/**
 * A department drafts proposals about its own power items (or items to add) in a campaign, as
 * drafts; it submits them with `transitionProposals`.
 */
export const createProposals: Command<CreateProposalsInput, { proposalIds: number[] }> = async (m, input) => {
  const { items } = input;
  checkItems(items);
  const fieldOf = (i: number) => (name: string) => itemField(items.length, i, name);
  const contents = items.map((item, i) => readContent(item, fieldOf(i)));
  const [campaign] = await m.tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, input.campaignId));
  if (!campaign) throw new NotFoundError({ zh: '工作年度', en: 'campaign' }, encodeGlobalID('Campaign', input.campaignId));
  const refusal = proposalRefusal(m.viewer, campaign.status);
  if (refusal === 'role') throw new ForbiddenError();
  if (refusal === 'closed') throw new InvalidTransitionError('该年度已不接收精简意见', 'This campaign no longer accepts proposals');
  for (const [i, item] of items.entries()) {
    if (item.action === 'add') {
      if (item.powerItemId != null) throw new ValidationError(fieldOf(i)('powerItemId'), '新增事项不选择已有事项', 'An added item has no existing item');
    } else {
      if (item.powerItemId == null) throw new ValidationError(fieldOf(i)('powerItemId'), '请选择事项', 'Choose the power item');
      if (item.powerType) throw new ValidationError(fieldOf(i)('powerType'), '事项类型取自所选事项', "The type is the chosen item's");
    }
  }
  const unitId = m.viewer.unitId;
  const now = m.now.toISOString();
  const lookups = await loadContentLookups(
    m.tx,
    contents,
    items.flatMap((item) => (item.powerItemId == null ? [] : [item.powerItemId])),
  );
  const rows = items.map((item, i) => {
    const powerItemId = item.powerItemId ?? null;
    let powerTypeCode: PowerTypeCode = item.powerType ?? '10';
    if (powerItemId !== null) {
      const powerItem = lookups.items.get(powerItemId);
      if (!powerItem) throw new NotFoundError({ zh: '事项', en: 'power item' }, encodeGlobalID('PowerItem', powerItemId));
      if (powerItem.implementingUnitId !== unitId) {
        throw new ForbiddenError('只能对本单位的事项提出意见', "Propose only about your own unit's items");
      }
      // One open proposal per item and campaign: the index proposals_open_per_item_key decides
      // (activity/unique-rules.ts), also between concurrent requests and within this list.
      powerTypeCode = powerItem.typeCode;
    }
    const c = contents[i]!;
    checkContent(c, unitId, powerItemId, lookups, fieldOf(i));
    return {
      power_item_id: powerItemId,
      power_type_code: powerTypeCode,
      action: c.action,
      merge_into_item_id: c.mergeIntoItemId,
      proposed_item_name: c.proposedItemName,
      rationale: c.rationale,
      change_legal_basis: c.changeLegalBasis,
      attachments: c.attachments,
    };
  });
  // The rows bind as one parameter (json-rows.ts); INSERT … SELECT returns them in the order given.
  const created = await m.tx
    .insert(proposals)
    .select((qb) =>
      qb
        .select({
          campaignId: sql<number>`${input.campaignId}::integer`.as('campaign_id'),
          powerItemId: sql<number | null>`drafted.power_item_id`.as('power_item_id'),
          powerTypeCode: sql<PowerTypeCode>`drafted.power_type_code`.as('power_type_code'),
          submittingUnitId: sql<number>`${unitId}::integer`.as('submitting_unit_id'),
          action: sql<Action>`drafted.action`.as('action'),
          mergeIntoItemId: sql<number | null>`drafted.merge_into_item_id`.as('merge_into_item_id'),
          proposedItemName: sql<string | null>`drafted.proposed_item_name`.as('proposed_item_name'),
          rationale: sql<string>`drafted.rationale`.as('rationale'),
          changeLegalBasis: sql<string | null>`drafted.change_legal_basis`.as('change_legal_basis'),
          attachments: sql<ProposalContent['attachments']>`drafted.attachments`.as('attachments'),
          createdById: sql<number>`${m.viewer.userId}::integer`.as('created_by_id'),
          createdAt: sql<string>`${now}::timestamptz`.as('created_at'),
          updatedAt: sql<string>`${now}::timestamptz`.as('updated_at'),
        })
        .from(
          jsonRows(
            'drafted',
            {
              power_item_id: 'integer',
              power_type_code: 'text',
              action: 'proposal_action',
              merge_into_item_id: 'integer',
              proposed_item_name: 'text',
              rationale: 'text',
              change_legal_basis: 'text',
              attachments: 'jsonb',
            },
            rows,
          ),
        ),
    )
    .returning({ id: proposals.id });
  const districtRows = created.flatMap(({ id }, i) => [...new Set(contents[i]!.targetDistrictIds)].map((district_id) => ({ proposal_id: id, district_id })));
  if (districtRows.length > 0) {
    await m.tx.insert(proposalDistricts).select((qb) =>
      qb
        .select({ proposalId: sql<number>`targeted.proposal_id`.as('proposal_id'), districtId: sql<number>`targeted.district_id`.as('district_id') })
        .from(jsonRows('targeted', { proposal_id: 'integer', district_id: 'integer' }, districtRows)),
    );
  }
  for (const [i, { id }] of created.entries()) {
    m.record({
      action: 'proposal.created',
      entityId: id,
      campaignId: input.campaignId,
      proposalId: id,
      after: { action: contents[i]!.action, powerItemId: rows[i]!.power_item_id, targetDistrictIds: contents[i]!.targetDistrictIds },
    });
  }
  return { proposalIds: created.map(({ id }) => id) };
};

// ——— updateProposal ———

export interface UpdateProposalInput extends ProposalContentInput {
  proposalId: number;
  expectedVersion: number;
}

/** The department revises its proposal while the lifecycle lets it (a draft, or returned for revision). */
export const updateProposal: Command<UpdateProposalInput, { proposalId: number }> = async (m, input) => {
  requireWriter(m.viewer);
  const id = input.proposalId;
  await requireReadable(m, 'Proposal', id);
  const field = (name: string) => `input.${name}`;
  const [current] = await m.tx.select().from(proposals).where(eq(proposals.id, id));
  if (!current) throw new NotFoundError(proposalWhat, encodeGlobalID('Proposal', id));
  const refusal = editRefusal(m.viewer, current);
  if (refusal) throw refusalError(refusal, field('proposalId'));
  if (input.action === 'add' || (current.action === 'add') !== ((input.action ?? current.action) === 'add')) {
    throw new ValidationError(field('action'), '不能在新增与其他处理意见之间转换', 'An added item cannot become another action, or the reverse');
  }
  const districts = await m.tx.select({ id: proposalDistricts.districtId }).from(proposalDistricts).where(eq(proposalDistricts.proposalId, id));
  const before: ProposalContent = { ...current, targetDistrictIds: districts.map((d) => d.id) };
  const content = readContent(input, field, before);
  checkContent(content, current.submittingUnitId, current.powerItemId, await loadContentLookups(m.tx, [content], []), field);
  const { targetDistrictIds, ...columns } = content;
  const updated = await updateVersioned(
    m.tx,
    proposals,
    { id, expectedVersion: input.expectedVersion, typename: 'Proposal', what: proposalWhat },
    { ...columns, updatedAt: m.now.toISOString() },
  );
  await m.tx
    .delete(proposalDistricts)
    .where(and(eq(proposalDistricts.proposalId, id), notInArray(proposalDistricts.districtId, targetDistrictIds.length ? targetDistrictIds : [0])));
  if (targetDistrictIds.length > 0) {
    await m.tx
      .insert(proposalDistricts)
      .values([...new Set(targetDistrictIds)].map((districtId) => ({ proposalId: id, districtId })))
      .onConflictDoNothing();
  }
  m.record({
    action: 'proposal.updated',
    entityId: id,
    campaignId: current.campaignId,
    proposalId: id,
    before: { action: before.action, targetDistrictIds: before.targetDistrictIds, version: current.version },
    after: { action: content.action, targetDistrictIds, version: updated.version },
  });
  return { proposalId: id };
};

// ——— deleteDraftProposal ———

export interface DeleteDraftProposalInput {
  proposalId: number;
  expectedVersion: number;
}

/**
 * 删除草稿: the department discards a draft it never submitted (a submitted one is withdrawn, 撤回,
 * and stays on record). Deleting the proposal deletes its dependent rows with it (target districts,
 * comment threads: their foreign keys cascade). The activity row names the deleted id without a
 * foreign key (activity never references its entity), and keeps what the draft was in `before`.
 */
export const deleteDraftProposal: Command<DeleteDraftProposalInput, { proposalId: number }> = async (m, input) => {
  requireWriter(m.viewer);
  const id = input.proposalId;
  await requireReadable(m, 'Proposal', id);
  const [current] = await m.tx.select().from(proposals).where(eq(proposals.id, id)).for('update');
  if (!current) throw new NotFoundError(proposalWhat, encodeGlobalID('Proposal', id));
  const refusal = deleteDraftRefusal(m.viewer, current);
  if (refusal) throw refusalError(refusal, 'input.proposalId');
  if (current.version !== input.expectedVersion) throw new ConflictError({ typename: 'Proposal', id }, current.version);
  await m.tx.delete(proposals).where(eq(proposals.id, id));
  m.record({
    action: 'proposal.draft_deleted',
    entityId: id,
    campaignId: current.campaignId,
    proposalId: id,
    before: { action: current.action, powerItemId: current.powerItemId, proposedItemName: current.proposedItemName, version: current.version },
  });
  return { proposalId: id };
};

// ——— transitionProposals ———

export interface TransitionItem {
  proposalId: number;
  expectedVersion: number;
  /** Required to return, reject or contest. */
  reason?: string | null;
  /**
   * With `approve` of a delegation or entrustment: the target districts approved, each one that
   * agreed in the consultation. Omitted, the proposal is approved for all its target districts.
   */
  districtIds?: readonly number[] | null;
}

export interface TransitionProposalsInput {
  transition: Transition;
  items: readonly TransitionItem[];
}

/** A refusal of the pure rules as the typed error a mutation returns; VALIDATION names `reasonField` unless it names its own. */
export function refusalError(refusal: Refusal, reasonField: string): DevolveError {
  if (refusal.code === 'FORBIDDEN') return new ForbiddenError(refusal.zh, refusal.en);
  if (refusal.code === 'VALIDATION') return new ValidationError(refusal.field ?? reasonField, refusal.zh, refusal.en);
  return new InvalidTransitionError(refusal.zh, refusal.en);
}

/**
 * Moves proposals along the lifecycle by one transition: version, stage and status, when they
 * were submitted or decided, the review record of a decision, closing the consultation it moves
 * past, and what approval does to the power list.
 */
export const transitionProposals: Command<TransitionProposalsInput, { proposalIds: number[] }> = async (m, input) => {
  const { items, transition } = input;
  checkItems(items);
  requireWriter(m.viewer);
  const ids = distinctProposalIds(items);
  await requireAllReadable(m, 'Proposal', ids);
  const reasons = items.map((item, i) => optionalText(item.reason, itemField(items.length, i, 'reason'), textLimits.reason));
  const facts = await lockedProposalFacts(m, ids);
  const moves = items.map((item, i) => {
    const p = atExpectedVersion(facts, item);
    const reason = reasons[i] ?? null;
    const plan = planTransition(p, transition, m.viewer, reason);
    if (!plan.ok) throw refusalError(plan.refusal, itemField(items.length, i, 'reason'));
    if (item.districtIds != null && transition !== 'approve') {
      throw new ValidationError(itemField(items.length, i, 'districtIds'), '只有审定批准时可选择区', 'Districts are chosen only when approving');
    }
    return { p, reason, ...plan.outcome };
  });
  const approvedDistricts = await excludeUnapprovedDistricts(
    m,
    items.flatMap((item, i) =>
      item.districtIds == null ? [] : [{ proposal: moves[i]!.p, districtIds: item.districtIds, field: itemField(items.length, i, 'districtIds') }],
    ),
  );

  const now = m.now.toISOString();
  const targets = moves.map(({ p, stage, status }) => ({ proposal_id: p.id, stage, status }));
  await m.tx
    .update(proposals)
    .set({
      stage: sql`moved.stage`,
      status: sql`moved.status`,
      version: sql`${proposals.version} + 1`,
      updatedAt: now,
      ...(transition === 'submit' ? { submittedAt: now } : {}),
      decidedAt: sql`case when moved.stage = 'decided' then ${now}::timestamptz else ${proposals.decidedAt} end`,
    })
    .from(jsonRows('moved', { proposal_id: 'integer', stage: 'proposal_stage', status: 'proposal_status' }, targets))
    .where(joinedById(proposals.id, 'moved.proposal_id', ids));

  const decisions = moves.flatMap(({ p, verdict, reason }) => (verdict === null ? [] : [{ proposalId: p.id, stage: p.stage, verdict, reason }]));
  if (decisions.length > 0) await insertReviewRecords(m, decisions);

  const followUps: ActivityEntry[] = [];
  if (transition === 'close_consultation') {
    // Moving past the consultation closes it: districts can no longer answer, and a later round can open.
    const closed = await m.tx
      .update(consultations)
      .set({ status: 'closed', closedAt: now, version: sql`${consultations.version} + 1` })
      .where(and(inIds(consultations.proposalId, ids), eq(consultations.status, 'open')))
      .returning({ id: consultations.id, proposalId: consultations.proposalId });
    followUps.push(
      ...closed.map(({ id, proposalId }) => ({
        action: 'consultation.closed' as const,
        entityId: id,
        campaignId: facts.get(proposalId)!.campaignId,
        proposalId,
        after: { status: 'closed' },
      })),
    );
  }
  const approved = moves.filter((move) => move.status === 'approved').map((move) => move.p);
  if (approved.length > 0) followUps.push(...(await applyApprovals(m, approved)));

  const followUpsOf = new Map<number, ActivityEntry[]>();
  for (const entry of followUps) followUpsOf.set(entry.proposalId!, [...(followUpsOf.get(entry.proposalId!) ?? []), entry]);
  for (const { p, stage, status, reason } of moves) {
    m.record({
      action: 'proposal.transitioned',
      entityId: p.id,
      campaignId: p.campaignId,
      proposalId: p.id,
      before: { stage: p.stage, status: p.status, version: p.version },
      after: {
        transition,
        stage,
        status,
        version: p.version + 1,
        ...(reason ? { reason } : {}),
        ...(approvedDistricts.has(p.id) ? { approvedDistrictIds: approvedDistricts.get(p.id) } : {}),
      },
    });
    for (const entry of followUpsOf.get(p.id) ?? []) m.record(entry);
  }
  return { proposalIds: ids };
};

// ——— recordLegalityOpinion ———

export type LegalityOpinion = 'lawful' | 'lawful_with_conditions' | 'unlawful';

export interface LegalityOpinionItem {
  proposalId: number;
  opinion: LegalityOpinion;
  /** Required unless the proposal is simply lawful. */
  reason?: string | null;
  expectedVersion: number;
}

export interface RecordLegalityOpinionInput {
  items: readonly LegalityOpinionItem[];
}

/** 合法性审查: the justice bureau's legality opinions on proposals at the legality review. */
export const recordLegalityOpinion: Command<RecordLegalityOpinionInput, { proposalIds: number[] }> = async (m, input) => {
  // Who may, before anything is read; the proposals' state per item below.
  const forbidden = legalityOpinionRefusal(m.viewer);
  if (forbidden) throw refusalError(forbidden, 'input');
  const { items } = input;
  checkItems(items);
  const ids = distinctProposalIds(items);
  await requireAllReadable(m, 'Proposal', ids);
  const reasons = items.map((item, i) => {
    const field = itemField(items.length, i, 'reason');
    const reason = optionalText(item.reason, field, textLimits.reason);
    if (item.opinion !== 'lawful' && !reason) throw new ValidationError(field, '附条件合法或不合法须说明理由', 'Explain a conditional or unlawful opinion');
    return reason;
  });
  const facts = await lockedProposalFacts(m, ids);
  const opined = items.map((item, i) => {
    const p = atExpectedVersion(facts, item);
    const refusal = legalityOpinionRefusal(m.viewer, p);
    if (refusal) throw refusalError(refusal, itemField(items.length, i, 'proposalId'));
    return p;
  });
  const now = m.now.toISOString();
  await m.tx
    .update(proposals)
    .set({ version: sql`${proposals.version} + 1`, updatedAt: now })
    .where(inIds(proposals.id, ids));
  const records = await insertReviewRecords(
    m,
    items.map((item, i) => ({ proposalId: item.proposalId, stage: 'legality_review' as const, verdict: item.opinion, reason: reasons[i] ?? null })),
  );
  const recordOf = new Map(records.map((record) => [record.proposalId, record.id]));
  for (const [i, p] of opined.entries()) {
    m.record({
      action: 'review.recorded',
      entityId: recordOf.get(p.id)!,
      campaignId: p.campaignId,
      proposalId: p.id,
      after: { verdict: items[i]!.opinion, version: p.version + 1 },
    });
  }
  return { proposalIds: ids };
};
