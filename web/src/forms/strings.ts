import { formatNumber, localized } from '../i18n/locale.ts';

/** The pager under the portals' paged lists. */
export const pagerStrings = localized(
  {
    label: '分页',
    previous: '上一页',
    next: '下一页',
    position: (page: number, pages: number) => `第 ${formatNumber(page)} / ${formatNumber(pages)} 页`,
  },
  {
    label: 'Pages',
    previous: 'Previous',
    next: 'Next',
    position: (page: number, pages: number) => `Page ${formatNumber(page)} of ${formatNumber(pages)}`,
  },
);

/** A text field's counter against the server's limit (Query.textLimits). */
export const counterStrings = localized(
  {
    characters: (n: number, limit: number) => `${formatNumber(n)} / ${formatNumber(limit)} 字`,
    tooLong: (limit: number) => `不能超过 ${formatNumber(limit)} 个字符`,
  },
  {
    characters: (n: number, limit: number) => `${formatNumber(n)} / ${formatNumber(limit)} characters`,
    tooLong: (limit: number) => `At most ${formatNumber(limit)} characters`,
  },
);
