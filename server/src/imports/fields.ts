/**
 * The fields each kind of import reads, with the headers departments write them under
 * (domain.md: 实施依据 / 设定依据 / 法律依据, 承办机构 / 承办科室 / 责任科室, …). The first synonym is
 * the field's own Chinese name.
 */
export type ImportKind = 'power_items' | 'proposals';

export interface FieldSpec {
  key: string;
  zh: string;
  en: string;
  synonyms: readonly string[];
  /** Needed to create a row: a new row without it is an error. */
  required: boolean;
  /** The field that identifies a row: a row without it is a note or blank row, or an error. */
  keyField?: boolean;
}

export const importFields: Record<ImportKind, readonly FieldSpec[]> = {
  power_items: [
    { key: 'basicCode', zh: '基本编码', en: 'Basic code', synonyms: ['基本编码', '事项编码', '权力编码', '事项代码', '编码'], required: true, keyField: true },
    { key: 'name', zh: '事项名称', en: 'Name', synonyms: ['事项名称', '权力事项名称', '主项名称', '项目名称', '权力名称', '名称'], required: true },
    { key: 'subItemName', zh: '子项名称', en: 'Sub-item name', synonyms: ['子项名称', '子项'], required: false },
    { key: 'type', zh: '事项类型', en: 'Type', synonyms: ['事项类型', '权力类型', '职权类型', '类型', '类别'], required: true },
    { key: 'legalBasis', zh: '设定依据', en: 'Legal basis', synonyms: ['设定依据', '实施依据', '法律依据', '设定和实施依据', '依据'], required: true },
    { key: 'level', zh: '行使层级', en: 'Level', synonyms: ['行使层级', '实施层级', '层级'], required: true },
    { key: 'implementingUnit', zh: '实施主体', en: 'Implementing unit', synonyms: ['实施主体', '实施部门', '实施机关'], required: false },
    { key: 'handlingDivision', zh: '承办机构', en: 'Handling division', synonyms: ['承办机构', '承办科室', '责任科室', '承办处室', '内设机构'], required: false },
    { key: 'coImplementers', zh: '共同实施部门', en: 'Co-implementers', synonyms: ['共同实施部门', '共同实施单位', '配合部门'], required: false },
    { key: 'source', zh: '权力来源', en: 'Source', synonyms: ['权力来源', '来源'], required: false },
    { key: 'accountability', zh: '追责情形', en: 'Accountability', synonyms: ['追责情形', '问责情形', '追责'], required: false },
  ],
  proposals: [
    { key: 'itemCode', zh: '基本编码', en: 'Item code', synonyms: ['基本编码', '事项编码', '权力编码', '事项代码', '编码'], required: false },
    { key: 'itemName', zh: '事项名称', en: 'Item name', synonyms: ['事项名称', '权力事项名称', '新增事项名称', '名称'], required: false },
    { key: 'action', zh: '处理意见', en: 'Action', synonyms: ['处理意见', '精简意见', '意见类型', '处理方式', '拟处理方式', '建议'], required: true, keyField: true },
    { key: 'targetDistricts', zh: '下放区域', en: 'Target districts', synonyms: ['下放区域', '承接区', '目标区', '下放至', '委托区域', '承接单位'], required: false },
    { key: 'rationale', zh: '理由', en: 'Rationale', synonyms: ['理由', '精简理由', '意见理由', '说明理由', '说明'], required: true },
    { key: 'changeLegalBasis', zh: '法律依据', en: 'Legal basis', synonyms: ['法律依据', '调整依据', '依据'], required: false },
    { key: 'mergeInto', zh: '合并至', en: 'Merge into', synonyms: ['合并至', '并入事项编码', '并入事项'], required: false },
  ],
};

export const fieldOf = (kind: ImportKind, key: string): FieldSpec | undefined => importFields[kind].find((f) => f.key === key);
