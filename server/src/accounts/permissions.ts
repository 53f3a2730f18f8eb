import type { role, unitKind } from '@devolve/db';

/** Who may do what, as plain data and functions: no GraphQL, no SQL (architecture, "pure rules"). */
export type Role = (typeof role.enumValues)[number];
export type UnitKind = (typeof unitKind.enumValues)[number];

/** The signed-in person a request acts for. */
export interface Viewer {
  userId: number;
  unitId: number;
  unitKind: UnitKind;
  roles: readonly Role[];
  /** Signed in with a read-only API token: may read, never write. */
  readOnly: boolean;
  /** What authenticated the request, so logout and revocation know what to end. */
  credential:
    | { kind: 'session'; id: number; expiresAt: string }
    | { kind: 'token'; id: number }
    /** No credential: the seed, a job or the command line acting as this user (id is always 0). */
    | { kind: 'system'; id: 0 };
}

/**
 * The special review team and those who oversee it read everything, internal comments included.
 * Departments read their own unit's work; districts only what concerns their district.
 */
export const teamRoles: readonly Role[] = ['coordinator', 'reviewer', 'legal_reviewer', 'approver', 'observer'];

export const hasRole = (viewer: Viewer | null, ...roles: readonly Role[]): boolean =>
  viewer !== null && viewer.roles.some((r) => roles.includes(r));

export const isTeam = (viewer: Viewer | null): boolean => hasRole(viewer, ...teamRoles);

/**
 * Whether the viewer may write as one of `roles`: signed in holding one, with a credential that
 * writes (not a read-only token). The `canWrite` scope and the commands ask the same.
 */
export const canWriteAs = (viewer: Viewer | null, ...roles: readonly Role[]): boolean =>
  viewer !== null && !viewer.readOnly && hasRole(viewer, ...roles);

/** A department submitter acting for `unitId`. */
export const isSubmitterOf = (viewer: Viewer | null, unitId: number): boolean =>
  viewer !== null && viewer.unitId === unitId && hasRole(viewer, 'submitter');

/** A district liaison acting for district `districtId`. */
export const isLiaisonOf = (viewer: Viewer | null, districtId: number): boolean =>
  viewer !== null && viewer.unitId === districtId && hasRole(viewer, 'district_liaison');

/** Campaign statuses from which approved proposals are public (published results). */
export const publishedCampaignStatuses = ['published', 'handover', 'evaluation', 'closed'] as const;

/** Campaign statuses in which departments may draft new proposals. */
const openForProposals: readonly string[] = ['submission', 'review'];

/**
 * Whether the viewer may create a proposal in a campaign of `campaignStatus`: a department's
 * submitter with a credential that writes, while the campaign takes proposals. createProposal
 * refuses by it and `Campaign.viewerCan.propose` reports it, so the web never copies it.
 */
export function proposalRefusal(viewer: Viewer | null, campaignStatus: string): 'role' | 'closed' | null {
  if (!viewer || viewer.readOnly || !hasRole(viewer, 'submitter')) return 'role';
  return openForProposals.includes(campaignStatus) ? null : 'closed';
}

/** What the read rules need to know about a proposal. */
export interface ProposalAudience {
  submittingUnitId: number;
  stage: string;
  status: string;
  campaignStatus: string;
  targetDistrictIds: readonly number[];
  /** Units asked in any of its consultations (districts, and other departments). */
  consultedUnitIds: readonly number[];
}

/** Stages at which a district is involved: asked for its opinion, then taking the power over. */
export const districtStages = ['consultation', 'unit_confirmation', 'approval', 'decided'] as const;

/** A signed-in viewer for the pure rules' unit tests: only roles, unit and user matter to them. */
export function viewerFor(roles: readonly Role[], unitId: number, userId = 1): Viewer {
  return { userId, unitId, unitKind: 'department', roles, readOnly: false, credential: { kind: 'session', id: 1, expiresAt: '9999-12-31T00:00:00Z' } };
}
