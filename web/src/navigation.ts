import type { EnumValue } from './graphql.ts';

/** The app's sections, each with its page. */
export type Section = 'todo' | 'queue' | 'campaign' | 'department' | 'district' | 'evaluation' | 'dashboard';

export const sectionPaths: Record<Section, string> = {
  todo: '/todo',
  queue: '/queue',
  campaign: '/campaign',
  department: '/department',
  district: '/district',
  evaluation: '/evaluation',
  dashboard: '/dashboard',
};

type Role = EnumValue<'Role'>;

/** Who works where: the review team in the queue, units in their own portal, districts in theirs. */
const sectionsOfRole: Record<Role, readonly Section[]> = {
  REVIEWER: ['queue'],
  COORDINATOR: ['queue', 'campaign'],
  LEGAL_REVIEWER: ['queue'],
  APPROVER: ['queue'],
  OBSERVER: ['queue', 'evaluation'],
  SUBMITTER: ['department'],
  DISTRICT_LIAISON: ['district'],
};

/** The sections a person with these roles sees in the navigation, in the bar's order; the to-do and progress are for all. */
export function sectionsFor(roles: readonly Role[]): Section[] {
  const mine = new Set(roles.flatMap((role) => sectionsOfRole[role]));
  return (['todo', 'queue', 'campaign', 'department', 'district', 'evaluation', 'dashboard'] as const).filter(
    (section) => section === 'todo' || section === 'dashboard' || mine.has(section),
  );
}

/** The review team (the roles that work in the queue): it reads every public comment and counts the unanswered. */
export function isTeam(roles: readonly Role[]): boolean {
  return roles.some((role) => sectionsOfRole[role].includes('queue'));
}

/** Where `/` leads: everyone's own to-do (我的待办), which links on to where each piece of work is done. */
export function homeFor(_roles: readonly Role[]): string {
  return sectionPaths.todo;
}
