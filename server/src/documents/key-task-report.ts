import type { Database } from '@devolve/db';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  type IRunOptions,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { Viewer } from '../accounts/permissions.ts';
import { campaignFigures } from '../campaigns/figures.ts';
import { dayInChina } from '../dates.ts';
import { type ProgressShape, type QuarterShape, readableQuarters } from '../key-tasks/quarters.ts';
import {
  a4,
  docxFont,
  mmToTwip,
  officialFonts,
  officialLinePt,
  officialMargins,
  officialPage,
  officialSizes,
  pageNumberBelowTextMm,
  type OfficialFontRole,
} from './official-style.ts';

/**
 * The key task's quarterly report (重点工作进展情况) as a .docx, in the shape of the government's
 * own page (任务20): the task and its lead unit, the year's goals by quarter, then each quarter's
 * progress with its numbered achievements, their figures filled as GraphQL `keyTask` fills them
 * (a published entry with the figures of its publication). Drafts appear only when asked for and
 * only for the coordinator (the progress read policy), each marked 草稿.
 */

export interface KeyTaskReport {
  year: number;
  number: number;
  title: string;
  leadUnit: string;
  quarters: QuarterShape[];
}

/** The report's content as `viewer` may read it, or null when there is no such task. */
export async function loadKeyTaskReport(
  db: Database,
  viewer: Viewer | null,
  key: { year: number; number: number },
): Promise<KeyTaskReport | null> {
  const task = await db.query.keyTasks.findFirst({
    where: { year: key.year, number: key.number },
    with: {
      leadUnit: { columns: { shortName: true } },
      goals: { orderBy: { quarter: 'asc', position: 'asc' } },
      progress: { orderBy: { quarter: 'asc' } },
    },
  });
  if (!task) return null;
  const { campaignId } = task;
  const quarters = await readableQuarters(task, viewer, () =>
    campaignId === null ? Promise.resolve(null) : campaignFigures(db, viewer, campaignId),
  );
  return { year: task.year, number: task.number, title: task.title, leadUnit: task.leadUnit.shortName, quarters };
}

const quarterNames = ['第一季度', '第二季度', '第三季度', '第四季度'];
const statusNames: Record<ProgressShape['status'], string> = { on_track: '按计划推进中', done: '已完成', delayed: '滞后' };

/** 1 → 一, 12 → 十二, 20 → 二十 (achievements are numbered 一、二、…; at most 20 per quarter). */
export function chineseNumeral(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : digits[tens]!}十${n % 10 === 0 ? '' : digits[n % 10]!}`;
}

/** 2026-12-06 → 2026年12月6日 (GB/T 9704 writes dates in Arabic numerals, without leading zeros). */
export function chineseDate(instant: Date): string {
  const [year, month, day] = dayInChina(instant).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** A run in one of the official fonts (Latin text in Times New Roman beside it). */
function run(text: string, font: OfficialFontRole, extra: Omit<IRunOptions, 'text' | 'font'> = {}): TextRun {
  return new TextRun({ text, font: docxFont(font), ...extra });
}

/** A body paragraph: 仿宋, indented two characters, as official texts are. */
const bodyParagraph = (text: string, indent = true) =>
  new Paragraph({ children: [run(text, 'body')], indent: indent ? { firstLine: officialSizes.bodyPt * 2 * 20 } : undefined });

/** 一、 headings in 黑体 and （一） headings in 楷体 (the document's Heading1 and Heading2 styles). */
const heading = (text: string, level: 1 | 2 = 1, extra: TextRun[] = []) =>
  new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    children: [new TextRun(text), ...extra],
    indent: { firstLine: officialSizes.bodyPt * 2 * 20 },
    keepNext: true,
  });

const border = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };
/** The text area's width (156 mm), split between a label column and a text column. */
const textWidth = mmToTwip(a4.widthMm - officialMargins.leftMm - officialMargins.rightMm);
const labelWidth = mmToTwip(30);

function cell(children: Paragraph[], width: number, header = false): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
    margins: { left: 80, right: 80 },
  });
}

const label = (text: string) => new Paragraph({ children: [run(text, 'heading')], alignment: AlignmentType.CENTER });

/** A bordered two-column table: labels on the left; the header row repeats on every page and no row splits. */
function twoColumnTable(rows: [string, Paragraph[]][], header?: [string, string]): Table {
  const widths = [labelWidth, textWidth - labelWidth];
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
    borders,
    rows: [
      ...(header ? [new TableRow({ tableHeader: true, cantSplit: true, children: header.map((text, i) => cell([label(text)], widths[i]!, true)) })] : []),
      ...rows.map(([name, content]) => new TableRow({ cantSplit: true, children: [cell([label(name)], widths[0]!, true), cell(content, widths[1]!)] })),
    ],
  });
}

/** One text as it is, several numbered 1. 2. 3. (the seed page's goals). */
const numberedGoals = (texts: readonly string[]): Paragraph[] =>
  texts.length === 0 ? [bodyParagraph('—', false)] : texts.map((text, i) => bodyParagraph(texts.length === 1 ? text : `${i + 1}.${text}`, false));

/** 第一季度： 按计划推进中。 一、… 二、… — the published entry, or (when included) the draft marked 草稿. */
function quarterProgress(quarter: QuarterShape, withDrafts: boolean): Paragraph[] {
  const entry = quarter.progress ?? (withDrafts ? quarter.draft : null);
  const name = quarterNames[quarter.quarter - 1]!;
  if (!entry) return [heading(`${name}：`, 2), bodyParagraph('尚未报送进展。')];
  const draft = entry.publishedAt === null;
  return [
    heading(`${name}：`, 2, draft ? [run('（草稿，未发布）', 'heading')] : []),
    bodyParagraph(`${statusNames[entry.status]}。`),
    ...entry.items.map((item, i) => bodyParagraph(`${chineseNumeral(i + 1)}、${item}`)),
  ];
}

/** The page number — 1 —, 四号宋体, on the outer side: right on odd pages, left on even ones (GB/T 9704 7.5). */
function pageNumberFooter(alignment: (typeof AlignmentType)[keyof typeof AlignmentType]): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment,
        indent: alignment === AlignmentType.RIGHT ? { right: 20 * officialSizes.pageNumberPt } : { left: 20 * officialSizes.pageNumberPt },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: { eastAsia: officialFonts.title.name, ascii: officialFonts.title.name, hAnsi: officialFonts.title.name },
            size: officialSizes.pageNumberPt * 2,
          }),
        ],
      }),
    ],
  });
}

/** The report's file name: 2019年任务20进展情况.docx. */
export const reportFileName = (report: Pick<KeyTaskReport, 'year' | 'number'>) => `${report.year}年任务${report.number}进展情况.docx`;

/** The .docx bytes of the report, dated `issuedOn` (the domain clock's day in China). */
export async function keyTaskReportDocx(report: KeyTaskReport, issuedOn: Date, options: { withDrafts: boolean }): Promise<Buffer> {
  const document = new Document({
    title: `${report.year}年重点工作任务${report.number}进展情况`,
    creator: 'Devolve',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: docxFont('body'), size: officialSizes.bodyPt * 2 },
          paragraph: { spacing: { line: officialLinePt * 20, lineRule: LineRuleType.EXACT }, alignment: AlignmentType.JUSTIFIED },
        },
        title: { run: { font: docxFont('title'), size: officialSizes.titlePt * 2, bold: true, color: '000000' } },
        heading1: { run: { font: docxFont('heading'), size: officialSizes.bodyPt * 2, bold: false, color: '000000' } },
        heading2: { run: { font: docxFont('subheading'), size: officialSizes.bodyPt * 2, bold: false, color: '000000' } },
      },
    },
    sections: [
      {
        // Word measures the footer from the page's edge to the footer's bottom: the number's
        // middle 7 mm below the text area, its bottom about 2.5 mm lower (四号).
        properties: officialPage({ footerMm: officialMargins.bottomMm - pageNumberBelowTextMm - 2.5 }),
        footers: { default: pageNumberFooter(AlignmentType.RIGHT), even: pageNumberFooter(AlignmentType.LEFT) },
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            spacing: { line: 35 * 20, lineRule: LineRuleType.EXACT },
            children: [new TextRun(`${report.year}年重点工作任务${report.number}进展情况`)],
          }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [run(`（${chineseDate(issuedOn)}）`, 'subheading')] }),
          new Paragraph({ children: [] }),
          twoColumnTable([
            ['重点工作', [bodyParagraph(`任务${report.number}：${report.title}`, false)]],
            ['牵头单位', [bodyParagraph(report.leadUnit, false)]],
          ]),
          heading('一、年度阶段性工作目标'),
          twoColumnTable(
            report.quarters.map((quarter): [string, Paragraph[]] => [quarterNames[quarter.quarter - 1]!, numberedGoals(quarter.goals)]),
            ['季度', '工作目标'],
          ),
          heading('二、进展落实情况'),
          ...report.quarters.flatMap((quarter) => quarterProgress(quarter, options.withDrafts)),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
