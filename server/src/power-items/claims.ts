import { claimStatus, powerItemChanges, powerItemClaims, powerItems, units } from '@devolve/db';
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { mutate, updateVersioned, type Mutation } from '../activity/mutate.ts';
import { hasRole, isSubmitterOf, isTeam, type Viewer } from '../accounts/permissions.ts';
import { builder } from '../builder.ts';
import { enumValuesOf } from '../enums.ts';
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { databaseIdOf } from '../ids.ts';
import { readableIdOf } from '../readable.ts';
import { checkPageArgs } from '../pagination.ts';
import { optionalText, requiredText, textLimits } from '../text-input.ts';
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
  return hasRole(viewer, 'submitter') ? eq(table.unitId, viewer!.unitId) : sql`false`;
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
    powerItemId: t.id(),
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
    powerItemId: input.powerItemId ? databaseIdOf(String(input.powerItemId), 'PowerItem', 'filter.powerItemId') : undefined,
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

const itemWhat = { zh: '权力事项', en: 'power item' };
const claimWhat = { zh: '认领申请', en: 'claim' };

/** Locks the item so claims and settlements of one item happen one at a time. */
async function lockItem(m: Mutation, powerItemId: number, givenId: string) {
  const [item] = await m.tx
    .select({ id: powerItems.id, implementingUnitId: powerItems.implementingUnitId, version: powerItems.version })
    .from(powerItems)
    .where(eq(powerItems.id, powerItemId))
    .for('update');
  if (!item) throw new NotFoundError(itemWhat, givenId);
  return item;
}

const pendingClaimCount = async (m: Mutation, powerItemId: number) =>
  m.tx.$count(powerItemClaims, and(eq(powerItemClaims.powerItemId, powerItemId), eq(powerItemClaims.status, 'pending')));

const ClaimPowerItemInput = builder.inputType('ClaimPowerItemInput', {
  fields: (t) => ({
    powerItemId: t.id({ required: true }),
    reason: t.string({ required: true, description: 'Why the unit should implement the item (at most 2,000 characters).' }),
  }),
});

builder.mutationField('claimPowerItem', (t) =>
  t.drizzleField({
    type: PowerItemClaim,
    errors: {},
    description:
      "A department claims an unclaimed item for its own unit. If other units' claims are pending, the claim comes back `contested` for the coordinator to settle.",
    authScopes: { canWrite: ['submitter'] },
    args: { input: t.arg({ type: ClaimPowerItemInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const viewer = m.viewer!;
        const powerItemId = databaseIdOf(String(input.powerItemId), 'PowerItem', 'input.powerItemId');
        const reason = requiredText(input.reason, 'input.reason', textLimits.reason);
        if (viewer.unitKind !== 'department') {
          throw new ForbiddenError('只有市直部门可以认领事项', 'Only municipal departments claim power items');
        }
        const item = await lockItem(m, powerItemId, String(input.powerItemId));
        if (item.implementingUnitId !== null) {
          throw new ValidationError('input.powerItemId', '该事项已有实施主体，无需认领', 'The item already has an implementing unit');
        }
        const [earlier] = await m.tx
          .select({ id: powerItemClaims.id, status: powerItemClaims.status, version: powerItemClaims.version })
          .from(powerItemClaims)
          .where(and(eq(powerItemClaims.powerItemId, powerItemId), eq(powerItemClaims.unitId, viewer.unitId)));
        if (earlier && earlier.status !== 'rejected') {
          throw new ValidationError('input.powerItemId', '本单位已认领该事项，请等待统筹协调', 'Your unit has already claimed this item');
        }
        const claimed = { reason, claimedById: viewer.userId, status: 'pending' as const, decidedById: null, decisionNote: null };
        // One row per unit and item: a unit whose claim was turned down may claim again with a new reason.
        const claim = earlier
          ? await updateVersioned(
              m.tx,
              powerItemClaims,
              { id: earlier.id, expectedVersion: earlier.version, typename: 'PowerItemClaim', what: claimWhat },
              claimed,
            )
          : (await m.tx.insert(powerItemClaims).values({ powerItemId, unitId: viewer.unitId, ...claimed }).returning())[0]!;
        const pending = await pendingClaimCount(m, powerItemId);
        m.record({
          action: 'power_item.claimed',
          entityId: claim.id,
          after: { powerItemId, unitId: viewer.unitId, contested: pending > 1 },
        });
        return (await m.tx.query.powerItemClaims.findFirst(query({ where: { id: claim.id } })))!;
      }),
  }),
);

const SettleClaimInput = builder.inputType('SettleClaimInput', {
  fields: (t) => ({
    claimId: t.id({ required: true }),
    grant: t.boolean({ required: true, description: "true: the unit becomes the item's implementing body and competing claims are turned down." }),
    note: t.string({ description: 'The decision, for the departments (at most 2,000 characters).' }),
    expectedVersion: t.int({ required: true, description: "The claim's version." }),
  }),
});

builder.mutationField('settleClaim', (t) =>
  t.drizzleField({
    type: PowerItemClaim,
    errors: {},
    description: 'The coordinator grants or turns down a pending claim.',
    authScopes: { canWrite: ['coordinator'] },
    args: { input: t.arg({ type: SettleClaimInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const claimId = await readableIdOf(m.tx, m.viewer, String(input.claimId), 'PowerItemClaim', 'input.claimId');
        const note = optionalText(input.note, 'input.note', textLimits.reason);
        const [found] = await m.tx
          .select({ powerItemId: powerItemClaims.powerItemId, unitId: powerItemClaims.unitId, status: powerItemClaims.status })
          .from(powerItemClaims)
          .where(eq(powerItemClaims.id, claimId));
        if (!found) throw new NotFoundError(claimWhat, String(input.claimId));
        const item = await lockItem(m, found.powerItemId, String(found.powerItemId));
        if (found.status !== 'pending') {
          throw new InvalidTransitionError('该认领申请已处理', 'This claim has already been settled');
        }
        if (input.grant && item.implementingUnitId !== null) {
          throw new InvalidTransitionError('该事项已有实施主体', 'The item already has an implementing unit');
        }
        const status = input.grant ? 'granted' : 'rejected';
        await updateVersioned(
          m.tx,
          powerItemClaims,
          { id: claimId, expectedVersion: input.expectedVersion, typename: 'PowerItemClaim', what: claimWhat },
          { status, decidedById: m.viewer!.userId, decisionNote: note },
        );
        m.record({
          action: 'power_item.claim_settled',
          entityId: claimId,
          before: { status: 'pending' },
          after: { status, powerItemId: found.powerItemId, unitId: found.unitId },
        });
        if (input.grant) await grantItem(m, item, found.unitId, claimId);
        return (await m.tx.query.powerItemClaims.findFirst(query({ where: { id: claimId } })))!;
      }),
  }),
);

/**
 * Makes the granted claim's unit the item's implementing body, with a history row, and turns down
 * every other pending claim for the item. Those claims are read under the item's lock, so the
 * versions they are updated at are current.
 */
async function grantItem(m: Mutation, item: { id: number; version: number }, unitId: number, claimId: number): Promise<void> {
  const actorId = m.viewer!.userId;
  const [unit] = await m.tx.select({ name: units.name }).from(units).where(eq(units.id, unitId));
  const updated = await updateVersioned(
    m.tx,
    powerItems,
    { id: item.id, expectedVersion: item.version, typename: 'PowerItem', what: itemWhat },
    { implementingUnitId: unitId, updatedAt: new Date().toISOString() },
  );
  await m.tx.insert(powerItemChanges).values({
    powerItemId: item.id,
    version: updated.version,
    kind: 'claimed',
    actorId,
    summary: `认领：实施主体确定为${unit!.name}`,
    before: { implementingUnitId: null },
    after: { implementingUnitId: unitId, claimId },
  });
  const competing = await m.tx
    .select({ id: powerItemClaims.id, unitId: powerItemClaims.unitId, version: powerItemClaims.version })
    .from(powerItemClaims)
    .where(and(eq(powerItemClaims.powerItemId, item.id), eq(powerItemClaims.status, 'pending'), ne(powerItemClaims.id, claimId)));
  for (const other of competing) {
    await updateVersioned(
      m.tx,
      powerItemClaims,
      { id: other.id, expectedVersion: other.version, typename: 'PowerItemClaim', what: claimWhat },
      { status: 'rejected', decidedById: actorId, decisionNote: `该事项已确定由${unit!.name}实施` },
    );
    m.record({
      action: 'power_item.claim_settled',
      entityId: other.id,
      before: { status: 'pending' },
      after: { status: 'rejected', powerItemId: item.id, unitId: other.unitId, grantedClaimId: claimId },
    });
  }
}
