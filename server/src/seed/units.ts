import type { unitKind } from '@devolve/db';
/**
 * The organisations of the 2019 Guangzhou round. Department names follow the city's 2019 reform;
 * they are plausible demo data, not an authoritative roster.
 */
export type SeedUnitKind = (typeof unitKind.enumValues)[number];

export interface SeedUnit {
  kind: SeedUnitKind;
  code: string;
  name: string;
  shortName: string;
  nameEn: string;
}

export interface SeedDepartment extends SeedUnit {
  kind: 'department';
  /** Roughly how many power items the unit holds; scaled so the city has ~8,000. */
  itemWeight: number;
}

export const leadOffice: SeedUnit = {
  kind: 'lead_office',
  code: 'GZ-SZFBGT',
  name: '广州市人民政府办公厅',
  shortName: '市政府办公厅',
  nameEn: 'General Office of the Guangzhou Municipal People’s Government',
};

/** The three bodies the special review team (精简工作专班) is seconded from. */
export const reviewBodies = {
  establishment: {
    kind: 'review_body',
    code: 'GZ-SWBB',
    name: '中共广州市委机构编制委员会办公室',
    shortName: '市委编办',
    nameEn: 'Office of the Guangzhou Municipal Commission for Public Sector Reform',
  },
  justice: {
    kind: 'review_body',
    code: 'GZ-SFJ',
    name: '广州市司法局',
    shortName: '市司法局',
    nameEn: 'Guangzhou Municipal Bureau of Justice',
  },
  serviceData: {
    kind: 'review_body',
    code: 'GZ-ZSJ',
    name: '广州市政务服务数据管理局',
    shortName: '市政务服务数据管理局',
    nameEn: 'Guangzhou Government Service and Data Management Bureau',
  },
} as const satisfies Record<string, SeedUnit>;

export const evaluator: SeedUnit = {
  kind: 'evaluator',
  code: 'GZ-XZPGY',
  name: '广州市行政效能评估研究院',
  shortName: '行政效能评估研究院',
  nameEn: 'Guangzhou Institute for Administrative Performance Evaluation',
};

const d = (code: string, name: string, shortName: string, nameEn: string, itemWeight: number): SeedDepartment => ({
  kind: 'department',
  code,
  name,
  shortName,
  nameEn,
  itemWeight,
});

/** 45 municipal departments (市直单位); the justice and data bureaus are review bodies, not listed here. */
export const departments: SeedDepartment[] = [
  d('GZ-FGW', '广州市发展和改革委员会', '市发展改革委', 'Guangzhou Development and Reform Commission', 130),
  d('GZ-JYJ', '广州市教育局', '市教育局', 'Guangzhou Municipal Education Bureau', 150),
  d('GZ-KJJ', '广州市科学技术局', '市科技局', 'Guangzhou Municipal Science and Technology Bureau', 70),
  d('GZ-GXJ', '广州市工业和信息化局', '市工业和信息化局', 'Guangzhou Municipal Industry and Information Technology Bureau', 110),
  d('GZ-GAJ', '广州市公安局', '市公安局', 'Guangzhou Municipal Public Security Bureau', 420),
  d('GZ-MZJ', '广州市民政局', '市民政局', 'Guangzhou Municipal Civil Affairs Bureau', 160),
  d('GZ-CZJ', '广州市财政局', '市财政局', 'Guangzhou Municipal Finance Bureau', 90),
  d('GZ-RSJ', '广州市人力资源和社会保障局', '市人力资源社会保障局', 'Guangzhou Human Resources and Social Security Bureau', 260),
  d('GZ-GHZYJ', '广州市规划和自然资源局', '市规划和自然资源局', 'Guangzhou Planning and Natural Resources Bureau', 420),
  d('GZ-STHJJ', '广州市生态环境局', '市生态环境局', 'Guangzhou Ecology and Environment Bureau', 460),
  d('GZ-ZJJ', '广州市住房和城乡建设局', '市住房城乡建设局', 'Guangzhou Housing and Urban-Rural Development Bureau', 600),
  d('GZ-JTJ', '广州市交通运输局', '市交通运输局', 'Guangzhou Transport Bureau', 560),
  d('GZ-SWJ', '广州市水务局', '市水务局', 'Guangzhou Water Affairs Bureau', 270),
  d('GZ-NYNCJ', '广州市农业农村局', '市农业农村局', 'Guangzhou Agriculture and Rural Affairs Bureau', 380),
  d('GZ-SHWJ', '广州市商务局', '市商务局', 'Guangzhou Commerce Bureau', 150),
  d('GZ-WGLJ', '广州市文化广电旅游局', '市文化广电旅游局', 'Guangzhou Culture, Radio, Television and Tourism Bureau', 320),
  d('GZ-WJW', '广州市卫生健康委员会', '市卫生健康委', 'Guangzhou Health Commission', 420),
  d('GZ-TYJRJ', '广州市退役军人事务局', '市退役军人事务局', 'Guangzhou Veterans Affairs Bureau', 60),
  d('GZ-YJGLJ', '广州市应急管理局', '市应急管理局', 'Guangzhou Emergency Management Bureau', 270),
  d('GZ-SJJ', '广州市审计局', '市审计局', 'Guangzhou Audit Bureau', 40),
  d('GZ-WB', '广州市人民政府外事办公室', '市外办', 'Foreign Affairs Office of the Guangzhou Municipal Government', 20),
  d('GZ-GZW', '广州市人民政府国有资产监督管理委员会', '市国资委', 'State-owned Assets Supervision and Administration Commission of Guangzhou', 30),
  d('GZ-SCJGJ', '广州市市场监督管理局', '市市场监管局', 'Guangzhou Administration for Market Regulation', 900),
  d('GZ-TYJ', '广州市体育局', '市体育局', 'Guangzhou Sports Bureau', 60),
  d('GZ-TJJ', '广州市统计局', '市统计局', 'Guangzhou Statistics Bureau', 50),
  d('GZ-YBJ', '广州市医疗保障局', '市医保局', 'Guangzhou Healthcare Security Administration', 100),
  d('GZ-CGZFJ', '广州市城市管理和综合执法局', '市城市管理综合执法局', 'Guangzhou Urban Management and Law Enforcement Bureau', 420),
  d('GZ-LYYLJ', '广州市林业和园林局', '市林业和园林局', 'Guangzhou Forestry and Landscaping Bureau', 210),
  d('GZ-JRJGJ', '广州市地方金融监督管理局', '市地方金融监管局', 'Guangzhou Local Financial Supervision and Administration', 50),
  d('GZ-XFJ', '广州市信访局', '市信访局', 'Guangzhou Letters and Calls Bureau', 15),
  d('GZ-GWJ', '广州市港务局', '市港务局', 'Guangzhou Port Authority', 130),
  d('GZ-LSJ', '广州市来穗人员服务管理局', '市来穗人员服务管理局', 'Guangzhou Migrant Population Services and Administration Bureau', 40),
  d('GZ-MZZJJ', '广州市民族宗教事务局', '市民族宗教局', 'Guangzhou Ethnic and Religious Affairs Bureau', 60),
  d('GZ-DAJ', '广州市档案局', '市档案局', 'Guangzhou Archives Bureau', 30),
  d('GZ-QXJ', '广州市气象局', '市气象局', 'Guangzhou Meteorological Bureau', 50),
  d('GZ-YCZMJ', '广州市烟草专卖局', '市烟草专卖局', 'Guangzhou Tobacco Monopoly Bureau', 60),
  d('GZ-XFZD', '广州市消防救援支队', '市消防救援支队', 'Guangzhou Fire and Rescue Detachment', 160),
  d('GZ-RFB', '广州市人民防空办公室', '市人防办', 'Guangzhou Civil Air Defence Office', 60),
  d('GZ-JGSWJ', '广州市机关事务管理局', '市机关事务局', 'Guangzhou Government Offices Administration', 15),
  d('GZ-GJJZX', '广州市住房公积金管理中心', '市住房公积金中心', 'Guangzhou Housing Provident Fund Management Centre', 40),
  d('GZ-BMJ', '广州市国家保密局', '市保密局', 'Guangzhou State Secrets Protection Bureau', 15),
  d('GZ-YZGLJ', '广州市邮政管理局', '市邮政管理局', 'Guangzhou Postal Administration', 50),
  d('GZ-CL', '广州市残疾人联合会', '市残联', 'Guangzhou Disabled Persons’ Federation', 20),
  d('GZ-DFZB', '广州市地方志办公室', '市地方志办', 'Guangzhou Local Chronicles Office', 10),
  d('GZ-XZB', '广州市协作办公室', '市协作办', 'Guangzhou Cooperation Office', 12),
];

/**
 * The one department that held items but sent no proposal: the seed page counts 44 submitting units.
 * Its few items are still on the list.
 */
export const nonSubmittingDepartmentCode = 'GZ-XZB';

export interface SeedDistrict extends SeedUnit {
  kind: 'district';
}

const district = (code: string, short: string, en: string): SeedDistrict => ({
  kind: 'district',
  code,
  name: `广州市${short}`,
  shortName: short,
  nameEn: `${en} District, Guangzhou`,
});

/** Guangzhou's 11 districts with their GB/T 2260 codes. */
export const districts: SeedDistrict[] = [
  district('440103', '荔湾区', 'Liwan'),
  district('440104', '越秀区', 'Yuexiu'),
  district('440105', '海珠区', 'Haizhu'),
  district('440106', '天河区', 'Tianhe'),
  district('440111', '白云区', 'Baiyun'),
  district('440112', '黄埔区', 'Huangpu'),
  district('440113', '番禺区', 'Panyu'),
  district('440114', '花都区', 'Huadu'),
  district('440115', '南沙区', 'Nansha'),
  district('440117', '从化区', 'Conghua'),
  district('440118', '增城区', 'Zengcheng'),
];

/** Every unit in insertion (and sort) order. */
export function allUnits(): SeedUnit[] {
  return [leadOffice, ...Object.values(reviewBodies), ...departments, ...districts, evaluator];
}
