import { formatList, localized } from '../i18n/locale.ts';

/** Presence: who else has the proposal open, and who is typing. */
export const presenceStrings = localized(
  {
    label: '正在查看的人',
    viewing: (names: readonly string[]) => `正在查看：${formatList(names)}`,
    alone: '目前只有你在查看',
    person: (name: string, unit: string) => `${name}（${unit}）`,
  },
  {
    label: 'People viewing',
    viewing: (names: readonly string[]) => `Also viewing: ${formatList(names)}`,
    alone: 'Only you are viewing this now',
    person: (name: string, unit: string) => `${name} (${unit})`,
  },
);
