/** 事项类型: the ten power types of GB/T 39046-2020 as carried by `power_items.type_code`. */
export const powerTypes = [
  { code: '01', key: 'LICENSING', zh: '行政许可', en: 'Licensing' },
  { code: '02', key: 'PENALTY', zh: '行政处罚', en: 'Penalty' },
  { code: '03', key: 'COMPULSORY', zh: '行政强制', en: 'Compulsory measure' },
  { code: '04', key: 'LEVY', zh: '行政征收', en: 'Levy' },
  { code: '05', key: 'BENEFIT', zh: '行政给付', en: 'Benefit payment' },
  { code: '06', key: 'INSPECTION', zh: '行政检查', en: 'Inspection' },
  { code: '07', key: 'CONFIRMATION', zh: '行政确认', en: 'Confirmation' },
  { code: '08', key: 'REWARD', zh: '行政奖励', en: 'Reward' },
  { code: '09', key: 'ADJUDICATION', zh: '行政裁决', en: 'Adjudication' },
  { code: '10', key: 'OTHER', zh: '其他行政权力', en: 'Other' },
] as const;

export type PowerTypeCode = (typeof powerTypes)[number]['code'];
export type PowerTypeKey = (typeof powerTypes)[number]['key'];

const byCode = new Map<string, (typeof powerTypes)[number]>(powerTypes.map((t) => [t.code, t]));
const byKey = new Map<string, (typeof powerTypes)[number]>(powerTypes.map((t) => [t.key, t]));

export function powerTypeByCode(code: string) {
  return byCode.get(code);
}

export function powerTypeCodeOf(key: PowerTypeKey): PowerTypeCode {
  return byKey.get(key)!.code;
}
