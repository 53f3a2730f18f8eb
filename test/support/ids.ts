/** The database id inside a Relay global id (base64 of "Type:id"), for tests that look at rows directly. */
export const databaseId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

/** The Relay global id of a row (base64 of "Type:id"), for tests that name rows they found directly. */
export const globalIdOf = (typename: string, id: number): string => Buffer.from(`${typename}:${id}`).toString('base64');
