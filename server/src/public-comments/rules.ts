import { campaigns, proposals } from '@devolve/db';
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { canWriteAs, type Role, type Viewer } from '../accounts/permissions.ts';
import { standingsOf, windowFields, type WindowField } from '../campaigns/stages.ts';

/** A campaign's schedule, as `standingsOf` reads it. */
type Schedule = Pick<typeof campaigns.$inferSelect, WindowField>;

export interface PublicConsultationWindow {
  opensOn: string | null;
  deadline: string | null;
  /** Whether the public may comment on the city's calendar day `today`. */
  open: boolean;
  /** Whether the window has opened by `today` (it may have closed since). */
  opened: boolean;
}

/**
 * The public consultation's window is the campaign's consultation stage as its schedule stands
 * (campaigns/stages.ts, which the console shows too): open from its opening day (or the day after
 * the deadline scheduled before it) to its deadline, both included, by the domain clock's day.
 * Without a deadline it is never open: the public is never asked open-endedly.
 */
export function publicConsultationWindow(campaign: Schedule, today: string): PublicConsultationWindow {
  const consultation = standingsOf(campaign, today, () => 0).find((standing) => standing.stage === 'consultation')!;
  return {
    opensOn: consultation.opensOn,
    deadline: consultation.deadline,
    open: consultation.deadline !== null && consultation.state === 'open',
    opened: consultation.deadline !== null && consultation.state !== 'upcoming',
  };
}

/** The columns `publicConsultationWindow` reads, for a select. */
export const scheduleColumns = Object.fromEntries(windowFields.map((field) => [field, campaigns[field]])) as {
  [Field in WindowField]: (typeof campaigns)[Field];
};

/**
 * The proposals put to the public: a campaign's active proposals that passed the re-check and
 * are not yet confirmed, i.e. the preliminary list (初步清单) at stage `consultation` (delegations
 * and entrustments, also asked of the districts) or `unit_confirmation` (the others go straight
 * there). The public is asked about the whole list, cancellations included, not only about what
 * the districts are asked.
 */
export const publicStages = ['consultation', 'unit_confirmation'] as const;

export function putToPublic(table: typeof proposals): SQL {
  return and(eq(table.status, 'active'), inArray(table.stage, [...publicStages]))!;
}

/** Who accepts or dismisses the public's comments: the review team and the coordinator. */
export const publicCommentModerators: readonly Role[] = ['coordinator', 'reviewer'];

export const canModeratePublicComments = (viewer: Viewer | null): boolean => canWriteAs(viewer, ...publicCommentModerators);
