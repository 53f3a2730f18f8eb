import { powerItems, unitKind } from '@devolve/db';
import { builder } from '../builder.ts';
import { childCount } from '../counts.ts';
import { enumValuesOf } from '../enums.ts';

/**
 * Guangzhou's districts (the seed's units): a list with one row per district at most holds this
 * many, which the operation cost counts it as.
 */
export const districtCount = 11;

export const UnitKind = builder.enumType('UnitKind', {
  description: 'lead office 牵头单位, review body 审查单位, municipal department 市直单位, district government 区政府, third-party evaluator 第三方机构.',
  values: enumValuesOf(unitKind.enumValues),
});

export const Unit = builder.drizzleNode('units', {
  name: 'Unit',
  // Only the columns a query asks for: a list never reads what it does not show (a password hash above all).
  select: {},
  id: { column: (unit) => unit.id },
  fields: (t) => ({
    kind: t.expose('kind', { type: UnitKind }),
    code: t.exposeString('code', { description: 'GB/T 2260 code for districts (440106), a short code for municipal units.' }),
    name: t.exposeString('name'),
    shortName: t.exposeString('shortName'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
    powerItemCount: t.int({
      select: { extras: { powerItemCount: childCount(powerItems, powerItems.implementingUnitId) } },
      resolve: (unit) => unit.powerItemCount,
    }),
  }),
});

builder.queryField('units', (t) =>
  t.drizzleField({
    type: [Unit],
    description: 'All units (about 70), optionally of one kind, in display order.',
    args: { kind: t.arg({ type: UnitKind, required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.units.findMany(
        query({
          where: args.kind ? { kind: args.kind } : {},
          orderBy: { sortOrder: 'asc', id: 'asc' },
        }),
      ),
  }),
);
