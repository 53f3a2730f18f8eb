import type { PowerTypeCode } from '@devolve/db';
import { accountability, legalBasis, responsibilitySteps } from './legal-text.ts';
import type { Rng } from './random.ts';
import { departments, type SeedDepartment } from './units.ts';
import { lawsAbout, vocabulary, type DepartmentVocabulary } from './vocabulary.ts';

/** One generated row of the city's power list, before it has a database id. */
export interface SeedPowerItem {
  /** The department whose list the item is on; `claimed` says whether it is also the implementing unit. */
  departmentCode: string;
  claimed: boolean;
  basicCode: string;
  name: string;
  subItemName: string | null;
  typeCode: PowerTypeCode;
  legalBasis: string;
  level: number;
  handlingDivision: string | null;
  coImplementers: string | null;
  responsibilitySteps: string[];
  accountability: string;
  source: 'statutory' | 'delegated_from_above' | 'entrusted';
  /** The regulated activity the item is about; proposals and comments reuse it. */
  activity: string;
}

export interface SparePowerName {
  name: string;
  typeCode: PowerTypeCode;
}

export interface PowerList {
  items: SeedPowerItem[];
  /** Plausible names the list does not hold yet, per department: material for 新增 (add) proposals. */
  spareNames: Map<string, SparePowerName[]>;
}

interface Activity {
  activity: string;
  subject: string;
}

interface Candidate {
  name: string;
  subs: string[];
  activity: Activity;
  violation?: string;
}

const typeCodes: readonly PowerTypeCode[] = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'];

/** Share of each type on a typical list: many penalties and licences, few rewards and adjudications. */
const typeWeights: Record<string, number> = {
  '01': 14,
  '02': 40,
  '03': 6,
  '04': 2,
  '05': 3,
  '06': 13,
  '07': 7,
  '08': 2,
  '09': 1,
  '10': 11,
};

/** Probability that a candidate becomes a main item with sub-items, and how many. */
const grouping: Record<string, { p: number; min: number; max: number }> = {
  '01': { p: 0.3, min: 2, max: 4 },
  '02': { p: 0.7, min: 3, max: 9 },
  '06': { p: 0.35, min: 2, max: 4 },
  '10': { p: 0.2, min: 2, max: 3 },
};

const licenceSubs = ['（新办）', '（变更）', '（延续）', '（注销）', '（补证）'];
const inspectionSubs = ['日常监督检查', '专项检查', '“双随机、一公开”抽查', '投诉举报核查'];
const filingSubs = ['（首次备案）', '（变更备案）', '（注销备案）'];

/**
 * Violations any regulated activity can have, in four families; a family becomes one main penalty
 * item with the violations as sub-items (对…违反…许可管理规定行为的行政处罚).
 */
const violationFamilies: { label: string; make: ((a: Activity) => string)[] }[] = [
  {
    label: '许可管理',
    make: [
      (x) => `未取得${x.activity}许可擅自从事${x.activity}活动`,
      (x) => `以欺骗、贿赂等不正当手段取得${x.activity}许可`,
      (x) => `伪造、涂改、出租、出借${x.activity}许可证件`,
      (x) => `${x.subject}超出许可范围从事${x.activity}活动`,
      (x) => `${x.activity}许可有效期届满未办理延续仍继续从事${x.activity}活动`,
      (x) => `${x.subject}未按规定办理变更手续`,
      (x) => `${x.subject}擅自变更${x.activity}场所`,
      (x) => `${x.subject}转让、涂改有关证明文件`,
    ],
  },
  {
    label: '安全管理',
    make: [
      (x) => `${x.subject}未按规定建立安全管理制度`,
      (x) => `${x.subject}发生事故隐瞒不报、谎报或者拖延不报`,
      (x) => `${x.subject}未按规定配备专职管理人员`,
      (x) => `${x.subject}使用未经检验或者检验不合格的设施设备`,
      (x) => `${x.subject}未按规定投保责任保险`,
      (x) => `${x.subject}未按规定制定应急预案`,
      (x) => `${x.subject}违反${x.activity}操作规程`,
      (x) => `${x.subject}未按规定设置警示标识`,
      (x) => `${x.subject}未按规定开展风险评估`,
    ],
  },
  {
    label: '信息报送与公示',
    make: [
      (x) => `${x.subject}未按规定报送有关资料`,
      (x) => `${x.subject}未按规定公示有关信息`,
      (x) => `${x.subject}未按规定建立并保存台账`,
      (x) => `${x.subject}未按规定办理备案`,
      (x) => `${x.subject}未按规定保存原始记录`,
      (x) => `${x.subject}提供虚假材料`,
      (x) => `${x.subject}未按规定履行告知义务`,
    ],
  },
  {
    label: '从业管理',
    make: [
      (x) => `${x.subject}拒绝、阻碍监督检查`,
      (x) => `${x.subject}未按规定组织从业人员培训`,
      (x) => `${x.subject}未按规定开展自查`,
      (x) => `${x.subject}拒不执行责令整改决定`,
      (x) => `${x.subject}聘用不具备相应资格人员`,
      (x) => `${x.subject}未按规定接受年度检验`,
    ],
  },
];

const templates: Record<string, ((a: Activity) => string)[]> = {
  '01': [(x) => `${x.activity}许可`, (x) => `${x.activity}有关事项审批`],
  '03': [
    (x) => `对${x.activity}违法物品的查封、扣押`,
    (x) => `对${x.activity}违法场所的查封`,
    (x) => `对拒不履行处罚决定的${x.subject}加处罚款`,
    (x) => `对${x.subject}违法使用的设施设备的扣押`,
    (x) => `责令${x.subject}暂停${x.activity}活动`,
  ],
  '06': [
    (x) => `对${x.subject}的监督检查`,
    (x) => `${x.activity}安全监督检查`,
    (x) => `${x.activity}质量监督抽查`,
    (x) => `对${x.subject}许可条件保持情况的检查`,
    (x) => `${x.activity}领域专项执法检查`,
    (x) => `对${x.subject}落实主体责任情况的检查`,
  ],
  '07': [(x) => `${x.activity}从业人员资格认定`, (x) => `${x.subject}等级评定`, (x) => `${x.activity}有关事项确认`],
  '08': [(x) => `对在${x.activity}工作中作出突出贡献的单位和个人的奖励`, (x) => `对举报${x.activity}违法行为有功人员的奖励`],
  '10': [
    (x) => `${x.activity}备案`,
    (x) => `${x.subject}年度报告公示`,
    (x) => `对${x.subject}的约谈`,
    (x) => `${x.subject}信用评价`,
    (x) => `${x.activity}相关证明出具`,
  ],
};

function parseActivities(v: DepartmentVocabulary): Activity[] {
  return v.activities.map((entry) => {
    const [activity = entry, subject] = entry.split('|');
    return { activity, subject: subject ?? `${activity}单位` };
  });
}

/** The activity a listed name is about, so its legal basis talks about the right thing. */
function activityFor(rng: Rng, name: string, activities: Activity[]): Activity {
  return activities.find((a) => name.includes(a.activity.slice(0, 2))) ?? rng.pick(activities);
}

/** Candidate main items of one type for a department, in random order. */
function candidatesFor(rng: Rng, typeCode: string, v: DepartmentVocabulary, activities: Activity[]): Candidate[] {
  const out: Candidate[] = [];
  const fromList = (names: readonly string[] | undefined, subs: string[] = []) => {
    for (const name of names ?? []) out.push({ name, subs, activity: activityFor(rng, name, activities) });
  };
  const fromTemplates = (subs: (name: string) => string[]) => {
    for (const a of activities)
      for (const t of templates[typeCode] ?? []) {
        const name = t(a);
        out.push({ name, subs: subs(name), activity: a });
      }
  };
  switch (typeCode) {
    case '01':
      fromList(v.licences, licenceSubs);
      fromTemplates(() => licenceSubs);
      break;
    case '04':
      fromList(v.levies);
      break;
    case '05':
      fromList(v.benefits);
      break;
    case '06':
      fromTemplates(() => inspectionSubs);
      break;
    case '07':
      fromList(v.confirmations);
      fromTemplates(() => []);
      break;
    case '09':
      for (const dispute of v.disputes ?? [])
        out.push({ name: `${dispute}裁决`, subs: [], activity: { activity: dispute, subject: '当事人' } });
      break;
    case '10':
      fromTemplates((name) => (name.endsWith('备案') ? filingSubs : []));
      break;
    default:
      fromTemplates(() => []);
  }
  return rng.shuffle(out);
}

interface Violation {
  violation: string;
  activity: Activity;
  /** Index into violationFamilies; -1 for a department's specific violations, which stand alone. */
  family: number;
}

/** Penalties: standalone 对…的行政处罚 items, or one main item per activity and family with the violations as sub-items. */
function penaltyCandidates(rng: Rng, v: DepartmentVocabulary, activities: Activity[]): Violation[] {
  const out: Violation[] = [];
  for (const violation of v.violations ?? []) out.push({ violation, activity: activityFor(rng, violation, activities), family: -1 });
  for (const a of activities)
    violationFamilies.forEach((f, family) => {
      for (const make of f.make) out.push({ violation: make(a), activity: a, family });
    });
  return rng.shuffle(out);
}

interface Emitted {
  name: string;
  sub: string | null;
  typeCode: PowerTypeCode;
  main: number;
  subNumber: number;
  activity: Activity;
  violation?: string | undefined;
}

class MainNumbers {
  private next = new Map<string, number>();
  take(typeCode: string): number {
    const n = (this.next.get(typeCode) ?? 0) + 1;
    // The basic code has three digits for the main item; running out would break code uniqueness.
    if (n > 999) throw new Error(`power item seed: more than 999 main items of type ${typeCode}`);
    this.next.set(typeCode, n);
    return n;
  }
}

/** Generates one department's items of one type, up to `quota`; returns what it made and the unused candidates. */
function fillType(
  rng: Rng,
  typeCode: PowerTypeCode,
  quota: number,
  pool: Candidate[],
  usedNames: Set<string>,
  numbers: MainNumbers,
): Emitted[] {
  const out: Emitted[] = [];
  const g = grouping[typeCode];
  while (out.length < quota && pool.length > 0) {
    const c = pool.shift()!;
    if (usedNames.has(c.name)) continue;
    usedNames.add(c.name);
    const remaining = quota - out.length;
    const main = numbers.take(typeCode);
    if (g && c.subs.length >= 2 && remaining >= 2 && rng.chance(g.p)) {
      const k = Math.min(remaining, c.subs.length, rng.int(g.min, g.max));
      const subs = c.subs.slice(0, k);
      subs.forEach((s, i) =>
        out.push({ name: c.name, sub: s.startsWith('（') ? `${c.name}${s}` : s, typeCode, main, subNumber: i + 1, activity: c.activity }),
      );
    } else {
      out.push({ name: c.name, sub: null, typeCode, main, subNumber: 0, activity: c.activity });
    }
  }
  return out;
}

function fillPenalties(rng: Rng, quota: number, pool: Violation[], usedNames: Set<string>, numbers: MainNumbers): Emitted[] {
  const out: Emitted[] = [];
  const g = grouping['02']!;
  while (out.length < quota && pool.length > 0) {
    const first = pool.shift()!;
    const remaining = quota - out.length;
    const family = violationFamilies[first.family];
    const groupName = family && `对${first.activity.subject}违反${first.activity.activity}${family.label}规定行为的行政处罚`;
    if (groupName && remaining >= 2 && rng.chance(g.p) && !usedNames.has(groupName)) {
      const k = Math.min(remaining, rng.int(g.min, g.max));
      const members = [first];
      for (let i = 0; i < pool.length && members.length < k; ) {
        const candidate = pool[i]!;
        if (candidate.activity === first.activity && candidate.family === first.family) members.push(...pool.splice(i, 1));
        else i++;
      }
      if (members.length >= 2) {
        usedNames.add(groupName);
        const main = numbers.take('02');
        members.forEach((m, i) =>
          out.push({
            name: groupName,
            sub: `对${m.violation}的处罚`,
            typeCode: '02',
            main,
            subNumber: i + 1,
            activity: m.activity,
            violation: m.violation,
          }),
        );
        continue;
      }
    }
    const name = `对${first.violation}的行政处罚`;
    if (usedNames.has(name)) continue;
    usedNames.add(name);
    out.push({ name, sub: null, typeCode: '02', main: numbers.take('02'), subNumber: 0, activity: first.activity, violation: first.violation });
  }
  return out;
}

/** Largest-remainder rounding, so quotas add up to exactly `total`. */
export function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]! += 1;
    left--;
  }
  return out;
}

const pad3 = (n: number) => String(n).padStart(3, '0');

/** The division that plausibly handles an item: one named after its activity, the enforcement unit for penalties, the approvals division for licences. */
function divisionFor(rng: Rng, v: DepartmentVocabulary, typeCode: string, activity: string): string {
  const key = activity.slice(0, 2);
  const named = v.divisions.find((d) => d.includes(key));
  if (named && rng.chance(0.7)) return named;
  if (typeCode === '02' || typeCode === '03') {
    const enforcement = v.divisions.find((d) => /执法|稽查|监察|监督/.test(d));
    if (enforcement && rng.chance(0.6)) return enforcement;
  }
  if (typeCode === '01') {
    const approvals = v.divisions.find((d) => d.includes('审批'));
    if (approvals && rng.chance(0.6)) return approvals;
  }
  return named ?? rng.pick(v.divisions);
}

/** The whole municipal list: ~`total` items over the departments, about `unclaimedShare` of them without an owner. */
export function generatePowerList(rng: Rng, total = 8000, unclaimedShare = 0.015): PowerList {
  const numbers = new MainNumbers();
  const quotas = apportion(
    departments.map((d) => d.itemWeight),
    total,
  );
  const emittedByDept: { dept: SeedDepartment; emitted: Emitted[] }[] = [];
  const spareNames = new Map<string, SparePowerName[]>();

  departments.forEach((dept, index) => {
    const v = vocabulary[dept.code];
    if (!v) throw new Error(`power item seed: no vocabulary for ${dept.code}`);
    const r = rng.fork(dept.code);
    const activities = parseActivities(v);
    const available = typeCodes.filter((t) => {
      if (t === '04') return (v.levies ?? []).length > 0;
      if (t === '05') return (v.benefits ?? []).length > 0;
      if (t === '09') return (v.disputes ?? []).length > 0;
      return true;
    });
    const typeQuota = apportion(
      available.map((t) => typeWeights[t] ?? 0),
      quotas[index] ?? 0,
    );
    const usedNames = new Set<string>();
    const pools = new Map<string, Candidate[]>(available.filter((t) => t !== '02').map((t) => [t, candidatesFor(r, t, v, activities)]));
    const penaltyPool = penaltyCandidates(r, v, activities);
    const emitted: Emitted[] = [];
    let shortfall = 0;
    available.forEach((t, i) => {
      const quota = typeQuota[i] ?? 0;
      const made =
        t === '02' ? fillPenalties(r, quota, penaltyPool, usedNames, numbers) : fillType(r, t, quota, pools.get(t)!, usedNames, numbers);
      emitted.push(...made);
      shortfall += quota - made.length;
    });
    // Small lists (levies, benefits) run dry: the rest goes to the plentiful types.
    for (const t of ['06', '10', '02', '07', '03'] as const) {
      if (shortfall <= 0) break;
      const made =
        t === '02' ? fillPenalties(r, shortfall, penaltyPool, usedNames, numbers) : fillType(r, t, shortfall, pools.get(t) ?? [], usedNames, numbers);
      emitted.push(...made);
      shortfall -= made.length;
    }
    emittedByDept.push({ dept, emitted });
    const spare: SparePowerName[] = [];
    for (const t of ['01', '10', '07', '06'] as const)
      for (const c of pools.get(t) ?? []) if (!usedNames.has(c.name)) spare.push({ name: c.name, typeCode: t });
    spareNames.set(dept.code, spare);
  });

  const items: SeedPowerItem[] = [];
  const allDepartmentNames = departments.map((d) => d.shortName);
  for (const { dept, emitted } of emittedByDept) {
    const v = vocabulary[dept.code]!;
    const r = rng.fork(`${dept.code}/details`);
    for (const e of emitted) {
      const source = r.weighted([
        ['statutory', 90],
        ['delegated_from_above', 7],
        ['entrusted', 3],
      ] as const);
      const fullName = e.sub ?? e.name;
      const topic = `${e.activity.activity} ${e.activity.subject} ${fullName}`;
      const laws = lawsAbout(v, topic);
      items.push({
        departmentCode: dept.code,
        claimed: true,
        basicCode: `4401${e.typeCode}${pad3(e.main)}${pad3(e.subNumber)}`,
        name: e.name,
        subItemName: e.sub,
        typeCode: e.typeCode,
        legalBasis: legalBasis(
          r,
          laws.fitting,
          e.typeCode,
          { activity: e.activity.activity, subject: e.activity.subject, regulator: v.regulator, name: fullName, violation: e.violation },
          source === 'delegated_from_above',
          laws.named[0],
        ),
        level: r.chance(0.88) ? 3 : 7,
        handlingDivision: divisionFor(r, v, e.typeCode, e.activity.activity),
        coImplementers: r.chance(0.06) ? r.pick(allDepartmentNames.filter((n) => n !== dept.shortName)) : null,
        responsibilitySteps: responsibilitySteps[e.typeCode] ?? [],
        accountability: accountability(e.typeCode, fullName),
        source,
        activity: e.activity.activity,
      });
    }
  }

  // After the 2019 institutional reform some items had no owner until a unit claimed them (认领).
  const unclaimedCount = Math.round(items.length * unclaimedShare);
  for (const item of rng.fork('unclaimed').sample(items, unclaimedCount)) {
    item.claimed = false;
    item.handlingDivision = null;
  }
  return { items, spareNames };
}
