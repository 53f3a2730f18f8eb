/**
 * Mutations that change nothing durable and so write no activity: the one exception to "every
 * mutation writes activity" (presence is ephemeral). The activity-coverage test exempts exactly these.
 */
export const ephemeralMutations: readonly string[] = ['setTyping'];
