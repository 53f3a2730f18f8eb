import type { Plugin } from 'vite';
import { QueuePageQuery } from '../src/review/queue-query.ts';
import { sentText } from '../src/sent-text.ts';

/** The web's documents the server can plan (server/src/planned/: today the review queue's page). */
const plannable = [QueuePageQuery];

/**
 * Writes `planned-operations.json` beside the built app: the plannable documents exactly as the
 * web's client sends them, the file `DEVOLVE_PLANNED_OPERATIONS` names to answer them by planned
 * execution. Written by the build so it never differs from what the app sends.
 */
export function plannedOperations(): Plugin {
  return {
    name: 'devolve-planned-operations',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'planned-operations.json', source: `${JSON.stringify(plannable.map(sentText), null, 2)}\n` });
    },
  };
}
