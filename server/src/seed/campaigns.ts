import { cst } from './time.ts';

/** The 2019 round as the seed page tells it, and next year's round still being planned. */
export const campaign2019 = {
  year: 2019,
  title: '2019年广州市市级行政权力事项精简工作',
  noticeNumber: '穗府办函〔2019〕106号',
  status: 'review' as const,
  submissionOpensOn: '2019-07-15',
  submissionDeadline: '2019-09-30',
  reviewDeadline: '2019-11-29',
  consultationDeadline: '2019-12-10',
  approvalDeadline: '2019-12-31',
  publishedOn: null,
  createdAt: cst(2019, 7, 8, 10),
};

export const campaign2020 = {
  year: 2020,
  title: '2020年广州市市级行政权力事项精简工作',
  noticeNumber: null,
  status: 'planning' as const,
  submissionOpensOn: '2020-06-01',
  submissionDeadline: '2020-08-31',
  reviewDeadline: '2020-10-31',
  consultationDeadline: '2020-11-20',
  approvalDeadline: '2020-12-20',
  publishedOn: null,
  createdAt: cst(2019, 12, 26, 15),
};

/** The special team's classification vocabulary (classification_options). */
export const classificationVocabulary = [
  { code: 'agree_cancel', labelZh: '同意取消', labelEn: 'Agree to cancel' },
  { code: 'agree_delegate', labelZh: '同意下放', labelEn: 'Agree to delegate to districts' },
  { code: 'agree_entrust', labelZh: '同意委托', labelEn: 'Agree to entrust to districts' },
  { code: 'merge', labelZh: '合并', labelEn: 'Merge' },
  { code: 'adjust', labelZh: '调整', labelEn: 'Adjust' },
  { code: 'retain', labelZh: '保留', labelEn: 'Retain' },
  { code: 'agree_add', labelZh: '同意新增', labelEn: 'Agree to add' },
  { code: 'not_adopted', labelZh: '不予采纳', labelEn: 'Not adopted' },
  { code: 'needs_material', labelZh: '需补充材料', labelEn: 'Needs more material' },
] as const;

