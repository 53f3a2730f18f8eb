import { powerTypeByCode, powerTypes, type PowerTypeCode } from '@devolve/db';
import { builder } from '../builder.ts';

/** 事项类型 as a GraphQL enum whose internal value is the stored type code ('01' … '10'). */
export const PowerType = builder.enumType('PowerType', {
  description: '事项类型: 01 许可 licensing … 10 其他 other (GB/T 39046-2020).',
  values: Object.fromEntries(
    powerTypes.map((type) => [type.key, { value: type.code, description: `${type.code} ${type.zh} ${type.en}` }]),
  ) as unknown as Record<(typeof powerTypes)[number]['key'], { value: PowerTypeCode }>,
});

export function powerTypeNames(code: string): { zh: string; en: string } {
  const type = powerTypeByCode(code);
  return type ? { zh: type.zh, en: type.en } : { zh: code, en: code };
}
