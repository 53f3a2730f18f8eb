import { Me } from '../accounts/me.ts';
import { canAssign } from '../assignments/rules.ts';
import { builder } from '../builder.ts';
import { finalClassificationRefusal } from '../classification/consensus.ts';
import { bulkTransitionsFor, type Transition } from './lifecycle.ts';
import { ProposalTransition } from './transitions.ts';

interface BulkActions {
  assign: boolean;
  classify: boolean;
  transitions: Transition[];
}

const BulkActionsRef = builder.objectRef<BulkActions>('BulkActions').implement({
  description:
    'What the review queue may offer the signed-in person for many proposals at once, from the same rules the mutations check (each item is checked again when the action runs).',
  fields: (t) => ({
    assign: t.exposeBoolean('assign', { description: 'assignReviewers.' }),
    classify: t.exposeBoolean('classify', { description: 'setFinalClassification, proposal by proposal.' }),
    transitions: t.field({
      type: [ProposalTransition],
      description: "bulkTransitionProposals' transitions, in the lifecycle's order.",
      resolve: (actions) => actions.transitions,
    }),
  }),
});

builder.objectField(Me, 'bulkActions', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: BulkActionsRef,
    resolve: (_me, _args, { viewer }) => ({
      assign: canAssign(viewer),
      classify: finalClassificationRefusal(viewer) === null,
      transitions: bulkTransitionsFor(viewer),
    }),
  }),
);
