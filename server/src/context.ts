import type { Database } from '@devolve/db';
import type { Viewer } from './accounts/permissions.ts';
import type { Clock } from './clock.ts';
import type { PublicCommentSettings } from './config.ts';
import type { EventAudience } from './events/audience.ts';
import type { EventBus } from './events/bus.ts';
import type { LiveStreams } from './events/live-streams.ts';
import type { PresenceService } from './presence/service.ts';
import type { ProposalFactsLoader } from './proposals/facts.ts';

/** What every resolver gets. */
export interface Context {
  db: Database;
  /** Who is asking: null for anonymous requests. */
  viewer: Viewer | null;
  /** The fetch Request (cookies, headers), for login and logout. */
  request: Request;
  /** The client's address (through trusted proxies), for login rate limits and session records. */
  clientAddress: string;
  /** The client reached us over https, directly or as a trusted proxy says: session cookies are Secure. */
  clientHttps: boolean;
  /** The domain clock mutations stamp their writes with (clock.ts). */
  clock: Clock;
  /** Where mutations publish their events and subscriptions listen. */
  events: EventBus;
  /** Process-wide memory of who each event concerns, for authorizing events. */
  audience: EventAudience;
  /** This process's open subscriptions, by credential: capped, and ended with their session or token. */
  streams: LiveStreams;
  /** Who is looking at which proposal and typing where, across every server process. */
  presence: PresenceService;
  /**
   * Request-scoped batch of proposal facts: `Proposal.availableTransitions` on a page of 50 would
   * otherwise run 50 statements (N+1); through this it runs one.
   */
  proposalFacts: ProposalFactsLoader;
  /** The public comment form's proof of work and rate limits (config.ts). */
  publicComments: PublicCommentSettings;
}
