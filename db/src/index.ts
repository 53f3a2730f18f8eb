export * from './schema/index.ts';
export { relations, type Relations } from './relations.ts';
export { openDatabase, defaultDataDir, type Database, type Engine, type OpenedDatabase, type OpenDatabaseOptions } from './open.ts';
export { migrateDatabase, migrationsFolder } from './migrate.ts';
export { DatabaseStartupError } from './startup-errors.ts';
export { commitAhead } from './commit-ahead.ts';
export * from './power-types.ts';
export { hashPassword, publicPasswordParams, verifyPassword } from './passwords.ts';
export { activityActions, isActivityAction, type ActivityAction, type ActivityEntityType } from './activity-actions.ts';
