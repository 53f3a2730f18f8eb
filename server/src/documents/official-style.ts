import { convertMillimetersToTwip, type ISectionPropertiesOptions, type IStylesOptions } from 'docx';

/**
 * The look of documents Devolve writes for the government (GB/T 9704, 党政机关公文格式): A4, the
 * standard margins, the standard Chinese fonts. One module for every .docx (official lists,
 * reports) and the print stylesheet's font stacks, so they all look like one office wrote them.
 */

/** A font as Word names it, and the CSS stack a browser falls back through when it is missing. */
interface OfficialFont {
  /** The East Asian font Word asks for. */
  eastAsia: string;
  /** Latin letters and digits beside it. */
  ascii: string;
  /** For print CSS: the same font first, then what systems without it have. */
  css: string;
}

export const officialFonts = {
  /** 正文: 仿宋_GB2312. */
  body: { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman', css: '"仿宋_GB2312", "FangSong_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif' },
  /** 标题 and table text: 宋体. */
  song: { eastAsia: '宋体', ascii: 'Times New Roman', css: '"宋体", SimSun, "Songti SC", STSong, "Noto Serif CJK SC", serif' },
  /** 一级标题, table headers: 黑体. */
  hei: { eastAsia: '黑体', ascii: 'Arial', css: '"黑体", SimHei, "Heiti SC", STHeiti, "Noto Sans CJK SC", sans-serif' },
} as const satisfies Record<string, OfficialFont>;

const docxFont = (font: OfficialFont) => ({ eastAsia: font.eastAsia, ascii: font.ascii, hAnsi: font.ascii });

/** GB/T 9704 margins of an A4 page, in millimetres (top 37, bottom 35, left 28, right 26). */
export const officialMarginsMm = { top: 37, bottom: 35, left: 28, right: 26 } as const;

/** Font sizes in points by their Chinese names: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5. */
export const officialSizesPt = { erhao: 22, sanhao: 16, sihao: 14, xiaosi: 12, wuhao: 10.5 } as const;

/** An A4 section with the official margins; `landscape` for wide tables. */
export function officialPage(options: { landscape?: boolean } = {}): ISectionPropertiesOptions {
  const [width, height] = options.landscape ? [297, 210] : [210, 297];
  return {
    page: {
      size: { width: convertMillimetersToTwip(width), height: convertMillimetersToTwip(height) },
      margin: {
        top: convertMillimetersToTwip(officialMarginsMm.top),
        bottom: convertMillimetersToTwip(officialMarginsMm.bottom),
        left: convertMillimetersToTwip(officialMarginsMm.left),
        right: convertMillimetersToTwip(officialMarginsMm.right),
      },
    },
  };
}

/** docx counts sizes in half-points. */
const halfPoints = (pt: number) => Math.round(pt * 2);

/**
 * Paragraph styles by id: `OfficialTitle` (宋体 二号, centred), `OfficialNumber` (the 文号 line,
 * 仿宋 三号, centred), `OfficialHeading` (黑体 三号), `OfficialBody` (仿宋 三号), `OfficialTable`
 * and `OfficialTableHeader` (宋体 / 黑体 五号, for dense lists).
 */
export const officialStyles: IStylesOptions = {
  default: { document: { run: { font: docxFont(officialFonts.body), size: halfPoints(officialSizesPt.sanhao) } } },
  paragraphStyles: [
    {
      id: 'OfficialTitle',
      name: 'Official title',
      run: { font: docxFont(officialFonts.song), size: halfPoints(officialSizesPt.erhao), bold: true },
      paragraph: { alignment: 'center', spacing: { after: 240 } },
    },
    {
      id: 'OfficialNumber',
      name: 'Official document number',
      run: { font: docxFont(officialFonts.body), size: halfPoints(officialSizesPt.sanhao) },
      paragraph: { alignment: 'center', spacing: { after: 360 } },
    },
    {
      id: 'OfficialHeading',
      name: 'Official heading',
      run: { font: docxFont(officialFonts.hei), size: halfPoints(officialSizesPt.sanhao) },
      paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
    },
    {
      id: 'OfficialBody',
      name: 'Official body',
      run: { font: docxFont(officialFonts.body), size: halfPoints(officialSizesPt.sanhao) },
      paragraph: { indent: { firstLine: 640 }, spacing: { line: 560, lineRule: 'exact' } },
    },
    {
      id: 'OfficialTable',
      name: 'Official table text',
      run: { font: docxFont(officialFonts.song), size: halfPoints(officialSizesPt.wuhao) },
      paragraph: { spacing: { before: 40, after: 40 } },
    },
    {
      id: 'OfficialTableHeader',
      name: 'Official table header',
      run: { font: docxFont(officialFonts.hei), size: halfPoints(officialSizesPt.wuhao) },
      paragraph: { alignment: 'center', spacing: { before: 40, after: 40 }, keepNext: true },
    },
  ],
};
