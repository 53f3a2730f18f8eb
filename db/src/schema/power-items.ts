import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import type { PowerTypeCode } from '../power-types.ts';
import { createdAt, id, updatedAt, version } from './common.ts';
import { units } from './units.ts';

/** 权力来源: where the city's power comes from. */
export const powerSource = pgEnum('power_source', ['statutory', 'delegated_from_above', 'entrusted']);

/** The power item's state on the list. */
export const powerItemStatus = pgEnum('power_item_status', ['in_force', 'cancelled', 'delegated', 'merged']);

/** 行政权力事项: one row of a department's power list (GB/T 39046-2020 fields). */
export const powerItems = pgTable(
  'power_items',
  {
    id: id(),
    /** 基本编码, e.g. 440289876000. A string: never parse meaning out of it. */
    basicCode: text('basic_code').notNull(),
    name: text('name').notNull(),
    subItemName: text('sub_item_name'),
    /**
     * 拼音首字母 of the name and the sub-item name, lower case ("xzxk tzsbsydj"), which the list
     * search matches Latin letters against; written with the item (server/src/power-items/initials.ts),
     * null until then.
     */
    nameInitials: text('name_initials'),
    /** 事项类型 01 许可 … 10 其他 (see power-types.ts in @devolve/db). */
    typeCode: text('type_code').$type<PowerTypeCode>().notNull(),
    /** 设定依据 / 实施依据: free text citing laws and articles. */
    legalBasis: text('legal_basis').notNull(),
    /** 行使层级 1 national … 7 tiered. */
    level: smallint('level').notNull(),
    /** 实施主体; null means the item is unclaimed (未认领). */
    implementingUnitId: integer('implementing_unit_id').references(() => units.id),
    /** 承办机构: the division inside the unit. */
    handlingDivision: text('handling_division'),
    /** 共同实施部门. */
    coImplementers: text('co_implementers'),
    /** 责任事项: responsibility steps, e.g. 受理 → 审查 → 决定 → 送达 → 事后监管. */
    responsibilitySteps: text('responsibility_steps').array().notNull().default(sql`'{}'::text[]`),
    /** 追责情形. */
    accountability: text('accountability'),
    source: powerSource('source').notNull().default('statutory'),
    status: powerItemStatus('status').notNull().default('in_force'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('power_items_basic_code_key').on(t.basicCode),
    index('power_items_unit_idx').on(t.implementingUnitId, t.id),
    index('power_items_type_idx').on(t.typeCode, t.id),
    index('power_items_status_idx').on(t.status, t.id),
    // The public list filters by 行使层级.
    index('power_items_level_idx').on(t.level, t.id),
    // Unclaimed items are few and looked at often: a partial index keeps that lookup cheap.
    index('power_items_unclaimed_idx').on(t.id).where(sql`${t.implementingUnitId} is null`),
    // Chinese substring search (ILIKE '%…%') is served by trigram indexes.
    index('power_items_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('power_items_initials_trgm_idx').using('gin', sql`${t.nameInitials} gin_trgm_ops`),
    // The power-item-initials job's lookup: empty once every item has its initials.
    index('power_items_initials_missing_idx').on(t.id).where(sql`${t.nameInitials} is null`),
    check('power_items_type_code_valid', sql`${t.typeCode} in ('01','02','03','04','05','06','07','08','09','10')`),
    check('power_items_level_valid', sql`${t.level} between 1 and 7`),
    check('power_items_basic_code_not_blank', sql`length(trim(${t.basicCode})) > 0`),
  ],
);

/** The change history of a power item: one row per version. */
export const powerItemChanges = pgTable(
  'power_item_changes',
  {
    id: id(),
    powerItemId: integer('power_item_id')
      .notNull()
      .references(() => powerItems.id, { onDelete: 'cascade' }),
    /** The item's version after this change. */
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    /** The proposal that caused the change, if any (no FK: proposals import this module). */
    proposalId: integer('proposal_id'),
    summary: text('summary').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: createdAt(),
  },
  (t) => [index('power_item_changes_item_idx').on(t.powerItemId, t.id)],
);

/** 认领: a unit asks to become the implementing body of an unclaimed item. */
export const claimStatus = pgEnum('claim_status', ['pending', 'granted', 'rejected']);

export const powerItemClaims = pgTable(
  'power_item_claims',
  {
    id: id(),
    powerItemId: integer('power_item_id')
      .notNull()
      .references(() => powerItems.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    claimedById: integer('claimed_by_id').references(() => users.id),
    reason: text('reason'),
    status: claimStatus('status').notNull().default('pending'),
    decidedById: integer('decided_by_id').references(() => users.id),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('power_item_claims_item_unit_key').on(t.powerItemId, t.unitId),
    // An item has one implementing body: at most one granted claim.
    uniqueIndex('power_item_claims_granted_per_item_key').on(t.powerItemId).where(sql`${t.status} = 'granted'`),
    index('power_item_claims_status_idx').on(t.status, t.id),
  ],
);
