import { ValidationError } from './errors.ts';

/**
 * Checks relay paging arguments before the connection plugin does, so a client's mistake comes
 * back as a coded VALIDATION error. (Pages above the maximum size are capped, not refused:
 * `pageInfo.hasNextPage` tells the client there is more.)
 */
export function checkPageArgs(args: { first?: number | null; last?: number | null }): void {
  if (args.first != null && args.last != null) {
    throw new ValidationError('first', '不能同时指定 first 和 last', 'Give either first or last, not both');
  }
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && value < 0) {
      throw new ValidationError(name, `${name} 不能为负数`, `${name} must not be negative`);
    }
  }
}
