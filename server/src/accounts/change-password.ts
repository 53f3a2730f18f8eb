import { hashPassword, role, sessions, users } from '@devolve/db';
import { and, eq, ne } from 'drizzle-orm';
import { mutate, updateVersioned } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { ValidationError } from '../errors.ts';
import { Me } from './me.ts';
import { checkPasswordAttempt } from './password-attempts.ts';

export const passwordLength = { min: 10, max: 256 };

/**
 * The password policy: long enough to resist guessing under the login rate limits, and not the
 * obvious choices (the username, the password being replaced). Length counts characters, so a
 * Chinese passphrase counts as many as a Latin one.
 */
export function checkNewPassword(newPassword: string, context: { username: string; currentPassword: string }): void {
  const field = 'input.newPassword';
  const length = [...newPassword].length;
  if (length < passwordLength.min || length > passwordLength.max) {
    throw new ValidationError(
      field,
      `新密码应为 ${passwordLength.min} 至 ${passwordLength.max} 个字符`,
      `The new password must be ${passwordLength.min} to ${passwordLength.max} characters`,
    );
  }
  if (newPassword.trim().toLowerCase() === context.username.toLowerCase()) {
    throw new ValidationError(field, '新密码不能与用户名相同', 'The new password must not be your username');
  }
  if (newPassword === context.currentPassword) {
    throw new ValidationError(field, '新密码不能与当前密码相同', 'The new password must differ from the current one');
  }
}

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
  t.field({
    type: Me,
    errors: {},
    description:
      'Changes your password after checking the current one, and signs out your other browser sessions. ' +
      'A wrong current password is a ValidationError on input.currentPassword and counts as a failed login attempt.',
    authScopes: { canWrite: role.enumValues },
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = ctx.viewer!; // canWrite: signed in
      if (!input.currentPassword || input.currentPassword.length > passwordLength.max) {
        throw new ValidationError('input.currentPassword', '请输入当前密码', 'Enter your current password');
      }
      // resolveViewer found this active user in this request.
      const [account] = await ctx.db
        .select({ username: users.username, passwordHash: users.passwordHash, version: users.version })
        .from(users)
        .where(eq(users.id, viewer.userId));
      const { username, version, passwordHash: currentHash } = account!;
      checkNewPassword(input.newPassword, { username, currentPassword: input.currentPassword });
      // Not UnauthenticatedError: the request is signed in, and clients treat UNAUTHENTICATED as
      // "your session is gone". A mistyped current password is a mistake in this form field.
      if (!(await checkPasswordAttempt(ctx, username, input.currentPassword, currentHash))) {
        throw new ValidationError('input.currentPassword', '当前密码不正确', 'The current password is wrong');
      }
      // Hashed before the transaction: scrypt is slow and PGlite's only connection would wait for it.
      const newHash = await hashPassword(input.newPassword);
      await mutate(ctx, async (m) => {
        // The expected version is the one read with the hash just checked: a concurrent change
        // of the account (another password change) makes this one a ConflictError.
        await updateVersioned(
          m.tx,
          users,
          { id: viewer.userId, expectedVersion: version, typename: 'User', what: { zh: '用户', en: 'user' } },
          { passwordHash: newHash },
        );
        // Whoever knew the old password is signed out everywhere except here.
        const current = viewer.credential.kind === 'session' ? ne(sessions.id, viewer.credential.id) : undefined;
        const ended = await m.tx
          .delete(sessions)
          .where(and(eq(sessions.userId, viewer.userId), current))
          .returning({ id: sessions.id });
        // No before/after: neither the password nor its hash belongs in the activity log.
        m.record({ action: 'password.changed', entityId: viewer.userId });
        for (const session of ended) m.record({ action: 'session.ended', entityId: session.id });
      });
      return { userId: viewer.userId };
    },
  }),
);
