import { builder } from './builder.ts';
import './error-types.ts';
import './units/units.ts';
import './accounts/users.ts';
import './accounts/me.ts';
import './accounts/login.ts';
import './campaigns/campaigns.ts';
import './power-items/power-items.ts';
import './proposals/proposals.ts';
import './key-tasks/key-tasks.ts';

/** The whole GraphQL schema: each domain module above adds its types and fields to the builder. */
export const schema = builder.toSchema({ sortSchema: true });
