import { integer, timestamp } from 'drizzle-orm/pg-core';

/**
 * Timestamps are read as strings so cursors keep Postgres' microseconds
 * (a JS Date would truncate them and make keyset pagination skip rows).
 */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const createdAt = () => timestamptz('created_at').notNull().defaultNow();
export const updatedAt = () => timestamptz('updated_at').notNull().defaultNow();

/** Optimistic-concurrency version (architecture decision 4): bumped by every change. */
export const version = () => integer('version').notNull().default(1);

export const id = () => integer('id').primaryKey().generatedAlwaysAsIdentity();
