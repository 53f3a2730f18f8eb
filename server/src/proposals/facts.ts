import { consultations, type Database, districtFeedback, proposalDistricts, proposals, reviewRecords } from '@devolve/db';
import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import type { Tx } from '../activity/mutate.ts';
import { type Clock, realClock } from '../clock.ts';
import { inIds } from '../id-lists.ts';
import type { ProposalFacts } from './lifecycle.ts';

export interface LoadedProposal extends ProposalFacts {
  id: number;
  version: number;
  campaignId: number;
  powerItemId: number | null;
}

const legalityVerdicts = sql.raw(`('lawful', 'lawful_with_conditions', 'unlawful')`);
const latestConsultation = sql`(select max(${consultations.id}) from ${consultations} where ${consultations.proposalId} = ${proposals.id})`;

/**
 * Everything the lifecycle rules need about many proposals, in one statement (a bulk move of
 * 500 proposals must not run 500 × 4 queries). A consultation's deadline has passed by `now`,
 * the domain clock's time (a command's `m.now`), not the database's.
 */
export async function loadProposalFacts(
  db: Tx | Database,
  ids: readonly number[],
  now: Date = realClock(),
): Promise<Map<number, LoadedProposal>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: proposals.id,
      version: proposals.version,
      campaignId: proposals.campaignId,
      powerItemId: proposals.powerItemId,
      stage: proposals.stage,
      status: proposals.status,
      action: proposals.action,
      submittingUnitId: proposals.submittingUnitId,
      classificationCode: proposals.classificationCode,
      targetDistrictCount: sql<number>`(select count(*) from ${proposalDistricts} where ${proposalDistricts.proposalId} = ${proposals.id})`.mapWith(Number),
      hasLegalityOpinion: sql<boolean>`exists (select 1 from ${reviewRecords} where ${reviewRecords.proposalId} = ${proposals.id} and ${reviewRecords.verdict} in ${legalityVerdicts})`,
      consulted: sql<number | null>`(select count(*) from ${districtFeedback} where ${districtFeedback.consultationId} = ${latestConsultation})`.mapWith(Number),
      answered: sql<number | null>`(select count(${districtFeedback.stance}) from ${districtFeedback} where ${districtFeedback.consultationId} = ${latestConsultation})`.mapWith(Number),
      deadlinePassed: sql<boolean | null>`(select ${consultations.deadline} < ${now.toISOString()}::timestamptz from ${consultations} where ${consultations.id} = ${latestConsultation})`,
    })
    .from(proposals)
    .where(inIds(proposals.id, ids));
  return new Map(
    rows.map(({ consulted, answered, deadlinePassed, ...row }) => [
      row.id,
      {
        ...row,
        consultation: deadlinePassed === null ? null : { consulted: consulted ?? 0, answered: answered ?? 0, deadlinePassed },
      },
    ]),
  );
}

/** Batches the facts of every proposal a request resolves into one `loadProposalFacts`. */
export type ProposalFactsLoader = DataLoader<number, LoadedProposal | undefined>;

/**
 * One per request (see Context): batching only, no cache. A subscription keeps its context for
 * hours and a mutation changes facts mid-request, so a cached fact could be stale; a batch lives
 * for one tick of the resolvers. Takes ids of rows the viewer has already read: it adds no read rule.
 */
export function proposalFactsLoader(db: Database, clock: Clock = realClock): ProposalFactsLoader {
  return new DataLoader(
    async (ids) => {
      const facts = await loadProposalFacts(db, ids, clock());
      return ids.map((id) => facts.get(id));
    },
    { cache: false },
  );
}
