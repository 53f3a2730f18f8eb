import { localized } from '../i18n/locale.ts';

/** The lead office's console (年度工作): its frame and tabs; each tab has its own strings. */
export const strings = localized(
  {
    heading: '年度工作',
    notCoordinator: '本页面供牵头单位（市政府办公厅）统筹人员使用。',
    year: '工作年度',
    yearOption: (year: number, title: string) => `${year}年 · ${title}`,
    noCampaign: '尚无工作年度。',
    tabs: {
      label: '年度工作分区',
      overview: '年度安排',
      consultations: '征求意见',
      claims: '事项认领',
      reminders: '督办催办',
      handovers: '承接情况',
      evaluations: '成效评估',
      reports: '年度报告',
      progress: '进展填报',
    },
  },
  {
    heading: 'Campaign',
    notCoordinator: 'This page is for the lead office (the coordinator).',
    year: 'Campaign year',
    yearOption: (year: number, title: string) => `${year} · ${title}`,
    noCampaign: 'No campaign yet.',
    tabs: {
      label: 'Campaign sections',
      overview: 'Schedule',
      consultations: 'Consultations',
      claims: 'Claims',
      reminders: 'Reminders',
      handovers: 'Handovers',
      evaluations: 'Evaluation',
      reports: 'Annual reports',
      progress: 'Progress',
    },
  },
);
