import type { imports } from '@devolve/db';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';

/**
 * Who may read an import (its file, rows and outcomes), the one rule in its two forms: the person
 * who uploaded it, nobody else (the coordinator included: an upload is a working copy, what it
 * wrote is read through the power list and the proposals).
 */
export const canReadImport = (viewer: Viewer | null, createdById: number): boolean => viewer !== null && viewer.userId === createdById;

export const visibleImports = (table: typeof imports, viewer: Viewer | null): SQL => (viewer ? eq(table.createdById, viewer.userId) : sql`false`);
