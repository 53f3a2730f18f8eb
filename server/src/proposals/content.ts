import { powerItems, type PowerTypeCode, type proposals, units } from '@devolve/db';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../activity/mutate.ts';
import { inIds } from '../id-lists.ts';
import { ValidationError } from '../errors.ts';
import { optionalText, requiredText, textLimits } from '../text-input.ts';

/** What a department writes in a proposal, as create and update check it. */

const limits = { rationale: textLimits.freeText, changeLegalBasis: textLimits.freeText, proposedItemName: textLimits.shortName, attachments: 20 };

export interface Attachment {
  title: string;
  ref: string;
}

/** The fields a department writes, normalised; shared by create and update. */
export interface ProposalContent {
  action: (typeof proposals.$inferSelect)['action'];
  rationale: string;
  changeLegalBasis: string | null;
  proposedItemName: string | null;
  mergeIntoItemId: number | null;
  attachments: Attachment[];
  targetDistrictIds: number[];
}

/**
 * The content fields as a caller gives them: database ids and raw text. On update, an omitted
 * field (undefined) keeps its current value; null clears a text or the merge target.
 */
export interface ProposalContentInput {
  action?: ProposalContent['action'] | null;
  rationale?: string | null;
  changeLegalBasis?: string | null;
  proposedItemName?: string | null;
  mergeIntoItemId?: number | null;
  attachments?: Attachment[] | null;
  /** null or omitted keeps the current districts. */
  targetDistrictIds?: number[] | null;
}

/** Normalises the text and limits the sizes, falling back to the current values on update. */
export function readContent(input: ProposalContentInput, field: (name: string) => string, current?: ProposalContent): ProposalContent {
  const attachments = input.attachments ?? current?.attachments ?? [];
  if (attachments.length > limits.attachments) {
    throw new ValidationError(field('attachments'), `附件不能超过 ${limits.attachments} 个`, `At most ${limits.attachments} attachments`);
  }
  const action = input.action ?? current?.action;
  if (!action) throw new ValidationError(field('action'), '请选择处理意见', 'Choose the action');
  return {
    action,
    rationale: requiredText(input.rationale ?? current?.rationale, field('rationale'), limits.rationale),
    changeLegalBasis:
      input.changeLegalBasis !== undefined
        ? optionalText(input.changeLegalBasis, field('changeLegalBasis'), limits.changeLegalBasis)
        : (current?.changeLegalBasis ?? null),
    proposedItemName:
      input.proposedItemName !== undefined
        ? optionalText(input.proposedItemName, field('proposedItemName'), limits.proposedItemName)
        : (current?.proposedItemName ?? null),
    mergeIntoItemId: input.mergeIntoItemId !== undefined ? input.mergeIntoItemId : (current?.mergeIntoItemId ?? null),
    attachments: attachments.map((a, i) => ({
      title: requiredText(a.title, field(`attachments[${i}].title`), 200),
      ref: requiredText(a.ref, field(`attachments[${i}].ref`), 500),
    })),
    targetDistrictIds: input.targetDistrictIds ?? current?.targetDistrictIds ?? [],
  };
}

/** What checking many proposals' content needs from the database, loaded once for all of them. */
export interface ContentLookups {
  /** Of the districts named, those that are districts. */
  districts: Set<number>;
  /** Power items named (proposed about or merged into): implementing unit and type. */
  items: Map<number, { implementingUnitId: number | null; typeCode: PowerTypeCode }>;
}

export async function loadContentLookups(tx: Tx, contents: readonly ProposalContent[], powerItemIds: readonly number[]): Promise<ContentLookups> {
  const districtIds = [...new Set(contents.flatMap((c) => c.targetDistrictIds))];
  const itemIds = [...new Set([...powerItemIds, ...contents.flatMap((c) => (c.mergeIntoItemId === null ? [] : [c.mergeIntoItemId]))])];
  const [districts, items] = await Promise.all([
    districtIds.length === 0
      ? []
      : tx.select({ id: units.id }).from(units).where(and(inIds(units.id, districtIds), eq(units.kind, 'district'))),
    itemIds.length === 0
      ? []
      : tx
          .select({ id: powerItems.id, implementingUnitId: powerItems.implementingUnitId, typeCode: powerItems.typeCode })
          .from(powerItems)
          .where(inIds(powerItems.id, itemIds)),
  ]);
  return {
    districts: new Set(districts.map((d) => d.id)),
    items: new Map(items.map(({ id, ...item }) => [id, item])),
  };
}

/**
 * Checks what a department wrote against the action's needs: districts for delegate/entrust, a
 * target item of the same unit for merge, a name for a new item.
 */
export function checkContent(c: ProposalContent, unitId: number, powerItemId: number | null, lookups: ContentLookups, field: (name: string) => string): void {
  const districtAction = c.action === 'delegate' || c.action === 'entrust';
  if (!districtAction && c.targetDistrictIds.length > 0) {
    throw new ValidationError(field('targetDistrictIds'), '只有下放或委托事项需要选择区', 'Only delegations and entrustments name districts');
  }
  if (!c.targetDistrictIds.every((id) => lookups.districts.has(id))) {
    throw new ValidationError(field('targetDistrictIds'), '所选的区不存在', 'Every target must be a district');
  }
  if (c.action === 'merge') {
    if (c.mergeIntoItemId === null || c.mergeIntoItemId === powerItemId) {
      throw new ValidationError(field('mergeIntoItemId'), '请选择要合并到的另一事项', 'Choose another item to merge into');
    }
    if (lookups.items.get(c.mergeIntoItemId)?.implementingUnitId !== unitId) {
      throw new ValidationError(field('mergeIntoItemId'), '只能合并到本单位的事项', "Merge only into one of your unit's items");
    }
  } else if (c.mergeIntoItemId !== null) {
    throw new ValidationError(field('mergeIntoItemId'), '只有合并事项需要此项', 'Only a merge names an item to merge into');
  }
  if (c.action === 'add' ? !c.proposedItemName : c.proposedItemName) {
    throw new ValidationError(
      field('proposedItemName'),
      c.action === 'add' ? '新增事项须填写事项名称' : '只有新增事项填写事项名称',
      c.action === 'add' ? 'Name the item to add' : 'Only an added item has a proposed name',
    );
  }
}
