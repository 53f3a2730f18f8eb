import { builder } from './builder.ts';
import './error-types.ts';
import './units/units.ts';
import './accounts/users.ts';
import './accounts/me.ts';
import './accounts/login.ts';
import './accounts/logout.ts';
import './accounts/change-password.ts';
import './accounts/api-tokens.ts';
import './campaigns/campaigns.ts';
import './campaigns/mutations.ts';
import './power-items/power-items.ts';
import './proposals/proposals.ts';
import './proposals/editing.ts';
import './proposals/transitions.ts';
import './activity/activity.ts';
import './events/subscriptions.ts';
import './key-tasks/key-tasks.ts';
import './consultations/consultations.ts';
import './handovers/handovers.ts';
import './power-items/claims.ts';
import './assignments/assignments.ts';
import './classification/classification.ts';
import './comments/comments.ts';
import './comments/mutations.ts';
import './presence/presence.ts';

/** The whole GraphQL schema: each domain module above adds its types and fields to the builder. */
export const schema = builder.toSchema({ sortSchema: true });
