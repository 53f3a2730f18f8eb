import { campaigns, powerItems, proposalDistricts, proposals, units } from '@devolve/db';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { isSubmitterOf, proposalRefusal } from '../accounts/permissions.ts';
import { type Mutation, mutate, updateVersioned } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { databaseIdOf } from '../ids.ts';
import { readableIdOf } from '../readable.ts';
import { optionalText, requiredText, textLimits } from '../text-input.ts';
import { Proposal, ProposalAction } from './proposals.ts';
import { PowerType } from '../power-items/power-types.ts';

const proposalWhat = { zh: '精简意见', en: 'proposal' };
const limits = { rationale: textLimits.freeText, changeLegalBasis: textLimits.freeText, proposedItemName: textLimits.shortName, attachments: 20 };

const AttachmentInput = builder.inputType('AttachmentInput', {
  fields: (t) => ({ title: t.string({ required: true }), ref: t.string({ required: true }) }),
});

/** The fields a department writes; shared by create and update. */
interface ProposalContent {
  action: (typeof proposals.$inferSelect)['action'];
  rationale: string;
  changeLegalBasis: string | null;
  proposedItemName: string | null;
  mergeIntoItemId: number | null;
  attachments: { title: string; ref: string }[];
  targetDistrictIds: number[];
}


/**
 * Checks what a department wrote against the action's needs: districts for delegate/entrust, a
 * target item of the same unit for merge, a name for a new item.
 */
async function checkContent(m: Mutation, unitId: number, powerItemId: number | null, c: ProposalContent): Promise<void> {
  const districtAction = c.action === 'delegate' || c.action === 'entrust';
  if (!districtAction && c.targetDistrictIds.length > 0) {
    throw new ValidationError('input.targetDistrictIds', '只有下放或委托事项需要选择区', 'Only delegations and entrustments name districts');
  }
  if (c.targetDistrictIds.length > 0) {
    const found = await m.tx
      .select({ id: units.id })
      .from(units)
      .where(and(inArray(units.id, c.targetDistrictIds), eq(units.kind, 'district')));
    if (found.length !== new Set(c.targetDistrictIds).size) {
      throw new ValidationError('input.targetDistrictIds', '所选的区不存在', 'Every target must be a district');
    }
  }
  if (c.action === 'merge') {
    if (c.mergeIntoItemId === null || c.mergeIntoItemId === powerItemId) {
      throw new ValidationError('input.mergeIntoItemId', '请选择要合并到的另一事项', 'Choose another item to merge into');
    }
    const [target] = await m.tx.select({ unitId: powerItems.implementingUnitId }).from(powerItems).where(eq(powerItems.id, c.mergeIntoItemId));
    if (target?.unitId !== unitId) {
      throw new ValidationError('input.mergeIntoItemId', '只能合并到本单位的事项', "Merge only into one of your unit's items");
    }
  } else if (c.mergeIntoItemId !== null) {
    throw new ValidationError('input.mergeIntoItemId', '只有合并事项需要此项', 'Only a merge names an item to merge into');
  }
  if (c.action === 'add' ? !c.proposedItemName : c.proposedItemName) {
    throw new ValidationError(
      'input.proposedItemName',
      c.action === 'add' ? '新增事项须填写事项名称' : '只有新增事项填写事项名称',
      c.action === 'add' ? 'Name the item to add' : 'Only an added item has a proposed name',
    );
  }
}

async function replaceDistricts(m: Mutation, proposalId: number, districtIds: number[]): Promise<void> {
  await m.tx
    .delete(proposalDistricts)
    .where(and(eq(proposalDistricts.proposalId, proposalId), notInArray(proposalDistricts.districtId, districtIds.length ? districtIds : [0])));
  if (districtIds.length > 0) {
    await m.tx
      .insert(proposalDistricts)
      .values([...new Set(districtIds)].map((districtId) => ({ proposalId, districtId })))
      .onConflictDoNothing();
  }
}

const CreateInput = builder.inputType('CreateProposalInput', {
  fields: (t) => ({
    campaignId: t.id({ required: true }),
    powerItemId: t.id({ description: 'The item; omitted only for ADD.' }),
    action: t.field({ type: ProposalAction, required: true }),
    targetDistrictIds: t.idList({ description: 'For DELEGATE and ENTRUST.' }),
    mergeIntoItemId: t.id({ description: 'For MERGE.' }),
    proposedItemName: t.string({ description: 'For ADD.' }),
    powerType: t.field({ type: PowerType, description: "For ADD: the new item's type (其他 when omitted); any other action takes its item's." }),
    rationale: t.string({ required: true }),
    changeLegalBasis: t.string(),
    attachments: t.field({ type: [AttachmentInput] }),
  }),
});

type ContentInput = {
  action?: ProposalContent['action'] | null;
  targetDistrictIds?: (string | number)[] | null;
  mergeIntoItemId?: string | number | null;
  proposedItemName?: string | null;
  rationale?: string | null;
  changeLegalBasis?: string | null;
  attachments?: { title: string; ref: string }[] | null;
};

/** Reads the content fields, falling back to the current values on update. */
function readContent(input: ContentInput, current?: ProposalContent): ProposalContent {
  const attachments = input.attachments ?? current?.attachments ?? [];
  if (attachments.length > limits.attachments) {
    throw new ValidationError('input.attachments', `附件不能超过 ${limits.attachments} 个`, `At most ${limits.attachments} attachments`);
  }
  return {
    action: input.action ?? current!.action,
    rationale: requiredText(input.rationale ?? current?.rationale, 'input.rationale', limits.rationale),
    changeLegalBasis:
      input.changeLegalBasis !== undefined
        ? optionalText(input.changeLegalBasis, 'input.changeLegalBasis', limits.changeLegalBasis)
        : (current?.changeLegalBasis ?? null),
    proposedItemName:
      input.proposedItemName !== undefined
        ? optionalText(input.proposedItemName, 'input.proposedItemName', limits.proposedItemName)
        : (current?.proposedItemName ?? null),
    mergeIntoItemId:
      input.mergeIntoItemId !== undefined
        ? input.mergeIntoItemId === null
          ? null
          : databaseIdOf(String(input.mergeIntoItemId), 'PowerItem', 'input.mergeIntoItemId')
        : (current?.mergeIntoItemId ?? null),
    attachments: attachments.map((a, i) => ({
      title: requiredText(a.title, `input.attachments[${i}].title`, 200),
      ref: requiredText(a.ref, `input.attachments[${i}].ref`, 500),
    })),
    targetDistrictIds:
      input.targetDistrictIds != null
        ? input.targetDistrictIds.map((id, i) => databaseIdOf(String(id), 'Unit', `input.targetDistrictIds[${i}]`))
        : (current?.targetDistrictIds ?? []),
  };
}

builder.mutationField('createProposal', (t) =>
  t.drizzleField({
    type: Proposal,
    errors: {},
    description: "A department drafts a proposal about one of its own power items (or an item to add).",
    authScopes: { canWrite: ['submitter'] },
    args: { input: t.arg({ type: CreateInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const viewer = m.viewer!;
        const campaignId = databaseIdOf(String(input.campaignId), 'Campaign', 'input.campaignId');
        const content = readContent(input);
        const [campaign] = await m.tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId));
        if (!campaign) throw new NotFoundError({ zh: '工作年度', en: 'campaign' }, String(input.campaignId));
        const refusal = proposalRefusal(m.viewer, campaign.status);
        if (refusal === 'role') throw new ForbiddenError();
        if (refusal === 'closed') throw new InvalidTransitionError('该年度已不接收精简意见', 'This campaign no longer accepts proposals');
        let powerItemId: number | null = null;
        let typeCode: (typeof powerItems.$inferSelect)['typeCode'];
        if (content.action === 'add') {
          if (input.powerItemId) throw new ValidationError('input.powerItemId', '新增事项不选择已有事项', 'An added item has no existing item');
          typeCode = input.powerType ?? '10';
        } else {
          if (!input.powerItemId) throw new ValidationError('input.powerItemId', '请选择事项', 'Choose the power item');
          if (input.powerType) throw new ValidationError('input.powerType', '事项类型取自所选事项', "The type is the chosen item's");
          powerItemId = databaseIdOf(String(input.powerItemId), 'PowerItem', 'input.powerItemId');
          const [item] = await m.tx.select().from(powerItems).where(eq(powerItems.id, powerItemId));
          if (!item) throw new NotFoundError({ zh: '事项', en: 'power item' }, String(input.powerItemId));
          if (item.implementingUnitId !== viewer.unitId) {
            throw new ForbiddenError('只能对本单位的事项提出意见', "Propose only about your own unit's items");
          }
          // One open proposal per item and campaign: the index proposals_open_per_item_key decides
          // (activity/unique-rules.ts), also between concurrent requests.
          typeCode = item.typeCode;
        }
        await checkContent(m, viewer.unitId, powerItemId, content);
        const { targetDistrictIds, ...columns } = content;
        const [created] = await m.tx
          .insert(proposals)
          .values({ ...columns, campaignId, powerItemId, powerTypeCode: typeCode, submittingUnitId: viewer.unitId, createdById: viewer.userId })
          .returning();
        await replaceDistricts(m, created!.id, targetDistrictIds);
        m.record({
          action: 'proposal.created',
          entityId: created!.id,
          campaignId,
          proposalId: created!.id,
          after: { action: content.action, powerItemId, targetDistrictIds },
        });
        return (await m.tx.query.proposals.findFirst(query({ where: { id: created!.id } })))!;
      }),
  }),
);

const UpdateInput = builder.inputType('UpdateProposalInput', {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    action: t.field({ type: ProposalAction }),
    targetDistrictIds: t.idList(),
    mergeIntoItemId: t.id(),
    proposedItemName: t.string(),
    rationale: t.string(),
    changeLegalBasis: t.string(),
    attachments: t.field({ type: [AttachmentInput] }),
  }),
});

builder.mutationField('updateProposal', (t) =>
  t.drizzleField({
    type: Proposal,
    errors: {},
    description: 'The department revises its proposal while it is a draft or has been returned for revision.',
    authScopes: { canWrite: ['submitter'] },
    args: { input: t.arg({ type: UpdateInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const id = await readableIdOf(m.tx, m.viewer, String(input.proposalId), 'Proposal', 'input.proposalId');
        const [current] = await m.tx.select().from(proposals).where(eq(proposals.id, id));
        if (!current) throw new NotFoundError(proposalWhat, String(input.proposalId));
        if (!isSubmitterOf(m.viewer, current.submittingUnitId)) {
          throw new ForbiddenError('只能修改本单位的精简意见', "Edit only your own unit's proposals");
        }
        if (!(current.stage === 'draft' && current.status === 'active') && current.status !== 'returned') {
          throw new InvalidTransitionError('只有草稿或被退回的意见可以修改', 'Only drafts and returned proposals can be edited');
        }
        if (input.action === 'add' || (current.action === 'add') !== ((input.action ?? current.action) === 'add')) {
          throw new ValidationError('input.action', '不能在新增与其他处理意见之间转换', 'An added item cannot become another action, or the reverse');
        }
        const districts = await m.tx
          .select({ id: proposalDistricts.districtId })
          .from(proposalDistricts)
          .where(eq(proposalDistricts.proposalId, id));
        const before: ProposalContent = { ...current, targetDistrictIds: districts.map((d) => d.id) };
        const content = readContent(input, before);
        await checkContent(m, current.submittingUnitId, current.powerItemId, content);
        const { targetDistrictIds, ...columns } = content;
        const updated = await updateVersioned(
          m.tx,
          proposals,
          { id, expectedVersion: input.expectedVersion, typename: 'Proposal', what: proposalWhat },
          { ...columns, updatedAt: new Date().toISOString() },
        );
        await replaceDistricts(m, id, targetDistrictIds);
        m.record({
          action: 'proposal.updated',
          entityId: id,
          campaignId: current.campaignId,
          proposalId: id,
          before: { action: before.action, targetDistrictIds: before.targetDistrictIds, version: current.version },
          after: { action: content.action, targetDistrictIds, version: updated.version },
        });
        return (await m.tx.query.proposals.findFirst(query({ where: { id } })))!;
      }),
  }),
);
