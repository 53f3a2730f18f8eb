import { powerItems, proposals, units } from '@devolve/db';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import { hasRole, type Viewer } from '../accounts/permissions.ts';
import type { Mutation, Tx } from '../activity/mutate.ts';
import { DevolveError } from '../errors.ts';
import { createProposals, maxCommandItems, type ProposalDraft, transitionProposals } from '../proposals/commands.ts';
import { checkContent, loadContentLookups, readContent } from '../proposals/content.ts';
import type { ProposalValues } from './rows.ts';

/**
 * A department's proposals for a campaign from a spreadsheet, through the proposal commands
 * (createProposals, then transitionProposals `submit` when asked): their rules are not copied
 * here, the preview runs the same content checks (proposals/content.ts) row by row.
 */

export type PlannedProposal =
  | { outcome: 'new'; draft: ProposalDraft }
  | { outcome: 'unchanged'; proposalId: number }
  | { outcome: 'error'; field: string; zh: string; en: string };

/**
 * Who the proposal commands act as: the viewer, or for the coordinator importing another unit's
 * proposals, the coordinator acting as that unit's submitter (the activity names the coordinator).
 */
export function actingFor(viewer: Viewer, unitId: number): Viewer {
  if (viewer.unitId === unitId || !hasRole(viewer, 'coordinator')) return viewer;
  return { ...viewer, unitId, unitKind: 'department', roles: ['submitter'] };
}

/** Each row's outcome: an open proposal of the unit with the same action and rationale is unchanged. */
export async function planProposals(tx: Tx, unitId: number, campaignId: number, rows: readonly ProposalValues[]): Promise<PlannedProposal[]> {
  const codes = [...new Set(rows.flatMap((r) => [r.itemCode, r.mergeIntoCode].filter((c): c is string => c !== null)))];
  const items =
    codes.length === 0
      ? []
      : await tx
          .select({ id: powerItems.id, basicCode: powerItems.basicCode, implementingUnitId: powerItems.implementingUnitId })
          .from(powerItems)
          .where(sql`${powerItems.basicCode} in (select jsonb_array_elements_text(${JSON.stringify(codes)}::text::jsonb))`);
  const itemByCode = new Map(items.map((i) => [i.basicCode, i]));
  const districts = await tx.select({ id: units.id, code: units.code, name: units.name, shortName: units.shortName }).from(units).where(eq(units.kind, 'district'));
  const districtByName = new Map(districts.flatMap((d) => [d.code, d.name, d.shortName, d.name.replace(/^广州市/, '')].map((n) => [n, d.id] as const)));
  const open = await tx
    .select({ id: proposals.id, powerItemId: proposals.powerItemId, submittingUnitId: proposals.submittingUnitId, action: proposals.action, rationale: proposals.rationale, proposedItemName: proposals.proposedItemName })
    .from(proposals)
    .where(and(eq(proposals.campaignId, campaignId), notInArray(proposals.status, ['withdrawn', 'rejected'])));
  const openByItem = new Map(open.filter((p) => p.powerItemId !== null).map((p) => [p.powerItemId!, p]));
  const openAdds = open.filter((p) => p.action === 'add' && p.submittingUnitId === unitId);
  const seen = new Set<number>();
  const planned: PlannedProposal[] = [];
  const candidates: { index: number; draft: ProposalDraft }[] = [];
  for (const row of rows) {
    const error = (field: string, zh: string, en: string): PlannedProposal => ({ outcome: 'error', field, zh, en });
    const item = row.itemCode === null ? null : itemByCode.get(row.itemCode);
    if (row.itemCode !== null && !item) {
      planned.push(error('itemCode', `找不到基本编码为 ${row.itemCode} 的事项`, `No power item has the basic code ${row.itemCode}`));
      continue;
    }
    if (item && item.implementingUnitId !== unitId) {
      planned.push(error('itemCode', '只能对本单位的事项提出意见', "Propose only about your own unit's items"));
      continue;
    }
    const districtIds = row.targetDistricts.includes('全部') || row.targetDistricts.includes('各区') ? districts.map((d) => d.id) : row.targetDistricts.map((n) => districtByName.get(n));
    const unknown = row.targetDistricts.find((n, i) => districtIds[i] === undefined && !['全部', '各区'].includes(n));
    if (unknown !== undefined) {
      planned.push(error('targetDistricts', `无法识别的区“${unknown}”`, `Unknown district "${unknown}"`));
      continue;
    }
    const merge = row.mergeIntoCode === null ? null : itemByCode.get(row.mergeIntoCode);
    if (row.mergeIntoCode !== null && !merge) {
      planned.push(error('mergeInto', `找不到基本编码为 ${row.mergeIntoCode} 的事项`, `No power item has the basic code ${row.mergeIntoCode}`));
      continue;
    }
    const draft: ProposalDraft = {
      action: row.action,
      rationale: row.rationale,
      powerItemId: item?.id ?? null,
      targetDistrictIds: [...new Set(districtIds.filter((id): id is number => id !== undefined))],
      changeLegalBasis: row.changeLegalBasis,
      proposedItemName: row.action === 'add' ? row.itemName : null,
      mergeIntoItemId: merge?.id ?? null,
    };
    const existing = item ? openByItem.get(item.id) : openAdds.find((p) => p.proposedItemName === draft.proposedItemName);
    if (existing) {
      planned.push(
        existing.submittingUnitId === unitId && existing.action === draft.action && existing.rationale === draft.rationale
          ? { outcome: 'unchanged', proposalId: existing.id }
          : error('itemCode', '该事项在本年度已有精简意见', 'The item already has a proposal in this campaign'),
      );
      continue;
    }
    if (item) {
      if (seen.has(item.id)) {
        planned.push(error('itemCode', '同一事项在文件中出现多次', 'The item appears more than once in the file'));
        continue;
      }
      seen.add(item.id);
    }
    candidates.push({ index: planned.length, draft });
    planned.push({ outcome: 'new', draft });
  }
  // The content rules of createProposals, with one lookup for every row.
  const contents = candidates.map(({ draft }) => {
    try {
      return readContent(draft, (name) => name);
    } catch (e) {
      return e;
    }
  });
  const lookups = await loadContentLookups(
    tx,
    contents.filter((c) => !(c instanceof Error)) as ReturnType<typeof readContent>[],
    candidates.flatMap(({ draft }) => (draft.powerItemId ? [draft.powerItemId] : [])),
  );
  for (const [i, { index, draft }] of candidates.entries()) {
    try {
      const content = contents[i];
      if (content instanceof Error) throw content;
      checkContent(content as ReturnType<typeof readContent>, unitId, draft.powerItemId ?? null, lookups, (name) => name);
    } catch (e) {
      if (!(e instanceof DevolveError)) throw e;
      planned[index] = { outcome: 'error', field: fieldOfInput((e.extensions as { field?: string }).field ?? ''), zh: e.messageZh, en: e.messageEn };
    }
  }
  return planned;
}

/** A content rule's field (targetDistrictIds) as the import's (targetDistricts). */
const fieldOfInput = (field: string): string =>
  ({ targetDistrictIds: 'targetDistricts', mergeIntoItemId: 'mergeInto', proposedItemName: 'itemName', powerItemId: 'itemCode' })[field] ?? field;

/** Creates the planned proposals through createProposals (and submits them), in chunks the command takes. */
export async function writeProposals(
  m: Mutation<Viewer>,
  unitId: number,
  campaignId: number,
  drafts: readonly ProposalDraft[],
  submit: boolean,
  progress: (done: number) => void,
): Promise<number[]> {
  const acting = { ...m, viewer: actingFor(m.viewer, unitId) };
  const ids: number[] = [];
  for (let i = 0; i < drafts.length; i += maxCommandItems) {
    const { proposalIds } = await createProposals(acting, { campaignId, items: drafts.slice(i, i + maxCommandItems) });
    if (submit) await transitionProposals(acting, { transition: 'submit', items: proposalIds.map((proposalId) => ({ proposalId, expectedVersion: 1 })) });
    ids.push(...proposalIds);
    progress(ids.length);
  }
  return ids;
}
