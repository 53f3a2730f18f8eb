/**
 * How far a running commit has got, in this process: the commit reports after each chunk it
 * writes and `Import.progress` reads it. In-process on purpose: only the process running the
 * commit knows, and the web polls the process that is serving its request (one process, or a
 * sticky one behind a proxy). When the commit ends (written or rolled back) the entry goes and the import's status tells.
 */
const running = new Map<number, { done: number; total: number }>();

export function reportProgress(importId: number, done: number, total: number): void {
  running.set(importId, { done, total });
}

/** The commit ended, written or rolled back. */
export function endProgress(importId: number): void {
  running.delete(importId);
}

export const progressOf = (importId: number): { done: number; total: number } | null => running.get(importId) ?? null;
