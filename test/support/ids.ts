/** The database id inside a Relay global id (base64 of "Type:id"), for tests that look at rows directly. */
export const databaseId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
