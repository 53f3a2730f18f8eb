import { role } from '@devolve/db';
import { builder } from '../builder.ts';
import { ConflictError, RateLimitedError } from '../errors.ts';
import { changePassword, passwordLength } from './commands.ts';
import { Me } from './me.ts';

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({ required: true }),
    newPassword: t.string({
      required: true,
      description: `${passwordLength.min}–${passwordLength.max} characters, neither your username nor your current password.`,
    }),
  }),
});

builder.mutationField('changePassword', (t) =>
  t.withAuth({ canWrite: role.enumValues }).field({
    type: Me,
    errors: { types: [RateLimitedError, ConflictError] },
    description:
      'Changes your password after checking the current one, and signs out your other browser sessions. ' +
      'A wrong current password is a ValidationError on input.currentPassword and counts as a failed login attempt.',
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await changePassword(ctx, ctx.viewer, input);
      return { userId: ctx.viewer.userId };
    },
  }),
);
