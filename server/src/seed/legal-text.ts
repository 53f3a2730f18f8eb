import type { Rng } from './random.ts';

/** The wording a power list uses for legal bases, responsibility steps and accountability. */

const digits = '零一二三四五六七八九';

/** 12 → 十二, 105 → 一百零五, 122 → 一百二十二: statute articles are numbered in Chinese. */
export function chineseNumber(n: number): string {
  const digit = (i: number) => digits[i] ?? '';
  if (n < 10) return digit(n);
  if (n < 20) return `十${n % 10 ? digit(n % 10) : ''}`;
  if (n < 100) return `${digit(Math.floor(n / 10))}十${n % 10 ? digit(n % 10) : ''}`;
  const rest = n % 100;
  const head = `${digit(Math.floor(n / 100))}百`;
  if (rest === 0) return head;
  if (rest < 10) return `${head}零${digit(rest)}`;
  return head + (rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest));
}

export function article(rng: Rng, max = 130): string {
  const n = rng.int(3, max);
  const paragraph = rng.chance(0.3) ? `第${chineseNumber(rng.int(1, 3))}款` : '';
  return `第${chineseNumber(n)}条${paragraph}`;
}

/** Fine bands as statutes phrase them. */
const fineBands = [
  ['一千元', '一万元'],
  ['五千元', '五万元'],
  ['一万元', '十万元'],
  ['二万元', '二十万元'],
  ['五万元', '五十万元'],
  ['十万元', '一百万元'],
] as const;

export interface ClauseContext {
  activity: string;
  subject: string;
  regulator: string;
  name: string;
  /** For penalties: the violation, e.g. 未取得食品经营许可擅自从事食品经营活动. */
  violation?: string | undefined;
}

/** One quoted clause of the kind each power type rests on. */
export function clause(rng: Rng, typeCode: string, c: ClauseContext): string {
  const { activity: a, subject: s, regulator: r, name: n } = c;
  switch (typeCode) {
    case '01':
      return rng.pick([
        `从事${a}活动，应当依法向${r}申请取得许可；未经许可，任何单位和个人不得从事${a}活动。`,
        `申请${n}，应当具备下列条件：（一）有与${a}相适应的场所、设施和设备；（二）有相应的专业技术人员和管理人员；（三）有健全的管理制度和安全措施；（四）法律、法规规定的其他条件。`,
        `${r}应当自受理申请之日起二十个工作日内作出是否准予许可的决定；二十个工作日内不能作出决定的，经本行政机关负责人批准，可以延长十个工作日，并应当将延长期限的理由告知申请人。`,
      ]);
    case '02': {
      const [low, high] = rng.pick(fineBands);
      const v = c.violation ?? `${s}违反${a}管理规定`;
      return rng.pick([
        `违反本法规定，${v}的，由${r}责令改正，给予警告，没收违法所得，并处${low}以上${high}以下罚款；情节严重的，责令停业整顿或者吊销许可证件。`,
        `${v}的，由${r}责令限期改正；逾期不改正的，处${low}以上${high}以下罚款。`,
        `有下列行为之一的，由${r}责令改正，处${low}以上${high}以下罚款：……（${chineseNumber(rng.int(1, 6))}）${v}的。`,
      ]);
    }
    case '03':
      return rng.pick([
        `${r}履行监督检查职责，有权对与涉嫌违法的${a}活动有关的场所、设施和财物依法实施查封、扣押。`,
        `当事人逾期不履行行政处罚决定的，作出行政处罚决定的${r}可以每日按罚款数额的百分之三加处罚款。`,
      ]);
    case '04':
      return `${n}的征收标准按照国家和省的有关规定执行，由${r}负责征收，任何单位和个人不得擅自减免、缓缴。`;
    case '05':
      return `对符合条件的对象，由本人或者其近亲属提出申请，经${r}审核后按照规定的标准和程序予以给付，所需资金列入同级财政预算。`;
    case '06':
      return rng.pick([
        `${r}应当依法对${a}活动实施监督检查，被检查单位应当予以配合，如实提供有关情况和资料，不得拒绝、阻挠。`,
        `${r}应当建立${a}监督检查制度，采取随机抽取检查对象、随机选派执法检查人员的方式开展检查，并及时向社会公开检查结果。`,
      ]);
    case '07':
      return `${r}应当自收到申请之日起十五个工作日内对申请材料进行审核，对符合条件的，予以确认并出具相应证明文件；不予确认的，应当书面说明理由。`;
    case '08':
      return `对在${a}工作中做出显著成绩的单位和个人，由${r}按照国家有关规定给予表彰和奖励。`;
    case '09':
      return `当事人之间因${a}发生争议的，由当事人协商解决；协商不成的，可以申请${r}依法裁决。`;
    default:
      return rng.pick([
        `${s}应当自开展${a}活动之日起三十日内向${r}备案，并按要求报送相关材料。`,
        `${r}应当将${s}的有关信息纳入公共信用信息管理系统，并依法向社会公开。`,
      ]);
  }
}

/** How a clause refers to its own instrument: 本法, 本条例, 本办法 … */
function selfReference(law: string): string {
  for (const kind of ['条例', '办法', '规定', '决定', '法'])
    if (law.endsWith(`${kind}》`)) return `本${kind}`;
  return '本法规';
}

function cite(rng: Rng, law: string, max: number, typeCode: string, c: ClauseContext): string {
  return `${law}${article(rng, max)}：“${clause(rng, typeCode, c).replace('本法', selfReference(law))}”`;
}

/** 设定依据 text: one to three numbered citations, each with a quoted clause; often long, as real lists are. */
export function legalBasis(
  rng: Rng,
  laws: readonly string[],
  typeCode: string,
  c: ClauseContext,
  delegatedFromAbove: boolean,
  preferredLaw?: string,
): string {
  const national = laws.filter((l) => !l.includes('广东省') && !l.includes('广州'));
  const local = laws.filter((l) => l.includes('广东省') || l.includes('广州'));
  const citations: string[] = [];
  const first = preferredLaw ?? (national.length > 0 && rng.chance(0.85) ? rng.pick(national) : rng.pick(laws));
  citations.push(cite(rng, first, 130, typeCode, c));
  if (local.length > 0 && rng.chance(0.55)) {
    const second = rng.pick(local);
    if (second !== first) citations.push(cite(rng, second, 80, typeCode, c));
  }
  if (delegatedFromAbove) {
    citations.push(
      `《广东省人民政府关于取消和调整一批行政审批项目等事项的决定》（粤府令第${rng.int(200, 270)}号）：将该事项调整由各地级以上市人民政府相关部门实施。`,
    );
  } else if (rng.chance(0.12)) {
    citations.push(`《广州市人民政府关于公布市级行政权力事项目录的通知》（穗府〔${rng.int(2016, 2018)}〕${rng.int(2, 30)}号）`);
  }
  return citations.length === 1 ? citations[0]! : citations.map((text, i) => `${i + 1}.${text}`).join('\n');
}

/** 责任事项 by power type; licensing and penalty follow the seed's wording. */
export const responsibilitySteps: Record<string, string[]> = {
  '01': ['受理', '审查', '决定', '送达', '事后监管'],
  '02': ['立案', '调查取证', '审理', '告知', '决定', '送达', '执行'],
  '03': ['审批', '告知', '实施', '解除', '事后监管'],
  '04': ['核定', '告知', '征收', '事后监管'],
  '05': ['受理', '审核', '公示', '给付', '事后监管'],
  '06': ['制定计划', '实施检查', '处置', '信息公开'],
  '07': ['受理', '审查', '确认', '送达'],
  '08': ['推荐', '审核', '公示', '表彰'],
  '09': ['受理', '审理', '裁决', '送达', '执行'],
  '10': ['受理', '审查', '办理', '公开'],
};

const accountabilityPrefix = '因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应责任：';

/** 追责情形. */
export function accountability(typeCode: string, name: string): string {
  if (typeCode === '01')
    return `${accountabilityPrefix}1.对符合法定条件的${name}申请不予受理的；2.对不符合法定条件的申请人准予许可或者超越法定职权作出准予许可决定的；3.对符合法定条件的申请人不予许可或者不在法定期限内作出准予许可决定的；4.在许可过程中索取或者收受他人财物或者谋取其他利益的；5.其他违反法律法规规章文件规定的行为。`;
  if (typeCode === '02')
    return `${accountabilityPrefix}1.没有法律和事实依据实施行政处罚的；2.擅自改变行政处罚种类、幅度的；3.违反法定的行政处罚程序的；4.违反规定自行收缴罚款或者将罚没财物截留、私分的；5.对应当予以制止和处罚的违法行为不予制止、处罚的；6.其他违反法律法规规章文件规定的行为。`;
  return `${accountabilityPrefix}1.不依法履行职责的；2.滥用职权、玩忽职守造成不良后果的；3.在工作中徇私舞弊、索取或者收受他人财物的；4.其他违反法律法规规章文件规定的行为。`;
}
