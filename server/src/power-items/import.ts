import { powerItemChanges, powerItems, type PowerTypeCode, units } from '@devolve/db';
import { and, eq, sql } from 'drizzle-orm';
import { hasRole, type Viewer } from '../accounts/permissions.ts';
import type { Mutation, Tx } from '../activity/mutate.ts';
import { joinedById, jsonRows } from '../json-rows.ts';

/**
 * A department's power list written from a spreadsheet (server/src/imports/), matched by basic
 * code: each row is new, an update with its field diff, unchanged, or refused (an item of another
 * unit, or unclaimed: those change hands through claims). `planPowerItems` decides, for the
 * preview and again under lock at commit; `writePowerItems` writes a plan set-based: one INSERT
 * and one UPDATE per chunk of rows, each from one JSON parameter, and a history row
 * (power_item_changes, kind `imported`) per item created or changed.
 */

export interface ImportedPowerItem {
  basicCode: string;
  name?: string;
  subItemName?: string | null;
  typeCode?: PowerTypeCode;
  legalBasis?: string;
  level?: number;
  handlingDivision?: string | null;
  coImplementers?: string | null;
  source?: 'statutory' | 'delegated_from_above' | 'entrusted';
  accountability?: string | null;
  implementingUnit?: string | null;
}

/** The item fields an import compares and writes, with their Chinese names for the diff. */
export const importedItemFields = [
  ['name', '事项名称', 'Name', 'name'],
  ['subItemName', '子项名称', 'Sub-item name', 'sub_item_name'],
  ['typeCode', '事项类型', 'Type', 'type_code'],
  ['legalBasis', '设定依据', 'Legal basis', 'legal_basis'],
  ['level', '行使层级', 'Level', 'level'],
  ['handlingDivision', '承办机构', 'Handling division', 'handling_division'],
  ['coImplementers', '共同实施部门', 'Co-implementers', 'co_implementers'],
  ['source', '权力来源', 'Source', 'source'],
  ['accountability', '追责情形', 'Accountability', 'accountability'],
] as const;

const columnOf = Object.fromEntries(importedItemFields.map(([field, , , column]) => [field, column])) as Record<ItemField, string>;

type ItemField = (typeof importedItemFields)[number][0];

export interface FieldChange {
  field: ItemField;
  zh: string;
  en: string;
  before: string | number | null;
  after: string | number | null;
}

export type PlannedItem =
  | { outcome: 'new'; item: ImportedPowerItem }
  | { outcome: 'update'; item: ImportedPowerItem; id: number; version: number; diff: FieldChange[] }
  | { outcome: 'unchanged'; id: number }
  | { outcome: 'error'; field: string; zh: string; en: string };

const requiredForNew: readonly { field: ItemField; zh: string; en: string }[] = [
  { field: 'name', zh: '事项名称', en: 'name' },
  { field: 'typeCode', zh: '事项类型', en: 'type' },
  { field: 'legalBasis', zh: '设定依据', en: 'legal basis' },
  { field: 'level', zh: '行使层级', en: 'level' },
];

/** Whether the viewer may write `unitId`'s power list: the coordinator any unit's, a department's submitter its own. */
export function mayImportPowerItems(viewer: Viewer, unitId: number): boolean {
  if (viewer.readOnly) return false;
  return hasRole(viewer, 'coordinator') || (hasRole(viewer, 'submitter') && viewer.unitId === unitId);
}

const chunk = 5_000;

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += chunk) yield items.slice(i, i + chunk);
}

/**
 * Each item's outcome against the list as it is now. `lock` takes the matched rows FOR UPDATE
 * (the commit), so nobody changes them between this plan and its writes.
 */
export async function planPowerItems(tx: Tx, unitId: number, items: readonly ImportedPowerItem[], lock: boolean): Promise<PlannedItem[]> {
  const [unit] = await tx.select({ name: units.name, shortName: units.shortName, kind: units.kind }).from(units).where(eq(units.id, unitId));
  const existing = new Map<string, typeof powerItems.$inferSelect>();
  for (const part of chunks(items.map((i) => i.basicCode))) {
    const query = tx
      .select()
      .from(powerItems)
      .where(sql`${powerItems.basicCode} in (select jsonb_array_elements_text(${JSON.stringify(part)}::text::jsonb))`)
      .orderBy(powerItems.id);
    const found = lock ? await query.for('no key update') : await query;
    for (const row of found) existing.set(row.basicCode, row);
  }
  return items.map((item): PlannedItem => {
    if (item.implementingUnit && unit && ![unit.name, unit.shortName].includes(item.implementingUnit)) {
      return {
        outcome: 'error',
        field: 'implementingUnit',
        zh: `实施主体“${item.implementingUnit}”不是导入的单位（${unit.name}）`,
        en: `The implementing unit "${item.implementingUnit}" is not the unit imported for (${unit.name})`,
      };
    }
    const current = existing.get(item.basicCode);
    if (!current) {
      if (unit?.kind !== 'department') {
        return { outcome: 'error', field: 'basicCode', zh: '实施主体须为市直部门', en: 'The implementing unit must be a municipal department' };
      }
      const missing = requiredForNew.find((f) => item[f.field] === undefined || item[f.field] === null);
      if (missing) return { outcome: 'error', field: missing.field, zh: `新增事项缺少${missing.zh}`, en: `A new item needs its ${missing.en}` };
      return { outcome: 'new', item };
    }
    if (current.implementingUnitId === null) {
      return { outcome: 'error', field: 'basicCode', zh: '该事项尚未认领，请通过认领确定实施主体', en: 'The item is unclaimed: it changes hands through a claim' };
    }
    if (current.implementingUnitId !== unitId) {
      return { outcome: 'error', field: 'basicCode', zh: '该基本编码属于其他单位的事项', en: "The basic code is another unit's item" };
    }
    const diff: FieldChange[] = [];
    for (const [field, zh, en] of importedItemFields) {
      const after = item[field];
      if (after === undefined) continue;
      const before = current[field] ?? null;
      if ((after ?? null) !== before) diff.push({ field, zh, en, before, after: after ?? null });
    }
    return diff.length === 0 ? { outcome: 'unchanged', id: current.id } : { outcome: 'update', item, id: current.id, version: current.version, diff };
  });
}

const itemColumns = {
  basic_code: 'text',
  name: 'text',
  sub_item_name: 'text',
  type_code: 'text',
  legal_basis: 'text',
  level: 'smallint',
  handling_division: 'text',
  co_implementers: 'text',
  source: 'power_source',
  accountability: 'text',
};

const rowOf = (item: ImportedPowerItem) => ({
  basic_code: item.basicCode,
  name: item.name,
  sub_item_name: item.subItemName ?? null,
  type_code: item.typeCode,
  legal_basis: item.legalBasis,
  level: item.level,
  handling_division: item.handlingDivision ?? null,
  co_implementers: item.coImplementers ?? null,
  source: item.source ?? 'statutory',
  accountability: item.accountability ?? null,
});

/**
 * Writes a plan with no errors in it (the caller refuses those) for `unitId`, in the mutation's
 * transaction. New items are left without their pinyin initials, which the power-item-initials
 * job fills within a minute (8,000 names take ~140 ms; a 100,000-row import would spend ~2 s on
 * them inside its transaction). Returns how many were created and updated; `progress` after each chunk.
 */
export async function writePowerItems(
  m: Mutation<Viewer>,
  unitId: number,
  plan: readonly PlannedItem[],
  progress: (done: number) => void = () => {},
): Promise<{ created: number; updated: number }> {
  const now = m.now.toISOString();
  const created = plan.flatMap((p) => (p.outcome === 'new' ? [p.item] : []));
  const updated = plan.flatMap((p) => (p.outcome === 'update' ? [p] : []));
  let done = 0;
  for (const part of chunks(created)) {
    const inserted = await m.tx
      .insert(powerItems)
      .select((qb) =>
        qb
          .select({
            basicCode: sql<string>`given.basic_code`.as('basic_code'),
            name: sql<string>`given.name`.as('name'),
            subItemName: sql<string | null>`given.sub_item_name`.as('sub_item_name'),
            typeCode: sql<PowerTypeCode>`given.type_code`.as('type_code'),
            legalBasis: sql<string>`given.legal_basis`.as('legal_basis'),
            level: sql<number>`given.level`.as('level'),
            implementingUnitId: sql<number>`${unitId}::integer`.as('implementing_unit_id'),
            handlingDivision: sql<string | null>`given.handling_division`.as('handling_division'),
            coImplementers: sql<string | null>`given.co_implementers`.as('co_implementers'),
            source: sql<'statutory'>`given.source`.as('source'),
            accountability: sql<string | null>`given.accountability`.as('accountability'),
            createdAt: sql<string>`${now}::timestamptz`.as('created_at'),
            updatedAt: sql<string>`${now}::timestamptz`.as('updated_at'),
          })
          .from(jsonRows('given', itemColumns, part.map(rowOf))),
      )
      .returning({ id: powerItems.id });
    await insertChanges(
      m,
      // The item at version 1 is what was created: the history row names the import, not the fields again.
      inserted.map(({ id }) => ({ power_item_id: id, version: 1, summary: '导入：新增事项', before: null, after: null })),
    );
    done += part.length;
    progress(done);
  }
  for (const part of chunks(updated)) {
    // Only the fields that changed are set: each row says which (set_<column>).
    const rows = part.map((p) => ({ id: p.id, version: p.version, ...Object.fromEntries(p.diff.map((d) => [`set_${columnOf[d.field]}`, true])), ...rowOf(p.item) }));
    const flags = Object.fromEntries(importedItemFields.map(([, , , column]) => [`set_${column}`, 'boolean']));
    const changed = await m.tx
      .update(powerItems)
      .set({
        name: sql`case when given.set_name then given.name else ${powerItems.name} end`,
        subItemName: sql`case when given.set_sub_item_name then given.sub_item_name else ${powerItems.subItemName} end`,
        typeCode: sql`case when given.set_type_code then given.type_code else ${powerItems.typeCode} end`,
        legalBasis: sql`case when given.set_legal_basis then given.legal_basis else ${powerItems.legalBasis} end`,
        level: sql`case when given.set_level then given.level else ${powerItems.level} end`,
        handlingDivision: sql`case when given.set_handling_division then given.handling_division else ${powerItems.handlingDivision} end`,
        coImplementers: sql`case when given.set_co_implementers then given.co_implementers else ${powerItems.coImplementers} end`,
        source: sql`case when given.set_source then given.source else ${powerItems.source} end`,
        accountability: sql`case when given.set_accountability then given.accountability else ${powerItems.accountability} end`,
        // A new name needs new initials: the job fills them.
        nameInitials: sql`case when given.set_name or given.set_sub_item_name then null else ${powerItems.nameInitials} end`,
        updatedAt: now,
        version: sql`${powerItems.version} + 1`,
      })
      .from(jsonRows('given', { id: 'integer', version: 'integer', ...itemColumns, ...flags }, rows))
      .where(and(joinedById(powerItems.id, 'given.id', rows.map((row) => row.id)), sql`${powerItems.version} = given.version`))
      .returning({ id: powerItems.id, version: powerItems.version });
    if (changed.length !== part.length) throw new Error('An imported item changed under its lock');
    const versions = new Map(changed.map((c) => [c.id, c.version]));
    await insertChanges(
      m,
      part.map((p) => ({
        power_item_id: p.id,
        version: versions.get(p.id)!,
        summary: `导入：修改${p.diff.map((d) => d.zh).join('、')}`,
        before: Object.fromEntries(p.diff.map((d) => [d.field, d.before])),
        after: Object.fromEntries(p.diff.map((d) => [d.field, d.after])),
      })),
    );
    done += part.length;
    progress(done);
  }
  return { created: created.length, updated: updated.length };
}

function insertChanges(m: Mutation<Viewer>, rows: { power_item_id: number; version: number; summary: string; before: unknown; after: unknown }[]) {
  if (rows.length === 0) return Promise.resolve();
  return m.tx.insert(powerItemChanges).select((qb) =>
    qb
      .select({
        powerItemId: sql<number>`given.power_item_id`.as('power_item_id'),
        version: sql<number>`given.version`.as('version'),
        kind: sql<string>`'imported'`.as('kind'),
        actorId: sql<number>`${m.viewer.userId}::integer`.as('actor_id'),
        summary: sql<string>`given.summary`.as('summary'),
        before: sql`given.before`.as('before'),
        after: sql`given.after`.as('after'),
        createdAt: sql<string>`${m.now.toISOString()}::timestamptz`.as('created_at'),
      })
      .from(jsonRows('given', { power_item_id: 'integer', version: 'integer', summary: 'text', before: 'jsonb', after: 'jsonb' }, rows)),
  );
}
