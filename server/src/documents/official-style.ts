/**
 * The layout official documents share (党政机关公文格式, GB/T 9704-2012, where it applies): the
 * standard government fonts, A4 with the standard's margins, body text in 三号 (16 pt) on a fixed
 * line pitch. Plain data; the .docx writers turn it into their styles and the web's print
 * stylesheet (web/src/print.css) names the same fonts with web fallbacks.
 */

/** The fonts by role, each with what a machine without it should use instead. */
export const officialFonts = {
  /** 正文 */
  body: { name: '仿宋_GB2312', fallbacks: ['仿宋', 'FangSong', 'STFangsong'] },
  /** 标题 (公文标题 is 小标宋; 宋体 is what every machine has) */
  title: { name: '宋体', fallbacks: ['SimSun', 'Songti SC', 'Noto Serif CJK SC'] },
  /** 一级标题 一、 */
  heading: { name: '黑体', fallbacks: ['SimHei', 'Heiti SC', 'Noto Sans CJK SC'] },
  /** 二级标题 （一） */
  subheading: { name: '楷体_GB2312', fallbacks: ['楷体', 'KaiTi', 'STKaiti'] },
  /** Digits and Latin letters inside Chinese text. */
  latin: { name: 'Times New Roman', fallbacks: ['Liberation Serif', 'serif'] },
} as const;

/** A4 portrait, in millimetres. */
export const a4 = { widthMm: 210, heightMm: 297 } as const;

/** GB/T 9704 margins, in millimetres (the text area is 156 × 225 mm). */
export const officialMargins = { topMm: 37, bottomMm: 35, leftMm: 28, rightMm: 26 } as const;

/** The page number's 一字线 sits this far below the text area (GB/T 9704 7.5). */
export const pageNumberBelowTextMm = 7;

/** Font sizes in points: 二号 title, 三号 body and headings, 四号 page number. */
export const officialSizes = { titlePt: 22, bodyPt: 16, pageNumberPt: 14 } as const;

/** Line pitch in points: 22 lines in the 225 mm text area (the standard's 28–30 pt). */
export const officialLinePt = 29;

/** Word measures pages in twentieths of a point (twips): 1 mm = 1440 / 25.4 twips. */
export const mmToTwip = (mm: number): number => Math.round((mm * 1440) / 25.4);
