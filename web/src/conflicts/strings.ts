import { localized } from '../i18n/locale.ts';

/** The words of the one conflict panel (the workspace and the department editor). */
export const conflictStrings = localized(
  {
    field: '项目',
    none: '—',
    keep: '保留哪一个',
    keepMine: '保留我的',
    takeTheirs: '采用对方的',
  },
  {
    field: 'Field',
    none: '—',
    keep: 'Which to keep',
    keepMine: 'Keep mine',
    takeTheirs: 'Take theirs',
  },
);
