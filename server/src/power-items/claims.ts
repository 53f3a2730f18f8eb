import { claimStatus, powerItemClaims } from '@devolve/db';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { runCommand } from '../activity/mutate.ts';
import { hasRole, isSubmitterOf, isTeam, type Viewer } from '../accounts/permissions.ts';
import { builder } from '../builder.ts';
import { Unit } from '../units/units.ts';
import { enumValuesOf } from '../enums.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { checkPageArgs } from '../pagination.ts';
import { assignPowerItem, claimPowerItem, settleClaim } from './commands.ts';
import { PowerItem } from './power-items.ts';

/**
 * 认领: departments claim unclaimed power items; when several units claim one item the
 * coordinator settles it. A claim is read by the team and the claiming unit only.
 */
export const ClaimStatus = builder.enumType('ClaimStatus', {
  values: enumValuesOf(claimStatus.enumValues),
});

/**
 * Who reads a claim, in memory (node(id)) and as SQL (lists, counts) side by side; the parity
 * test (test/api/read-policies.test.ts) checks they agree for every demo account.
 */
export const canReadClaim = (viewer: Viewer | null, unitId: number): boolean => isTeam(viewer) || isSubmitterOf(viewer, unitId);

/** canReadClaim as SQL over `table`; undefined means every row (the team). */
export function visibleClaims(table: typeof powerItemClaims, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  return viewer && hasRole(viewer, 'submitter') ? eq(table.unitId, viewer.unitId) : sql`false`;
}

// The claims table again under another name, so the subquery below can refer to the outer row.
const otherClaimsName = 'other_claims';
const otherClaims = alias(powerItemClaims, otherClaimsName);

/** A pending claim is contested when another unit's claim for the same item is pending too. */
const contested = (table: typeof powerItemClaims) =>
  sql<boolean>`(${table.status} = 'pending' and (select count(*) from ${powerItemClaims} as ${sql.identifier(otherClaimsName)} where ${otherClaims.powerItemId} = ${table.powerItemId} and ${otherClaims.status} = 'pending') > 1)`;

export const PowerItemClaim = builder.drizzleNode('powerItemClaims', {
  name: 'PowerItemClaim',
  description: '认领: a unit asks to become the implementing body of an unclaimed power item.',
  id: { column: (claim) => claim.id },
  select: { columns: { unitId: true } },
  authScopes: (claim, ctx) => canReadClaim(ctx.viewer, claim.unitId),
  fields: (t) => ({
    powerItem: t.relation('powerItem'),
    unit: t.relation('unit'),
    claimedBy: t.relation('claimedBy', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    status: t.expose('status', { type: ClaimStatus }),
    decisionNote: t.exposeString('decisionNote', { nullable: true }),
    contested: t.boolean({
      description: "Pending while another unit's claim for the same item is pending too: the coordinator must settle it.",
      select: { extras: { contested } },
      resolve: (claim) => claim.contested,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    version: t.exposeInt('version'),
  }),
});

builder.drizzleObjectFields(PowerItem, (t) => ({
  claims: t.relation('claims', {
    description: 'Claims for this item (the team sees all; a department its own).',
    query: (_args, ctx) => ({
      where: rawWhere((table: typeof powerItemClaims) => visibleClaims(table, ctx.viewer)),
      orderBy: { id: 'asc' },
    }),
  }),
}));

const PowerItemClaimFilter = builder.inputType('PowerItemClaimFilter', {
  fields: (t) => ({
    status: t.field({ type: ClaimStatus }),
    contested: t.boolean({ description: 'true: only pending claims competing with another unit’s; false: only uncontested ones.' }),
    powerItemId: t.globalID({ for: PowerItem }),
  }),
});

interface ClaimFilterValues {
  status?: (typeof powerItemClaims.$inferSelect)['status'] | undefined;
  contested?: boolean | undefined;
  powerItemId?: number | undefined;
}

function readFilter(input: typeof PowerItemClaimFilter.$inferInput | null | undefined): ClaimFilterValues {
  if (!input) return {};
  return {
    status: input.status ?? undefined,
    contested: input.contested ?? undefined,
    powerItemId: input.powerItemId?.id,
  };
}

function claimConditions(table: typeof powerItemClaims, filter: ClaimFilterValues): SQL | undefined {
  return and(
    filter.status !== undefined ? eq(table.status, filter.status) : undefined,
    filter.contested === true ? contested(table) : undefined,
    filter.contested === false ? sql`not ${contested(table)}` : undefined,
    filter.powerItemId !== undefined ? eq(table.powerItemId, filter.powerItemId) : undefined,
  );
}

/** The connection's order, which its cursors follow. */
const claimOrder = { powerItemId: 'asc', id: 'asc' } as const;

builder.queryField('powerItemClaims', (t) =>
  t.drizzleConnection({
    type: 'powerItemClaims',
    description:
      'Claims, grouped by power item (an item’s claims are adjacent). With `contested: true` the coordinator’s list of conflicts to settle.',
    authScopes: { signedIn: true },
    args: { filter: t.arg({ type: PowerItemClaimFilter }) },
    totalCount: (_root, args, ctx) =>
      ctx.db.$count(powerItemClaims, and(visibleClaims(powerItemClaims, ctx.viewer), claimConditions(powerItemClaims, readFilter(args.filter)))),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args, powerItemClaims, claimOrder);
      const filter = readFilter(args.filter);
      return ctx.db.query.powerItemClaims.findMany(
        query({
          where: rawWhere((table: typeof powerItemClaims) => and(visibleClaims(table, ctx.viewer), claimConditions(table, filter))),
          orderBy: claimOrder,
        }),
      );
    },
  }),
);

const ClaimPowerItemInput = builder.inputType('ClaimPowerItemInput', {
  fields: (t) => ({
    powerItemId: t.globalID({ for: PowerItem, required: true }),
    reason: t.string({ required: true, description: 'Why the unit should implement the item (at most 2,000 characters).' }),
  }),
});

builder.mutationField('claimPowerItem', (t) =>
  t.withAuth({ canWrite: ['submitter'] }).drizzleField({
    type: PowerItemClaim,
    errors: { types: [NotFoundError] },
    description:
      "A department claims an unclaimed item for its own unit. If other units' claims are pending, the claim comes back `contested` for the coordinator to settle.",
    args: { input: t.arg({ type: ClaimPowerItemInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { claimId } = await runCommand(ctx, ctx.viewer, claimPowerItem, {
        powerItemId: input.powerItemId.id,
        reason: input.reason,
      });
      return (await ctx.db.query.powerItemClaims.findFirst(query({ where: { id: claimId } })))!;
    },
  }),
);

const SettleClaimInput = builder.inputType('SettleClaimInput', {
  fields: (t) => ({
    claimId: t.globalID({ for: PowerItemClaim, required: true }),
    grant: t.boolean({ required: true, description: "true: the unit becomes the item's implementing body and competing claims are turned down." }),
    note: t.string({
      required: true,
      description: 'The reason, for the departments (at most 2,000 characters): the claimant reads it, and on a grant so do the units turned down.',
    }),
    expectedVersion: t.int({ required: true, description: "The claim's version." }),
  }),
});

builder.mutationField('settleClaim', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: PowerItemClaim,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description:
      "The coordinator grants or turns down a pending claim, with a reason. A grant makes the unit the item's implementing body and turns down the item's other pending claims with that reason.",
    args: { input: t.arg({ type: SettleClaimInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { claimId } = await runCommand(ctx, ctx.viewer, settleClaim, {
        ...input,
        claimId: input.claimId.id,
      });
      return (await ctx.db.query.powerItemClaims.findFirst(query({ where: { id: claimId } })))!;
    },
  }),
);

const AssignPowerItemInput = builder.inputType('AssignPowerItemInput', {
  fields: (t) => ({
    powerItemId: t.globalID({ for: PowerItem, required: true }),
    unitId: t.globalID({ for: Unit, required: true, description: 'The department to implement the item.' }),
    reason: t.string({ required: true, description: 'Why this unit, for the department and the log (at most 2,000 characters).' }),
    expectedVersion: t.int({ required: true, description: "The item's version." }),
  }),
});

builder.mutationField('assignPowerItem', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: PowerItem,
    errors: { types: [NotFoundError, ConflictError, InvalidTransitionError] },
    description:
      'The coordinator names the implementing unit of an unclaimed item nobody has a pending claim on, with a reason kept in its history. Items with pending claims are settled through them.',
    args: { input: t.arg({ type: AssignPowerItemInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { powerItemId } = await runCommand(ctx, ctx.viewer, assignPowerItem, {
        powerItemId: input.powerItemId.id,
        unitId: input.unitId.id,
        reason: input.reason,
        expectedVersion: input.expectedVersion,
      });
      return (await ctx.db.query.powerItems.findFirst(query({ where: { id: powerItemId } })))!;
    },
  }),
);
