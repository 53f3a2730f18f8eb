import { campaigns, importMappings, powerItemChanges, powerItems, proposals, units } from '@devolve/db';
import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { messyPowerListXlsx, powerListXls, proposalsXlsx } from '../../../test/fixtures/imports/make.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { ImportRefusedError, InvalidTransitionError, ValidationError } from '../errors.ts';
import { commitImport, previewImport, remapImport } from './commands.ts';

/** The import's commands without HTTP: reading every mess, the plan, all-or-nothing commits. */
let t: CommandTestDatabase;
let coordinator: Viewer;
let market: Viewer;
let marketUnit: number;
let housingUnit: number;

const codes = { a: '044019910000', b: '044019920000', c: '044019930000' };

beforeAll(async () => {
  t = await commandTestDatabase();
  coordinator = await t.viewer('coordinator');
  market = await t.viewer('gz-scjgj');
  marketUnit = market.unitId;
  housingUnit = (await t.db.select({ id: units.id }).from(units).where(eq(units.code, 'GZ-ZJJ')))[0]!.id;
}, 120_000);

afterAll(() => t?.dispose());

const rowsOf = (importId: number) => t.db.query.importRows.findMany({ where: { importId }, orderBy: { rowNumber: 'asc' } });
const itemCount = async () => (await t.db.select({ n: count() }).from(powerItems))[0]!.n;

describe('reading a messy power list', () => {
  it('finds the sheet and header, reads synonyms, merged cells, full-width and numeric codes, and skips blank and note rows', async () => {
    const { importId } = await t.run(market, previewImport, { kind: 'power_items', unitId: marketUnit, fileName: 'list.xlsx', file: await messyPowerListXlsx(codes) });
    const preview = (await t.db.query.imports.findFirst({ where: { id: importId } }))!;
    expect(preview).toMatchObject({ sheet: '权责清单', headerRow: 3, counts: { new: 3, update: 0, unchanged: 0, skipped: 2, error: 0 } });
    expect(preview.mapping).toMatchObject({ basicCode: 'B', name: 'C', subItemName: 'D', type: 'E', legalBasis: 'F', level: 'G', handlingDivision: 'H' });
    const rows = await rowsOf(importId);
    const values = rows.filter((r) => r.outcome === 'new').map((r) => (r.detail as { values: Record<string, unknown> }).values);
    expect(values).toEqual([
      expect.objectContaining({ basicCode: codes.a, typeCode: '01', level: 3, handlingDivision: '登记注册处' }),
      // 44019920000 as a number: the leading zero restored from the column's usual length.
      expect.objectContaining({ basicCode: codes.b, typeCode: '02', level: 3, handlingDivision: '执法一处', subItemName: '子项' }),
      // Full-width spaces around the code and a full-width level; the merged 责任科室 carries down.
      expect.objectContaining({ basicCode: codes.c, typeCode: '06', level: 3, handlingDivision: '执法一处' }),
    ]);
    expect(rows.filter((r) => r.outcome === 'skipped').map((r) => (r.detail as { reason: { en: string } }).reason.en)).toEqual(['Blank row', 'A note row']);
  });

  it('reads a legacy .xls with a merged cell', async () => {
    const file = await powerListXls([
      ['440199940000', 'XLS事项一', '许可', '依据一', '市级', '审批处'],
      ['440199950000', 'XLS事项二', '处罚', '依据二', '市级', ''],
    ]);
    const { importId } = await t.run(market, previewImport, { kind: 'power_items', unitId: marketUnit, fileName: 'old.xls', file });
    const rows = await rowsOf(importId);
    expect(rows.map((r) => [r.outcome, (r.detail as { values: { handlingDivision: string } }).values.handlingDivision])).toEqual([
      ['new', '审批处'],
      ['new', '审批处'],
    ]);
  });

  it('refuses scientific notation that lost digits with the cell, and a sheet with no header', async () => {
    const { importId } = await t.run(market, previewImport, {
      kind: 'power_items',
      unitId: marketUnit,
      fileName: 'bad.xlsx',
      file: await messyPowerListXlsx(codes, [[4, '4.40199E+11', '坏行', '', '许可', '依据', '市级', '处'], [5, 4.4019996e17, '丢位', '', '许可', '依据', '市级', '处']]),
    });
    const errors = (await rowsOf(importId)).filter((r) => r.outcome === 'error').map((r) => (r.detail as { errors: { cell: string; zh: string }[] }).errors[0]!);
    expect(errors).toEqual([
      expect.objectContaining({ cell: 'B8', zh: expect.stringContaining('科学计数法') }),
      expect.objectContaining({ cell: 'B9', zh: expect.stringContaining('15位') }),
    ]);
    await expect(
      t.run(market, previewImport, { kind: 'power_items', unitId: marketUnit, fileName: 'x.csv', file: new TextEncoder().encode('a,b\n1,2\n') }),
    ).rejects.toMatchObject({ reason: 'NO_HEADER' } satisfies Partial<ImportRefusedError>);
  });
});

describe('committing', () => {
  it('a correction of the mapping is checked again and remembered for the unit', async () => {
    const file = await messyPowerListXlsx(codes);
    const { importId } = await t.run(market, previewImport, { kind: 'power_items', unitId: marketUnit, fileName: 'list.xlsx', file });
    // The user says 子项名称 is not in the file: it is read from nowhere.
    await t.run(market, remapImport, { importId, mapping: { basicCode: 'B', name: 'C', type: 'E', legalBasis: 'F', level: 'G', handlingDivision: 'H' } });
    const remapped = (await t.db.query.imports.findFirst({ where: { id: importId } }))!;
    expect(remapped.mapping).not.toHaveProperty('subItemName');
    await expect(t.run(market, remapImport, { importId, mapping: { name: 'C' } })).rejects.toBeInstanceOf(ValidationError);
    const before = await itemCount();
    const result = await t.run(market, commitImport, { importId });
    expect(result).toMatchObject({ created: 3, updated: 0 });
    expect(await itemCount()).toBe(before + 3);
    const [memory] = await t.db.select().from(importMappings).where(and(eq(importMappings.unitId, marketUnit), eq(importMappings.kind, 'power_items')));
    expect(memory!.mapping).toMatchObject({ subItemName: '' });
    expect(memory!.mapping).toMatchObject({ basicCode: '*基本编码', legalBasis: '法律\u3000依据' });
    // The next file starts from the remembered mapping: 子项名称 stays unmapped, and nothing changed.
    const next = await t.run(market, previewImport, { kind: 'power_items', unitId: marketUnit, fileName: 'again.xlsx', file });
    const again = (await t.db.query.imports.findFirst({ where: { id: next.importId } }))!;
    expect(again.counts).toMatchObject({ unchanged: 3, new: 0, update: 0 });
    const logged = await t.lastActivityId();
    const history = await t.db.select({ n: count() }).from(powerItemChanges).where(eq(powerItemChanges.kind, 'imported'));
    await t.run(market, commitImport, { importId: next.importId });
    // A re-import writes no item and no history; its one activity row is the import's own.
    expect((await t.activitySince(logged)).map((a) => a.action)).toEqual(['import.committed']);
    expect((await t.db.select({ n: count() }).from(powerItemChanges).where(eq(powerItemChanges.kind, 'imported')))[0]!.n).toBe(history[0]!.n);
  });

  it('a row that fails only at commit rolls the whole import back', async () => {
    const local = { a: '044019960000', b: '044019970000', c: '044019980000' };
    const { importId } = await t.run(coordinator, previewImport, { kind: 'power_items', unitId: marketUnit, fileName: 'late.xlsx', file: await messyPowerListXlsx(local) });
    // Between preview and commit, another unit's list takes the middle code.
    await t.db.insert(powerItems).values({ basicCode: local.b, name: '他人事项', typeCode: '01', legalBasis: '依据', level: 3, implementingUnitId: housingUnit });
    const before = await itemCount();
    await expect(t.run(coordinator, commitImport, { importId })).rejects.toMatchObject({ messageZh: expect.stringContaining('第 5 行（B5）') });
    expect(await itemCount()).toBe(before);
    expect(await t.db.$count(powerItems, eq(powerItems.basicCode, local.a))).toBe(0);
  });

  it('refuses a preview with errors, and a department importing another unit', async () => {
    const { importId } = await t.run(market, previewImport, {
      kind: 'power_items',
      unitId: marketUnit,
      fileName: 'bad.xlsx',
      file: await messyPowerListXlsx({ a: '044019990000', b: '044019990001', c: '044019990002' }, [[4, '4.40199E+11', '坏行', '', '许可', '依据', '市级', '处']]),
    });
    await expect(t.run(market, commitImport, { importId })).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await t.db.$count(powerItems, eq(powerItems.basicCode, '044019990000'))).toBe(0);
    await expect(t.run(market, previewImport, { kind: 'power_items', unitId: housingUnit, fileName: 'x.xlsx', file: await messyPowerListXlsx(codes) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('proposals', () => {
  it('creates submitted proposals through the proposal commands, and a re-import changes nothing', async () => {
    const [campaign] = await t.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
    // Market items with no open proposal in 2019.
    const free = await t.db
      .select({ id: powerItems.id, basicCode: powerItems.basicCode })
      .from(powerItems)
      .leftJoin(proposals, and(eq(proposals.powerItemId, powerItems.id), eq(proposals.campaignId, campaign!.id)))
      .where(and(eq(powerItems.implementingUnitId, marketUnit), isNull(proposals.id)))
      .limit(2);
    const file = await proposalsXlsx([
      [free[0]!.basicCode, '', '下放', '天河区、越秀区', '基层更便于实施', '《测试条例》'],
      [free[1]!.basicCode, '', '取消', '', '已无实际需要', ''],
      ['', '新增测试事项', '新增', '', '法规新设', '《新条例》'],
    ]);
    const { importId } = await t.run(coordinator, previewImport, { kind: 'proposals', unitId: marketUnit, campaignId: campaign!.id, fileName: 'p.xlsx', file, submit: true });
    expect((await t.db.query.imports.findFirst({ where: { id: importId } }))!.counts).toMatchObject({ new: 3, error: 0 });
    const logged = await t.lastActivityId();
    await t.run(coordinator, commitImport, { importId });
    const created = await t.db.query.proposals.findMany({ where: { powerItemId: free[0]!.id, campaignId: campaign!.id }, with: { targetDistricts: true } });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ action: 'delegate', stage: 'submitted', submittingUnitId: marketUnit });
    const actions = (await t.activitySince(logged)).map((a) => a.action);
    expect(actions.filter((a) => a === 'proposal.created')).toHaveLength(3);
    expect(actions).toContain('import.committed');
    const again = await t.run(market, previewImport, { kind: 'proposals', unitId: marketUnit, campaignId: campaign!.id, fileName: 'p.xlsx', file });
    expect((await t.db.query.imports.findFirst({ where: { id: again.importId } }))!.counts).toMatchObject({ new: 0, unchanged: 3 });
  });
});
