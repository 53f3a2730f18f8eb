import type { Writable } from 'node:stream';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import { hasRole } from '../accounts/permissions.ts';
import type { Context } from '../context.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { canReadResults } from '../campaigns/visibility.ts';
import { officialFonts, officialPage, officialStyles } from '../documents/official-style.ts';
import { enumLabel } from './labels.ts';
import type { ExportList, Row } from './lists.ts';
import { listRows, runQuery } from './rows.ts';
import { neutralise } from './writers.ts';

/**
 * 精简事项目录: a campaign's approved cancellations, delegations (with the districts that take
 * them), entrustments and adjustments, laid out as such lists are published: a title, the
 * document number line, then per action a heading and a numbered table. Public once the
 * campaign is published; before, only the coordinator and the approver may have it.
 */

export const officialActions = ['CANCEL', 'DELEGATE', 'ENTRUST', 'ADJUST'] as const;
type OfficialAction = (typeof officialActions)[number];

const sectionTitles: Record<OfficialAction, string> = {
  CANCEL: '取消的行政职权事项',
  DELEGATE: '下放的行政职权事项',
  ENTRUST: '委托实施的行政职权事项',
  ADJUST: '调整的行政职权事项',
};
const chineseNumerals = ['一', '二', '三', '四'];

const headers = ['序号', '事项编码', '事项名称', '子项', '实施主体', '调整方式', '承接区/下放对象', '备注'] as const;
const columnWidths = [6, 22, 36, 20, 22, 10, 28, 24];

/**
 * The data comes from the review queue's own field (proposals, filtered to the campaign's approved
 * proposals of these actions, oldest first): the same read policy as every list, which lets anyone
 * read a published campaign's approved proposals.
 */
const approvedProposals: ExportList = {
  name: 'official-lists',
  sheet: { zh: '精简事项目录', en: 'Official lists' },
  params: ['filter'],
  query: `query OfficialLists($first: Int, $after: String, $filter: ProposalFilter) {
    list: proposals(first: $first, after: $after, filter: $filter, orderBy: OLDEST) {
      nodes { action changeLegalBasis
        powerItem { basicCode name subItemName implementingUnit { name } }
        submittingUnit { name }
        targetDistricts { name } }
      pageInfo { hasNextPage endCursor } } }`,
  page: (data) => ({ nodes: data.list.nodes as Row[], endCursor: data.list.pageInfo.hasNextPage ? (data.list.pageInfo.endCursor as string) : null }),
  columns: [],
};

const campaignQuery = `query OfficialListsCampaign($campaignId: ID!) {
  campaign: node(id: $campaignId) { ... on Campaign { title noticeNumber status } } }`;

export interface OfficialLists {
  title: string;
  noticeNumber: string | null;
  sections: { action: OfficialAction; heading: string; rows: string[][] }[];
}

/** The lists of the campaign `campaignId` (a global id), or a DevolveError (404, 403). */
export async function readOfficialLists(ctx: Context, campaignId: string): Promise<OfficialLists> {
  const campaign = (await runQuery(ctx, campaignQuery, { campaignId })).campaign as Row | null;
  if (!campaign?.status) throw new NotFoundError({ zh: '年度工作', en: 'campaign' }, campaignId);
  if (!canReadResults({ status: String(campaign.status).toLowerCase() }) && !hasRole(ctx.viewer, 'coordinator', 'approver')) {
    throw new ForbiddenError('目录在结果公布后公开；公布前仅牵头处室和审定人员可导出', 'The lists are public once the results are published; before, only the coordinator and the approver may export them');
  }
  const filter = { campaignId, statuses: ['APPROVED'], actions: officialActions };
  const proposals: Row[] = [];
  for await (const rows of listRows(ctx, approvedProposals, { filter })) proposals.push(...rows);
  const sections = officialActions.map((action, i) => {
    const rows = proposals
      .filter((p) => p.action === action)
      .map((p, n) => [
        String(n + 1),
        p.powerItem?.basicCode ?? '',
        p.powerItem?.name ?? '',
        p.powerItem?.subItemName ?? '',
        p.powerItem?.implementingUnit?.name ?? p.submittingUnit.name,
        enumLabel('ProposalAction', action, 'zh'),
        (p.targetDistricts as Row[]).map((d) => d.name as string).join('、'),
        p.changeLegalBasis ?? '',
      ]);
    return { action, heading: `${chineseNumerals[i]}、${sectionTitles[action]}（${rows.length}项）`, rows };
  });
  return { title: `${campaign.title as string}精简事项目录`, noticeNumber: (campaign.noticeNumber as string | null) ?? null, sections };
}

/** One sheet per action: title, number line, then the numbered table with a frozen header and a filter. */
export async function writeOfficialXlsx(lists: OfficialLists, out: Writable): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const section of lists.sections) {
    const sheet = workbook.addWorksheet(sectionTitles[section.action], {
      views: [{ state: 'frozen', ySplit: 4 }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    sheet.columns = columnWidths.map((width, i) => ({ width, style: i === 0 ? {} : { numFmt: '@' } }));
    sheet.mergeCells(1, 1, 1, headers.length);
    sheet.getCell(1, 1).value = lists.title;
    sheet.getCell(1, 1).font = { name: officialFonts.title.name, size: 18, bold: true };
    sheet.getCell(1, 1).alignment = { horizontal: 'center' };
    sheet.mergeCells(2, 1, 2, headers.length);
    sheet.getCell(2, 1).value = lists.noticeNumber ?? '';
    sheet.getCell(2, 1).alignment = { horizontal: 'center' };
    sheet.mergeCells(3, 1, 3, headers.length);
    sheet.getCell(3, 1).value = section.heading;
    sheet.getCell(3, 1).font = { name: officialFonts.heading.name, size: 14 };
    const header = sheet.getRow(4);
    header.values = [...headers];
    header.font = { name: officialFonts.heading.name, bold: true };
    sheet.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: headers.length } };
    for (const row of section.rows) {
      sheet.addRow([Number(row[0]), ...row.slice(1).map(neutralise)]);
    }
  }
  await workbook.xlsx.write(out);
}

const cell = (text: string, style: 'OfficialTable' | 'OfficialTableHeader') =>
  new TableCell({ children: [new Paragraph({ text, style })] });

/** The same lists as a Word document in the official layout (official-style.ts). */
export async function officialDocx(lists: OfficialLists): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: lists.title, style: 'OfficialTitle' }),
    ...(lists.noticeNumber ? [new Paragraph({ text: lists.noticeNumber, style: 'OfficialNumber' })] : []),
  ];
  for (const section of lists.sections) {
    children.push(new Paragraph({ text: section.heading, style: 'OfficialHeading' }));
    if (section.rows.length === 0) {
      children.push(new Paragraph({ text: '无', style: 'OfficialBody' }));
      continue;
    }
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        columnWidths: columnWidths.map((w) => w * 60),
        rows: [
          new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, 'OfficialTableHeader')) }),
          ...section.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((text) => cell(text, 'OfficialTable')) })),
        ],
      }),
    );
  }
  const document = new Document({
    styles: officialStyles,
    sections: [{ properties: officialPage({ landscape: true }), children }],
    title: lists.title,
  });
  return Packer.toBuffer(document);
}

