import { powerTypes, type PowerTypeCode } from '@devolve/db';
import type { Cell } from './read.ts';

/**
 * Cell values as departments type them, normalised: full-width digits, letters and spaces, codes
 * Excel stored as numbers (leading zeros lost, scientific notation), types and levels by name or
 * by code. A value that cannot be read is a reason in Chinese and English, never a guess.
 */

export interface Reason {
  zh: string;
  en: string;
}

export type Parsed<T> = { value: T } | { error: Reason };

/** Full-width ASCII (Ａ１，) to half-width, the ideographic space to a space. */
export const halfWidth = (text: string): string =>
  text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

/** A text cell: trimmed of spaces of either width; '' when empty. */
export function text(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  return String(cell).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/** A header as compared with the synonyms: no spaces, half-width, no marks such as * or （必填）. */
export const headerKey = (cell: Cell | undefined): string =>
  halfWidth(text(cell))
    .replace(/\s+/g, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/[*※★]/g, '');

const scientific = /^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i;

/** The digits of a code as typed or stored, before leading zeros are restored; null when blank. */
export function codeDigits(cell: Cell | undefined): Parsed<string> | null {
  if (typeof cell === 'number') {
    // Excel keeps 15 significant digits: a longer code stored as a number has lost its tail.
    if (!Number.isSafeInteger(cell) || cell >= 1e15) {
      return { error: { zh: '编码以数字保存，超过15位的数字已丢失，请将该列设为文本后重新填写', en: 'The code was stored as a number and lost its digits beyond the 15th: store the column as text and type it again' } };
    }
    if (cell < 0) return { error: { zh: '编码不能为负数', en: 'A code cannot be negative' } };
    return { value: String(cell) };
  }
  const value = halfWidth(text(cell)).replace(/\s+/g, '');
  if (value === '') return null;
  if (scientific.test(value)) {
    return {
      error: {
        zh: `编码“${value}”为科学计数法，位数已丢失，请将该列设为文本后重新填写`,
        en: `The code "${value}" is in scientific notation and has lost digits: store the column as text and type it again`,
      },
    };
  }
  return { value };
}

/**
 * The usual length of a column's codes (the commonest length among its all-digit codes): a code
 * stored as a number that is shorter lost its leading zeros, which are put back.
 */
export function usualLength(codes: readonly string[]): number {
  const counts = new Map<number, number>();
  for (const code of codes) if (/^\d+$/.test(code)) counts.set(code.length, (counts.get(code.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [length, count] of counts) {
    if (count > bestCount || (count === bestCount && length > best)) [best, bestCount] = [length, count];
  }
  return best;
}

export const restoreZeros = (code: string, length: number): string => (/^\d+$/.test(code) && code.length < length ? code.padStart(length, '0') : code);

/** 事项类型 as 行政许可, 许可, 01 or 1 → '01'. */
export function powerType(cell: Cell | undefined): Parsed<PowerTypeCode> | null {
  const value = halfWidth(text(cell)).replace(/\s+/g, '');
  if (value === '') return null;
  const digits = /^\d{1,2}$/.test(value) ? value.padStart(2, '0') : null;
  const type = powerTypes.find(
    (t) => t.code === digits || t.zh === value || t.zh.replace(/^行政/, '') === value || (t.code === '10' && ['其他', '其他权力', '其他职权'].includes(value)),
  );
  if (type) return { value: type.code };
  return { error: { zh: `无法识别的事项类型“${value}”`, en: `Unknown power type "${value}"` } };
}

const levels: readonly (readonly [number, readonly string[]])[] = [
  [1, ['国家级', '国家', '中央']],
  [2, ['省级', '省']],
  [3, ['市级', '市']],
  [4, ['县级', '区级', '县', '区', '县区级']],
  [5, ['镇级', '乡镇级', '街道', '镇街', '乡镇']],
  [6, ['村级', '村', '社区']],
  [7, ['分级', '分级行使', '多级']],
];

/** 行使层级 as 1–7 or by name (市级, 区级, 分级 …). */
export function level(cell: Cell | undefined): Parsed<number> | null {
  const value = halfWidth(text(cell)).replace(/\s+/g, '');
  if (value === '') return null;
  if (/^[1-7]$/.test(value)) return { value: Number(value) };
  const found = levels.find(([, names]) => names.includes(value));
  if (found) return { value: found[0] };
  return { error: { zh: `无法识别的行使层级“${value}”（应为 1–7 或“市级”等）`, en: `Unknown level "${value}" (1-7 or a name such as 市级)` } };
}

export type PowerSourceValue = 'statutory' | 'delegated_from_above' | 'entrusted';

/** 权力来源: 法定, 上级下放, 受委托. */
export function powerSource(cell: Cell | undefined): Parsed<PowerSourceValue> | null {
  const value = halfWidth(text(cell)).replace(/\s+/g, '');
  if (value === '') return null;
  if (['法定', '法定职权', '法律法规规定', '本级'].includes(value)) return { value: 'statutory' };
  if (['上级下放', '下放', '省级下放', '上级部门下放'].includes(value)) return { value: 'delegated_from_above' };
  if (['受委托', '委托', '上级委托'].includes(value)) return { value: 'entrusted' };
  return { error: { zh: `无法识别的权力来源“${value}”`, en: `Unknown source "${value}"` } };
}

export type ActionValue = 'cancel' | 'delegate' | 'entrust' | 'merge' | 'adjust' | 'retain' | 'add';

const actionNames: Record<ActionValue, readonly string[]> = {
  cancel: ['取消'],
  delegate: ['下放'],
  entrust: ['委托', '委托实施'],
  merge: ['合并'],
  adjust: ['调整'],
  retain: ['保留'],
  add: ['新增'],
};

/** 处理意见: 取消, 下放, 委托, 合并, 调整, 保留, 新增 (or the English action names). */
export function action(cell: Cell | undefined): Parsed<ActionValue> | null {
  const value = halfWidth(text(cell)).replace(/\s+/g, '');
  if (value === '') return null;
  for (const [key, names] of Object.entries(actionNames) as [ActionValue, readonly string[]][]) {
    if (names.includes(value) || key === value.toLowerCase()) return { value: key };
  }
  return { error: { zh: `无法识别的处理意见“${value}”（取消、下放、委托、合并、调整、保留、新增）`, en: `Unknown action "${value}"` } };
}

/** A list typed in one cell: 天河区、越秀区 / 440106,440104. */
export const listItems = (cell: Cell | undefined): string[] =>
  halfWidth(text(cell))
    .split(/[、,，;；/\s]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
