/** An ISO timestamp `days` from now (negative: in the past), e.g. a consultation deadline. */
export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();
