import { createQuery } from '@urql/solid';
import type { EnumValue } from '../graphql.ts';
import { locale } from '../i18n/locale.ts';
import { AnyProposalQuery, TeamQuery } from './queue-query.ts';

/** Someone of the review team, as the assignee filter and bulk assignment list them. */
export interface TeamMember {
  id: string;
  displayName: string;
  roles: readonly EnumValue<'Role'>[];
  unit: { shortName: string };
}

/** One term of a campaign's classification vocabulary (同意取消, 同意下放, …). */
export interface ClassificationOption {
  code: string;
  labelZh: string;
  labelEn: string;
}

export const classificationLabel = (option: ClassificationOption) => (locale() === 'en' ? option.labelEn : option.labelZh);

/** Who can be assigned to a proposal: reviewers and legality reviewers (the API refuses others). */
export function assignable(team: readonly TeamMember[]): TeamMember[] {
  return team.filter((member) => member.roles.includes('REVIEWER') || member.roles.includes('LEGAL_REVIEWER'));
}

/**
 * The review team of a campaign; undefined until known, and when `allowed` is false (the API's
 * mentionableUsers is open to the team's writers only: coordinator, reviewers, legal reviewer).
 */
export function createTeam(campaignId: () => string | undefined, allowed: () => boolean): () => readonly TeamMember[] | undefined {
  const [any] = createQuery({
    query: AnyProposalQuery,
    variables: () => ({ campaignId: campaignId() ?? '' }),
    pause: () => !campaignId() || !allowed(),
  });
  const proposalId = () => any.data?.proposals.nodes[0]?.id;
  const [team] = createQuery({
    query: TeamQuery,
    variables: () => ({ proposalId: proposalId() ?? '' }),
    pause: () => !proposalId(),
  });
  return () => team.data?.mentionableUsers;
}
