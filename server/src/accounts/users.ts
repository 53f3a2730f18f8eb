import { role } from '@devolve/db';
import { builder } from '../builder.ts';
import { enumValuesOf } from '../enums.ts';

export const Role = builder.enumType('Role', {
  description: 'What a person may do in Devolve.',
  values: enumValuesOf(role.enumValues),
});

export const User = builder.drizzleNode('users', {
  name: 'User',
  // Only the columns a query asks for: a list never reads what it does not show (a password hash above all).
  select: {},
  id: { column: (user) => user.id },
  description: 'A person using Devolve. Only visible to signed-in users.',
  authScopes: { signedIn: true },
  fields: (t) => ({
    displayName: t.exposeString('displayName'),
    username: t.exposeString('username', { description: 'The sign-in name; @mentions may use it where display names are shared.' }),
    roles: t.expose('roles', { type: [Role] }),
    unit: t.relation('unit'),
  }),
});
