import type { Locale } from '../i18n/locale.ts';

/**
 * Download addresses of the server's exports (server/src/exports/http.ts): a list under the same
 * variables its GraphQL query takes (`filter` as JSON), in the interface's language. A plain link:
 * the browser sends the session cookie and saves what comes.
 */
export type ExportList = 'proposals' | 'power-items' | 'claims' | 'consultations' | 'handovers' | 'evaluations';
export type ExportFormat = 'xlsx' | 'csv';

export function exportUrl(list: ExportList, format: ExportFormat, variables: Record<string, unknown>, locale: Locale): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(variables)) {
    if (value === undefined || value === null) continue;
    params.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  if (locale === 'en') params.set('lang', 'en');
  const query = params.toString();
  return `/exports/${list}.${format}${query ? `?${query}` : ''}`;
}

/** The campaign's official lists (精简事项目录) as .xlsx or .docx. */
export const officialListsUrl = (campaignId: string, format: 'xlsx' | 'docx'): string =>
  `/exports/official-lists.${format}?campaignId=${encodeURIComponent(campaignId)}`;
