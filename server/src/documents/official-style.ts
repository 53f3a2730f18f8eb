import type { ISectionPropertiesOptions, IStylesOptions } from 'docx';

/**
 * The layout official documents share (党政机关公文格式, GB/T 9704-2012, where it applies): the
 * standard government fonts, A4 with the standard's margins, body text in 三号 (16 pt) on a fixed
 * line pitch. One module for every .docx Devolve writes (the key task's report, the official
 * lists) and the .xlsx lists' fonts; the web's print stylesheet (web/src/print.css) names the
 * same fonts with web fallbacks.
 */

/** The fonts by role, each with what a machine without it should use instead. */
export const officialFonts = {
  /** 正文 */
  body: { name: '仿宋_GB2312', fallbacks: ['仿宋', 'FangSong', 'STFangsong'] },
  /** 标题 and dense table text (公文标题 is 小标宋; 宋体 is what every machine has) */
  title: { name: '宋体', fallbacks: ['SimSun', 'Songti SC', 'Noto Serif CJK SC'] },
  /** 一级标题 一、 and table headers */
  heading: { name: '黑体', fallbacks: ['SimHei', 'Heiti SC', 'Noto Sans CJK SC'] },
  /** 二级标题 （一） */
  subheading: { name: '楷体_GB2312', fallbacks: ['楷体', 'KaiTi', 'STKaiti'] },
  /** Digits and Latin letters inside Chinese text. */
  latin: { name: 'Times New Roman', fallbacks: ['Liberation Serif', 'serif'] },
} as const;

export type OfficialFontRole = keyof typeof officialFonts;

/** A run's font in Word: the role's Chinese font, Latin letters and digits in the Latin font. */
export const docxFont = (role: OfficialFontRole) => ({
  eastAsia: officialFonts[role].name,
  ascii: officialFonts.latin.name,
  hAnsi: officialFonts.latin.name,
});

/** A4 portrait, in millimetres. */
export const a4 = { widthMm: 210, heightMm: 297 } as const;

/** GB/T 9704 margins, in millimetres (the text area is 156 × 225 mm). */
export const officialMargins = { topMm: 37, bottomMm: 35, leftMm: 28, rightMm: 26 } as const;

/** The page number's 一字线 sits this far below the text area (GB/T 9704 7.5). */
export const pageNumberBelowTextMm = 7;

/** Font sizes in points: 二号 title, 三号 body and headings, 四号 page number, 五号 dense tables. */
export const officialSizes = { titlePt: 22, bodyPt: 16, pageNumberPt: 14, tablePt: 10.5 } as const;

/** Line pitch in points: 22 lines in the 225 mm text area (the standard's 28–30 pt). */
export const officialLinePt = 29;

/** Word measures pages in twentieths of a point (twips): 1 mm = 1440 / 25.4 twips. */
export const mmToTwip = (mm: number): number => Math.round((mm * 1440) / 25.4);

/** docx counts font sizes in half-points. */
const halfPoints = (pt: number) => Math.round(pt * 2);

/** An A4 section with the official margins; `landscape` for wide tables; `footerMm` from the page's edge. */
export function officialPage(options: { landscape?: boolean; footerMm?: number } = {}): ISectionPropertiesOptions {
  const [width, height] = options.landscape ? [a4.heightMm, a4.widthMm] : [a4.widthMm, a4.heightMm];
  return {
    page: {
      size: { width: mmToTwip(width), height: mmToTwip(height) },
      margin: {
        top: mmToTwip(officialMargins.topMm),
        bottom: mmToTwip(officialMargins.bottomMm),
        left: mmToTwip(officialMargins.leftMm),
        right: mmToTwip(officialMargins.rightMm),
        ...(options.footerMm === undefined ? {} : { footer: mmToTwip(options.footerMm) }),
      },
    },
  };
}

/**
 * Paragraph styles for lists by id: `OfficialTitle` (宋体 二号, centred), `OfficialNumber` (the 文号
 * line, 仿宋 三号, centred), `OfficialHeading` (黑体 三号), `OfficialBody` (仿宋 三号), `OfficialTable`
 * and `OfficialTableHeader` (宋体 / 黑体 五号, for dense lists).
 */
export const officialStyles: IStylesOptions = {
  default: { document: { run: { font: docxFont('body'), size: halfPoints(officialSizes.bodyPt) } } },
  paragraphStyles: [
    {
      id: 'OfficialTitle',
      name: 'Official title',
      run: { font: docxFont('title'), size: halfPoints(officialSizes.titlePt), bold: true },
      paragraph: { alignment: 'center', spacing: { after: 240 } },
    },
    {
      id: 'OfficialNumber',
      name: 'Official document number',
      run: { font: docxFont('body'), size: halfPoints(officialSizes.bodyPt) },
      paragraph: { alignment: 'center', spacing: { after: 360 } },
    },
    {
      id: 'OfficialHeading',
      name: 'Official heading',
      run: { font: docxFont('heading'), size: halfPoints(officialSizes.bodyPt) },
      paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
    },
    {
      id: 'OfficialBody',
      name: 'Official body',
      run: { font: docxFont('body'), size: halfPoints(officialSizes.bodyPt) },
      paragraph: { indent: { firstLine: 640 }, spacing: { line: officialLinePt * 20, lineRule: 'exact' } },
    },
    {
      id: 'OfficialTable',
      name: 'Official table text',
      run: { font: docxFont('title'), size: halfPoints(officialSizes.tablePt) },
      paragraph: { spacing: { before: 40, after: 40 } },
    },
    {
      id: 'OfficialTableHeader',
      name: 'Official table header',
      run: { font: docxFont('heading'), size: halfPoints(officialSizes.tablePt) },
      paragraph: { alignment: 'center', spacing: { before: 40, after: 40 }, keepNext: true },
    },
  ],
};
