import { powerItemChanges, powerItems, powerItemStatus, powerSource, proposalDistricts, units } from '@devolve/db';
import { sql } from 'drizzle-orm';
import { builder } from '../builder.ts';
import { districtCount, Unit } from '../units/units.ts';
import { enumValuesOf } from '../enums.ts';
import { ValidationError } from '../errors.ts';
import { rawWhere, searchText } from '../filters.ts';
import { parseGlobalId } from '../ids.ts';
import { checkPageArgs, pageSizes } from '../pagination.ts';
import { powerItemConditions, type PowerItemFilterValues } from './filter.ts';
import { PowerType, powerTypeNames } from './power-types.ts';

export const PowerItemStatus = builder.enumType('PowerItemStatus', {
  values: enumValuesOf(powerItemStatus.enumValues),
});

export const PowerSource = builder.enumType('PowerSource', {
  description: '权力来源: statutory 法定, delegated from above 上级下放, entrusted 受委托.',
  values: enumValuesOf(powerSource.enumValues),
});

export interface ChangeDistrict {
  code: string;
  name: string;
  nameEn: string | null;
}

export const ChangeDistrictRef = builder.objectRef<ChangeDistrict>('ChangeDistrict').implement({
  description: 'A district a power item was delegated to (part of the public power list).',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'GB/T 2260 code, e.g. 440106.' }),
    name: t.exposeString('name'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
  }),
});

export const PowerItemChange = builder.drizzleObject('powerItemChanges', {
  name: 'PowerItemChange',
  description: "One version of a power item's history.",
  fields: (t) => ({
    version: t.exposeInt('version'),
    kind: t.exposeString('kind', { description: 'created, claimed, assigned, cancelled, delegated, merged.' }),
    summary: t.exposeString('summary'),
    delegatedTo: t.field({
      type: [ChangeDistrictRef],
      description:
        "For a delegation (kind `delegated`): the districts the approved proposal handed the power to, by code (only those the approver approved it for). The item's status is public, and so is where it went.",
      extensions: { maxItems: districtCount },
      // The change row's own subquery: a page of history stays one statement.
      select: {
        columns: { kind: true },
        extras: {
          delegatedTo: (table) =>
            sql<ChangeDistrict[] | null>`(select json_agg(json_build_object('code', ${units.code}, 'name', ${units.name}, 'nameEn', ${units.nameEn}) order by ${units.code}) from ${proposalDistricts} join ${units} on ${units.id} = ${proposalDistricts.districtId} where ${proposalDistricts.proposalId} = ${table.proposalId} and not ${proposalDistricts.excluded})`,
        },
      },
      resolve: (change) => (change.kind === 'delegated' ? (change.delegatedTo ?? []) : []),
    }),
    actor: t.relation('actor', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/** The order of an item's history, which its cursors follow. */
const newestFirst = { id: 'desc' } as const;

export const PowerItem = builder.drizzleNode('powerItems', {
  name: 'PowerItem',
  // Only the columns a query asks for: a list never reads what it does not show (a password hash above all).
  select: {},
  description: '行政权力事项: one row of a department\'s power list.',
  id: { column: (item) => item.id },
  fields: (t) => ({
    basicCode: t.exposeString('basicCode', { description: '基本编码 (a string; never parse meaning out of it).' }),
    name: t.exposeString('name'),
    subItemName: t.exposeString('subItemName', { nullable: true }),
    type: t.expose('typeCode', { type: PowerType }),
    typeCode: t.exposeString('typeCode'),
    typeNameZh: t.string({ select: { columns: { typeCode: true } }, resolve: (item) => powerTypeNames(item.typeCode).zh }),
    typeNameEn: t.string({ select: { columns: { typeCode: true } }, resolve: (item) => powerTypeNames(item.typeCode).en }),
    legalBasis: t.exposeString('legalBasis'),
    level: t.exposeInt('level', { description: '行使层级: 1 national … 3 municipal, 4 district, 5 town, 6 village, 7 tiered.' }),
    implementingUnit: t.relation('implementingUnit', { nullable: true, description: '实施主体; null means unclaimed.' }),
    claimed: t.boolean({
      select: { columns: { implementingUnitId: true } },
      resolve: (item) => item.implementingUnitId !== null,
    }),
    handlingDivision: t.exposeString('handlingDivision', { nullable: true }),
    coImplementers: t.exposeString('coImplementers', { nullable: true }),
    responsibilitySteps: t.exposeStringList('responsibilitySteps'),
    accountability: t.exposeString('accountability', { nullable: true }),
    source: t.expose('source', { type: PowerSource }),
    status: t.expose('status', { type: PowerItemStatus }),
    history: t.relatedConnection('changes', {
      description: `Changes to the item, newest first, ${pageSizes.default} a page unless asked (\`first\`/\`last\` at most ${pageSizes.max}); \`pageInfo\` says whether there are more.`,
      query: (args) => {
        checkPageArgs(args, powerItemChanges, newestFirst, { nested: true });
        return { orderBy: newestFirst };
      },
    }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const PowerItemFilter = builder.inputType('PowerItemFilter', {
  fields: (t) => ({
    unitId: t.globalID({ for: Unit, description: 'The implementing unit.' }),
    type: t.field({ type: PowerType }),
    status: t.field({ type: PowerItemStatus }),
    claimed: t.boolean({ description: 'false: only unclaimed items (no implementing unit).' }),
    level: t.int({ description: '行使层级 1–7.' }),
    search: t.string({ description: 'Substring of the name or sub-item name, or a basic-code prefix.' }),
  }),
});

/** Turns the GraphQL filter into values the SQL builder takes, validating as it goes. */
function readFilter(input: typeof PowerItemFilter.$inferInput | null | undefined): PowerItemFilterValues {
  if (!input) return {};
  return {
    unitId: input.unitId?.id,
    typeCode: input.type ?? undefined,
    status: input.status ?? undefined,
    claimed: input.claimed ?? undefined,
    level: input.level ?? undefined,
    search: searchText(input.search, 'filter.search'),
  };
}

/** The connection's order, which its cursors follow. */
const powerItemOrder = { basicCode: 'asc' } as const;

builder.queryField('powerItems', (t) =>
  t.drizzleConnection({
    type: 'powerItems',
    description: 'The power list, by basic code.',
    args: { filter: t.arg({ type: PowerItemFilter }) },
    totalCount: (_root, args, ctx) => ctx.db.$count(powerItems, powerItemConditions(powerItems, readFilter(args.filter))),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, powerItems, powerItemOrder);
      const filter = readFilter(args.filter);
      return ctx.db.query.powerItems.findMany(
        query({
          where: rawWhere((table: typeof powerItems) => powerItemConditions(table, filter)),
          orderBy: powerItemOrder,
        }),
      );
    },
  }),
);

builder.queryField('powerItem', (t) =>
  t.drizzleField({
    type: 'powerItems',
    nullable: true,
    description: 'One item of the power list (public by law) by its 基本编码, or by its global id; null when there is none.',
    args: { code: t.arg.string({ required: true, description: 'A basic code such as 440101070002, or a PowerItem id.' }) },
    resolve: (query, _root, args, ctx) => {
      const where = powerItemKey(args.code);
      return ctx.db.query.powerItems.findFirst(query({ where }));
    },
  }),
);

/** A `powerItem(code:)` argument: the global id of a PowerItem, or else a basic code. */
export function powerItemKey(code: string): { id: number } | { basicCode: string } {
  const trimmed = code.trim();
  if (trimmed.length === 0 || trimmed.length > 200) {
    throw new ValidationError('code', '请给出事项的基本编码', 'Give the basic code of the item');
  }
  try {
    const parsed = parseGlobalId(trimmed, 'code');
    if (parsed.typename === 'PowerItem') return { id: parsed.id };
  } catch {
    // Not a global id: a basic code.
  }
  return { basicCode: trimmed };
}
