/**
 * A proposal's addresses. Canonical: the campaign year and the power item's basic code,
 * `/2019/440101070002`, readable and stable across databases. Also accepted and redirected there:
 * `/proposals/440101070002` (the newest campaign's) and `/proposals/<global id>` (older links). A
 * proposal to add an item (新增) has no code and keeps `/proposals/<global id>`.
 *
 * Opened from the review queue, the address carries the queue: `?queue=<the queue's query string>`
 * and `&at=<the row's cursor>`, so that 上一条 / 下一条 ask the server for the neighbours under
 * the same filter and order, and 返回队列 leads back to the same filtered queue.
 */

/** What an address names: a proposal by id, or by code (and year; null: the newest campaign). */
export type ProposalRef = { id: string } | { code: string; year: number | null };

/** The queue a proposal was opened from: its query string (no "?") and the row's cursor. */
export interface QueueContext {
  queue: string;
  at: string | null;
}

/** A basic code: digits (12 in Guangzhou's list); anything else in `/proposals/…` is a global id. */
const codePattern = /^\d{4,30}$/;

/** The router hands parameters over as written: `UHJv…MQ%3D%3D` when a link encoded them. */
function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // a stray "%": not encoded after all
  }
}

/** Reads the route's parameters (`/proposals/:ref` or `/:year/:code`); null when they name nothing. */
export function proposalRef(params: { ref?: string; year?: string; code?: string }): ProposalRef | null {
  if (params.year !== undefined && params.code !== undefined) {
    const code = decoded(params.code).trim();
    return codePattern.test(code) ? { code, year: Number(params.year) } : null;
  }
  const ref = decoded(params.ref ?? '').trim();
  if (ref === '') return null;
  return codePattern.test(ref) ? { code: ref, year: null } : { id: ref };
}

/** The canonical path of a proposal (no query string). */
export function proposalPath(proposal: { id: string; campaign: { year: number }; powerItem: { basicCode: string } | null }): string {
  return proposal.powerItem
    ? `/${proposal.campaign.year}/${encodeURIComponent(proposal.powerItem.basicCode)}`
    : `/proposals/${encodeURIComponent(proposal.id)}`;
}

/** The query string that carries the queue (empty without one). */
export function queueContextSearch(context: QueueContext | null): string {
  if (!context) return '';
  const params = new URLSearchParams({ queue: context.queue });
  if (context.at) params.set('at', context.at);
  return `?${params.toString()}`;
}

/** The queue context in a workspace address's parameters, when it has one. */
export function queueContextOf(params: { queue?: string | string[]; at?: string | string[] }): QueueContext | null {
  const queue = typeof params.queue === 'string' ? params.queue : undefined;
  if (queue === undefined) return null;
  const at = typeof params.at === 'string' && params.at !== '' ? params.at : null;
  return { queue, at };
}
