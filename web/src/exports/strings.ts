import { localized } from '../i18n/locale.ts';

export const strings = localized(
  {
    export: '导出',
    xlsx: 'Excel 表格（.xlsx）',
    csv: 'CSV 文本（.csv）',
    officialLists: '精简事项目录',
    officialXlsx: '下载目录（.xlsx）',
    officialDocx: '下载目录（.docx）',
  },
  {
    export: 'Export',
    xlsx: 'Excel workbook (.xlsx)',
    csv: 'CSV text (.csv)',
    officialLists: 'Official lists',
    officialXlsx: 'Download the lists (.xlsx)',
    officialDocx: 'Download the lists (.docx)',
  },
);
