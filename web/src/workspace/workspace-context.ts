import { createContext, useContext } from 'solid-js';
import type { EnumValue, ResultOf } from '../graphql.ts';
import type { EditingControls } from './editing.ts';
import type { ProposalSnapshot, SnapshotField } from './snapshot.ts';
import type { DeliberationQuery, WorkspaceProposalFields } from './workspace-query.ts';

export type WorkspaceProposal = ResultOf<typeof WorkspaceProposalFields>;
export type Deliberation = Extract<NonNullable<ResultOf<typeof DeliberationQuery>['node']>, { __typename: 'Proposal' }>;
export type Anchor = EnumValue<'CommentAnchor'>;

/** What every panel of one proposal's workspace shares. */
export interface Workspace {
  /** The proposal as it is now (live). */
  proposal(): WorkspaceProposal;
  /** Votes, review records and consultations; undefined until loaded. */
  deliberation(): Deliberation | undefined;
  /** The proposal as compared and versioned; undefined until the votes are loaded too. */
  snapshot(): ProposalSnapshot | undefined;
  myUserId(): string | undefined;
  hasRole(role: EnumValue<'Role'>): boolean;
  /** The campaign vocabulary's label of a classification code, in the interface language. */
  classificationLabel(code: string): string;
  /** The field changed live a moment ago (for a subtle highlight). */
  changed(field: SnapshotField): boolean;
  edit: EditingControls;
  /** The signed-in person may start comment threads here. */
  canComment(): boolean;
  /** Opens a new thread about a field in the threads panel. */
  composeComment(anchor: Anchor): void;
  /** How many unresolved threads are about a field. */
  openThreads(anchor: Anchor): number;
  /** The server's limit on reasons and notes (Query.textLimits); undefined until loaded. */
  reasonLimit(): number | undefined;
}

export const WorkspaceContext = createContext<Workspace>();

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace() outside the workspace page');
  return workspace;
}
