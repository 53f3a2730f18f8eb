import { powerItems, type PowerTypeCode } from '@devolve/db';
import { and, eq, ilike, isNotNull, isNull, like, or, type SQL } from 'drizzle-orm';
import { containsPattern, prefixPattern } from '../filters.ts';
import { initialsQuery } from './initials.ts';

export interface PowerItemFilterValues {
  unitId?: number | undefined;
  typeCode?: PowerTypeCode | undefined;
  status?: (typeof powerItems.$inferSelect)['status'] | undefined;
  claimed?: boolean | undefined;
  level?: number | undefined;
  search?: string | undefined;
}

/**
 * The power-item list's filter as SQL over `table`. It takes the table because the relational
 * query aliases it, while counts run on the plain table: one function serves both.
 */
export function powerItemConditions(table: typeof powerItems, filter: PowerItemFilterValues): SQL | undefined {
  const search = filter.search?.trim();
  const initials = search ? initialsQuery(search) : null;
  return and(
    filter.unitId !== undefined ? eq(table.implementingUnitId, filter.unitId) : undefined,
    filter.typeCode !== undefined ? eq(table.typeCode, filter.typeCode) : undefined,
    filter.status !== undefined ? eq(table.status, filter.status) : undefined,
    filter.level !== undefined ? eq(table.level, filter.level) : undefined,
    filter.claimed === true ? isNotNull(table.implementingUnitId) : undefined,
    filter.claimed === false ? isNull(table.implementingUnitId) : undefined,
    search
      ? or(
          ilike(table.name, containsPattern(search)),
          ilike(table.subItemName, containsPattern(search)),
          like(table.basicCode, prefixPattern(search)),
          initials !== null ? like(table.nameInitials, containsPattern(initials)) : undefined,
        )
      : undefined,
  );
}
