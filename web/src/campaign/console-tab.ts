import type { ConsoleCampaign } from './console-query.ts';

/** What every tab of the console is given: the campaign chosen, and a way to reload it after a change. */
export interface ConsoleTabProps {
  campaign: ConsoleCampaign;
  /** Refetches the campaign list (after the campaign's status or version changed). */
  refreshCampaign: () => void;
  /** Announces what an action did at the top of the console. */
  announce: (message: () => string) => void;
}
