import type { Database } from '@devolve/db';

/** What every resolver gets. Grows with the viewer and request-scoped loaders in later work. */
export interface Context {
  db: Database;
}

export function createContext(db: Database): Context {
  return { db };
}
