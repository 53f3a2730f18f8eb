import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { cacheExchange, type KeyGenerator } from '@urql/exchange-graphcache';
import { createClient as createWebSocketClient, type Client as WebSocketClient } from 'graphql-ws';
import { createSignal } from 'solid-js';
import type { introspection_types } from './graphql-env.d.ts';

/** Types stored inside their parent. */
const embedded = () => null;

/** The schema's object types that have no `id` field (the root types aside). */
type IdlessObjectType = {
  [Name in keyof introspection_types]: introspection_types[Name] extends { kind: 'OBJECT'; fields: infer Fields }
    ? 'id' extends keyof Fields
      ? never
      : Name
    : never;
}[Exclude<keyof introspection_types, 'Query' | 'Mutation' | 'Subscription'>];

/**
 * How graphcache identifies each type without an `id`: most are stored inside their parent
 * (`embedded`); activity entries by their log position. The table must name every such type of the
 * schema (type-checking fails otherwise), so a new one never reaches the cache unkeyed.
 */
const idlessKeys: Record<IdlessObjectType, KeyGenerator> = {
  Activity: (data) => (data['sequence'] == null ? null : String(data['sequence'])),
  ActivityEvent: embedded,
  Attachment: embedded,
  BulkActions: embedded,
  BulkAssignResult: embedded,
  BulkItemResult: embedded,
  BulkTransitionResult: embedded,
  CampaignFigures: embedded,
  CampaignProgress: embedded,
  CampaignResults: embedded,
  CampaignResultsProposalsConnection: embedded,
  CampaignResultsProposalsConnectionEdge: embedded,
  CampaignStageStanding: embedded,
  CampaignViewerCan: embedded,
  ChangeDistrict: embedded,
  ClassificationCheck: embedded,
  ClassificationOption: embedded,
  CommentRevision: embedded,
  CommentRevisionsConnection: embedded,
  CommentRevisionsConnectionEdge: embedded,
  CommentThreadCommentsConnection: embedded,
  CommentThreadCommentsConnectionEdge: embedded,
  CommentThreadViewerCan: embedded,
  ConflictError: embedded,
  CreatedApiToken: embedded,
  DistrictGaps: embedded,
  EndedSession: embedded,
  EvaluationWindow: embedded,
  ForbiddenError: embedded,
  GroupCount: embedded,
  HandoverCounts: embedded,
  HandoverDistrictCount: embedded,
  ImportCellError: embedded,
  ImportColumn: embedded,
  ImportCounts: embedded,
  ImportFieldChange: embedded,
  ImportFieldMapping: embedded,
  ImportProgress: embedded,
  ImportRefusedError: embedded,
  ImportRow: embedded,
  ImportRowsConnection: embedded,
  ImportRowsConnectionEdge: embedded,
  ImportSheet: embedded,
  InvalidTransitionError: embedded,
  KeyTaskFigure: embedded,
  KeyTaskQuarter: embedded,
  LicensingReportTally: embedded,
  Me: embedded,
  MeNotificationsConnection: embedded,
  MeNotificationsConnectionEdge: embedded,
  MeSavedViewsConnection: embedded,
  MeSavedViewsConnectionEdge: embedded,
  ModeratePublicCommentsPayload: embedded,
  MutationOpenConsultationsSuccess: embedded,
  NotFoundError: embedded,
  OverdueWork: embedded,
  PageInfo: embedded,
  PowerItemChange: embedded,
  PowerItemHistoryConnection: embedded,
  PowerItemHistoryConnectionEdge: embedded,
  PresenceEntry: embedded,
  ProposalActivityConnection: embedded,
  ProposalActivityConnectionEdge: embedded,
  ProposalCommentThreadsConnection: embedded,
  ProposalCommentThreadsConnectionEdge: embedded,
  ProposalConsultationsConnection: embedded,
  ProposalConsultationsConnectionEdge: embedded,
  ProposalNextStep: embedded,
  ProposalPublicCommentsConnection: embedded,
  ProposalPublicCommentsConnectionEdge: embedded,
  ProposalReviewRecordsConnection: embedded,
  ProposalReviewRecordsConnectionEdge: embedded,
  ProposalViewerCan: embedded,
  PublicCommentChallenge: embedded,
  PublicCommentReceipt: embedded,
  PublicConsultation: embedded,
  PublicConsultationProposalsConnection: embedded,
  PublicConsultationProposalsConnectionEdge: embedded,
  PublicProposal: embedded,
  PublicProposalCommentsConnection: embedded,
  PublicProposalCommentsConnectionEdge: embedded,
  QueryActivityConnection: embedded,
  QueryActivityConnectionEdge: embedded,
  QueryCampaignsConnection: embedded,
  QueryCampaignsConnectionEdge: embedded,
  QueryConsultationBoardConnection: embedded,
  QueryConsultationBoardConnectionEdge: embedded,
  QueryDistrictConsultationsConnection: embedded,
  QueryDistrictConsultationsConnectionEdge: embedded,
  QueryHandoversConnection: embedded,
  QueryHandoversConnectionEdge: embedded,
  QueryLicensingReportsConnection: embedded,
  QueryLicensingReportsConnectionEdge: embedded,
  QueryPowerItemClaimsConnection: embedded,
  QueryPowerItemClaimsConnectionEdge: embedded,
  QueryPowerItemsConnection: embedded,
  QueryPowerItemsConnectionEdge: embedded,
  QueryProposalsConnection: embedded,
  QueryProposalsConnectionEdge: embedded,
  QueryPublicCommentsConnection: embedded,
  QueryPublicCommentsConnectionEdge: embedded,
  QueryRemindersConnection: embedded,
  QueryRemindersConnectionEdge: embedded,
  QueryUnitConsultationsConnection: embedded,
  QueryUnitConsultationsConnectionEdge: embedded,
  QueueChange: embedded,
  RateLimitedError: embedded,
  NotificationSettings: embedded,
  NotificationsChange: embedded,
  NotificationsMarkedRead: embedded,
  RemindersResult: embedded,
  ProposalDeleted: embedded,
  SavedViewDeleted: embedded,
  SavedViewViewerCan: embedded,
  RequestLicensingReportsPayload: embedded,
  ReviewRecord: embedded,
  TextLimits: embedded,
  TodoEntry: embedded,
  TypingSent: embedded,
  UnauthenticatedError: embedded,
  UnitResultCount: embedded,
  ValidationError: embedded,
};

/** The object types a schema union or interface stands for. */
type PossibleTypes<Name extends keyof introspection_types> =
  introspection_types[Name] extends { possibleTypes: infer Types extends string } ? Types : never;

/**
 * The object types of a schema interface, spelled out in full (type-checking fails when the schema
 * gains or loses one), so that graphcache matches fragments like `... on Error` exactly. Only the
 * interfaces the app spreads fragments on are listed: with `possibleTypes` set, a fragment on an
 * interface missing from it (`... on Node`) would never match.
 */
function members<Name extends keyof introspection_types>(all: Record<PossibleTypes<Name>, true>): string[] {
  return Object.keys(all);
}

const errorTypes = members<'Error'>({
  ConflictError: true,
  ForbiddenError: true,
  ImportRefusedError: true,
  InvalidTransitionError: true,
  NotFoundError: true,
  RateLimitedError: true,
  UnauthenticatedError: true,
  ValidationError: true,
});

/**
 * Whether the live connection is down (the socket closed and graphql-ws is retrying). Pages show
 * a quiet notice meanwhile; their subscriptions resume where they were when it comes back.
 */
const [liveDown, setLiveDown] = createSignal(false);
export { liveDown };

/**
 * One WebSocket per client for every subscription (graphql-ws on /graphql). The browser sends the
 * session cookie with the upgrade, and the server checks the page's origin, so subscriptions are
 * authorized exactly like the page's queries. Closed lazily when the last subscription ends.
 */
function createLiveSocket(): WebSocketClient {
  const url = new URL('/graphql', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let connectedBefore = false;
  return createWebSocketClient({
    url: url.href,
    lazy: true,
    // Keep retrying for as long as the page is open: reviewers leave tabs open all day.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connected: () => {
        setLiveDown(false);
        connectedBefore = true;
      },
      closed: () => {
        if (connectedBefore) setLiveDown(true);
      },
    },
  });
}

/** The log position of a subscription event: `{ field: { sequence } }` or `{ field: { event: { sequence } } }`. */
function lastSequence(data: unknown): number | undefined {
  const [field] = Object.values((data ?? {}) as Record<string, unknown>) as ({ sequence?: unknown; event?: { sequence?: unknown } } | null)[];
  const sequence = field?.sequence ?? field?.event?.sequence;
  return typeof sequence === 'number' ? sequence : undefined;
}

/**
 * A new GraphQL client with an empty cache. The app makes a new one whenever the signed-in person
 * changes (see accounts/session.tsx), so nothing fetched for one person is ever shown to the next.
 */
export function createClient(): Client {
  let socket: WebSocketClient | undefined;
  return new Client({
    url: '/graphql',
    // Always POST with `content-type: application/json`: the server's CSRF prevention refuses
    // GET requests (urql's default for queries) that carry no such header.
    preferGetMethod: false,
    exchanges: [
      cacheExchange({
        keys: idlessKeys,
        possibleTypes: { Error: errorTypes },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const variables: Record<string, unknown> = { ...request.variables };
          const input = { ...request, query: request.query ?? '', variables };
          return {
            subscribe(sink) {
              socket ??= createLiveSocket();
              // graphql-ws sends this same payload again when it reconnects: from the last event
              // seen, the server replays exactly what the page missed meanwhile.
              const following: typeof sink = {
                error: (error) => sink.error(error),
                complete: () => sink.complete(),
                next: (result) => {
                  const sequence = lastSequence(result.data);
                  if ('since' in variables && sequence !== undefined) variables['since'] = sequence;
                  sink.next(result);
                },
              };
              const unsubscribe = socket.subscribe(input, following);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
