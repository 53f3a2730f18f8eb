import { describe, expect, it } from 'vitest';
import { exportUrl, officialListsUrl } from './export-url.ts';

describe('export addresses', () => {
  it("carry the list query's variables, the filter as JSON, and English only when asked", () => {
    const url = exportUrl('proposals', 'xlsx', { filter: { campaignId: 'Q2FtcGFpZ246MQ==', stages: ['RECHECK'], search: '许可 & 登记' }, orderBy: 'NEWEST', after: undefined }, 'zh-CN');
    const parsed = new URL(url, 'http://example');
    expect(parsed.pathname).toBe('/exports/proposals.xlsx');
    expect(JSON.parse(parsed.searchParams.get('filter')!)).toEqual({ campaignId: 'Q2FtcGFpZ246MQ==', stages: ['RECHECK'], search: '许可 & 登记' });
    expect(parsed.searchParams.get('orderBy')).toBe('NEWEST');
    expect([...parsed.searchParams.keys()]).toEqual(['filter', 'orderBy']);
    expect(new URL(exportUrl('claims', 'csv', {}, 'en'), 'http://example').search).toBe('?lang=en');
    expect(exportUrl('handovers', 'csv', {}, 'zh-CN')).toBe('/exports/handovers.csv');
  });

  it('name the campaign of the official lists', () => {
    expect(officialListsUrl('Q2FtcGFpZ246MQ==', 'docx')).toBe('/exports/official-lists.docx?campaignId=Q2FtcGFpZ246MQ%3D%3D');
  });
});
