import { type PowerTypeCode, proposalAction, proposalStage, proposalStatus } from '@devolve/db';
import { apportion, type SeedPowerItem, type SparePowerName } from './power-items.ts';
import type { Transition } from '../proposals/lifecycle.ts';
import type { Rng } from './random.ts';
import { cst, day, laterThan, workTime } from './time.ts';
import { departments, districts, nonSubmittingDepartmentCode } from './units.ts';
import { lawsAbout, vocabulary } from './vocabulary.ts';

export type ProposalAction = (typeof proposalAction.enumValues)[number];
export type ProposalStage = (typeof proposalStage.enumValues)[number];
export type ProposalStatus = (typeof proposalStatus.enumValues)[number];

/** A proposal before it has a database id; items are referred to by their index in the power list. */
export interface PlannedProposal {
  departmentCode: string;
  itemIndex: number | null;
  typeCode: PowerTypeCode;
  action: ProposalAction;
  targetDistrictCodes: string[];
  mergeIntoItemIndex: number | null;
  proposedItemName: string | null;
  /** The item's name as people say it: its sub-item, its name, or the name of the item to add. */
  itemName: string;
  rationale: string;
  changeLegalBasis: string | null;
  attachments: { title: string; ref: string }[];
  stage: ProposalStage;
  status: ProposalStatus;
  /** When the proposal entered each stage it reached, in path order ('draft' = created). */
  timeline: { stage: ProposalStage; at: number }[];
  /** Its moves along the lifecycle since it was created, in order. */
  path: PlannedStep[];
  /** When it was returned or withdrawn, if it was. */
  statusChangedAt: number | null;
  createdAt: number;
  submittedAt: number | null;
  decidedAt: number | null;
  updatedAt: number;
}

/**
 * The figures the seed page quotes, and the brief's spread over the campaign's path: 7,580
 * proposals submitted (报送) by 44 departments, and besides them a few drafts still in their
 * departments, which nobody outside the department sees or counts until submitted.
 */
export const proposalTotal = 7580;
export const draftTotal = 100;
export const approvedDelegations = 35;
const rejectedDelegations = 15;
const addShare = 0.03;
const returnedShare = 0.04;
const withdrawnCount = 23;
/** Proposals past a review stage that were once returned there and resubmitted. */
const revisedShare = 0.05;

const stageCounts: Record<Exclude<ProposalStage, 'decided' | 'draft'>, number> = {
  submitted: 1600,
  initial_review: 2500,
  legality_review: 1200,
  recheck: 800,
  consultation: 300,
  unit_confirmation: 300,
  approval: 150,
};

/** The stages in the order a proposal passes them (the schema's enum is declared in that order). */
export const stageOrder: readonly ProposalStage[] = proposalStage.enumValues;

export const stageRank = (stage: ProposalStage) => stageOrder.indexOf(stage);

/** Consultation is only for handing powers to districts. */
export const isDistrictAction = (action: ProposalAction) => action === 'delegate' || action === 'entrust';

/** The 2019 round's calendar: when proposals entered each stage (穗府办函〔2019〕106号 opened submission in July). */
const stageWindows: Record<Exclude<ProposalStage, 'draft' | 'submitted'>, [number, number]> = {
  initial_review: [cst(2019, 10, 8), cst(2019, 10, 31)],
  legality_review: [cst(2019, 10, 21), cst(2019, 11, 15)],
  recheck: [cst(2019, 11, 4), cst(2019, 11, 25)],
  consultation: [cst(2019, 11, 18), cst(2019, 12, 6)],
  unit_confirmation: [cst(2019, 12, 2), cst(2019, 12, 13)],
  approval: [cst(2019, 12, 9), cst(2019, 12, 18)],
  decided: [cst(2019, 12, 16), cst(2019, 12, 24)],
};

/** One move along the lifecycle, in story time; actors and reasons are the review plan's (review-work.ts). */
export interface PlannedStep {
  transition: Transition;
  at: number;
  /** Where it leaves the proposal. */
  to: { stage: ProposalStage; status: ProposalStatus };
}

/** The stage each forward move enters, in path order; consultation only for district actions. */
const forwardMoves: readonly { transition: Transition; to: ProposalStage }[] = [
  { transition: 'submit', to: 'submitted' },
  { transition: 'start_review', to: 'initial_review' },
  { transition: 'pass_initial_review', to: 'legality_review' },
  { transition: 'complete_legality_review', to: 'recheck' },
  { transition: 'pass_recheck', to: 'consultation' },
  { transition: 'close_consultation', to: 'unit_confirmation' },
  { transition: 'confirm', to: 'approval' },
  { transition: 'approve', to: 'decided' },
];

/**
 * The moves that take a new draft to where the story leaves it: forward stage by stage (each in
 * its window of the 2019 calendar), perhaps sent back once on the way (returned, then resubmitted),
 * then returned, withdrawn or rejected where it ends so. Every step is one the lifecycle allows
 * (the seed check walks them through lifecycle.ts).
 */
function lifecyclePath(
  rng: Rng,
  target: { stage: ProposalStage; status: ProposalStatus; action: ProposalAction; sentBackAt: 'initial_review' | 'recheck' | null },
): { createdAt: number; steps: PlannedStep[] } {
  const steps: PlannedStep[] = [];
  // Drafts still open at year end were mostly started late, after the September deadline.
  const createdAt =
    target.stage === 'draft' ? workTime(rng, cst(2019, 9, 2), cst(2019, 12, 20)) : workTime(rng, cst(2019, 7, 16), cst(2019, 9, 24));
  let t = createdAt;
  let stage: ProposalStage = 'draft';
  for (const move of forwardMoves) {
    if (stage === target.stage) break;
    const to = move.to === 'consultation' && !isDistrictAction(target.action) ? 'unit_confirmation' : move.to;
    if (move.transition === 'close_consultation' && stage !== 'consultation') continue;
    if (move.transition === 'approve' && target.status !== 'approved') break;
    const [from, until] = move.to === 'submitted' ? [t + day / 4, Math.min(t + 6 * day, cst(2019, 9, 30, 18))] : stageWindows[to as keyof typeof stageWindows];
    // Sent back once on the way, and resubmitted a few days later, before moving on.
    if (stage === target.sentBackAt) {
      const returnedAt = laterThan(rng, t, t, Math.max(t, from - 4 * day));
      steps.push({ transition: 'return', at: returnedAt, to: { stage, status: 'returned' } });
      t = laterThan(rng, returnedAt, returnedAt + day, returnedAt + 5 * day);
      steps.push({ transition: 'resubmit', at: t, to: { stage, status: 'active' } });
    }
    t = laterThan(rng, t, from, until);
    stage = to;
    steps.push({ transition: move.transition, at: t, to: { stage, status: move.transition === 'approve' ? 'approved' : 'active' } });
  }
  const ending = { returned: 'return', withdrawn: 'withdraw', rejected: 'reject' } as const;
  if (target.status in ending) {
    const status = target.status as keyof typeof ending;
    const [from, until] = status === 'rejected' ? stageWindows.decided : [t + day / 2, t + 10 * day];
    t = laterThan(rng, t, from, until);
    steps.push({ transition: ending[status], at: t, to: status === 'rejected' ? { stage: 'decided', status } : { stage, status } });
  }
  return { createdAt, steps };
}

function districtList(codes: string[]): string {
  if (codes.length === districts.length) return '各区';
  const names = codes.map((c) => districts.find((d) => d.code === c)?.shortName ?? c);
  return names.length <= 3 ? names.join('、') : `${names.slice(0, 3).join('、')}等${names.length}个区`;
}

interface TextContext {
  typeCode: PowerTypeCode;
  itemName: string;
  activity: string;
  districtText: string;
  mergeTarget: string;
  division: string;
  law: string;
}

function rationale(rng: Rng, action: ProposalAction, c: TextContext): string {
  const volume = rng.int(20, 3000);
  const options: Record<ProposalAction, string[]> = {
    cancel: [
      `该事项设定依据已于2019年修订，原设定条款已删除，本单位已无实施依据，建议取消。`,
      // The State Council's 2019 decision cancelled licences, so only licences cite it.
      c.typeCode === '01'
        ? `根据《国务院关于取消和下放一批行政许可事项的决定》（国发〔2019〕6号），“${c.itemName}”已由国务院决定取消，建议同步取消。`
        : `该事项依据的规范性文件已废止，继续实施缺乏依据，建议取消。`,
      `该事项近三年办件量为零，${c.activity}领域的风险可通过事中事后监管有效防控，建议取消，改为加强日常监督检查。`,
      `该事项与省级部门实施的同类事项重复，取消后不影响${c.activity}管理，建议取消。`,
    ],
    delegate: [
      `该事项直接面向基层、量大面广，由区级实施更便于企业和群众就近办理。经与${c.districtText}沟通，相关区已具备承接条件，建议下放至${c.districtText}实施。`,
      `按照方便群众办事、权责利对等的原则，建议将该事项下放至${c.districtText}实施，市级部门负责制定标准、业务指导和监督检查。`,
      `近三年该事项年均办件量约${volume}件，多数申请人在区内，建议下放至${c.districtText}实施，减少企业往返市、区两级。`,
    ],
    entrust: [
      `该事项专业性较强，暂不具备整体下放条件，建议委托${c.districtText}实施，市级保留决定权并加强业务指导和监督。`,
      `根据省政府有关决定，该事项可委托区级实施。为方便群众就近办理，建议委托${c.districtText}以本单位名义实施。`,
    ],
    merge: [
      `该事项与“${c.mergeTarget}”办理条件、申请材料和办理流程相近，建议合并为一个事项实施，减少办事环节。`,
      `该事项与“${c.mergeTarget}”属同一管理环节的不同阶段，建议合并，实行“一次申请、一并办理”。`,
    ],
    adjust: [
      `根据2019年机构改革职能调整，该事项承办机构已变更，建议调整承办机构为${c.division}。`,
      `该事项设定依据已修订，建议按新条款调整事项名称和实施依据，与省级目录保持一致。`,
      `建议调整事项名称为规范表述，与省政务服务事项目录保持一致，便于“一网通办”。`,
      `该事项行使层级应调整为分级行使，建议明确市、区两级职责分工。`,
    ],
    retain: [
      `该事项涉及公共安全和人民群众生命财产安全，法律法规明确由市级实施，建议保留。`,
      `该事项办件量较大且专业性强，区级暂不具备承接条件，建议保留由市级实施。`,
      `该事项为法定职责，经逐项梳理不具备取消、下放条件，建议保留。`,
    ],
    add: [
      `根据${c.law}的规定，本单位应当承担“${c.itemName}”职责，现行权责清单未列入，建议新增。`,
      `2019年机构改革后，原由其他部门实施的“${c.itemName}”职责划入本单位，建议新增该事项。`,
    ],
  };
  return rng.pick(options[action]);
}

function changeLegalBasis(rng: Rng, action: ProposalAction, law: string, typeCode: PowerTypeCode): string | null {
  switch (action) {
    case 'cancel':
      return typeCode === '01'
        ? rng.pick([
            '《国务院关于取消和下放一批行政许可事项的决定》（国发〔2019〕6号）',
            '《国务院关于取消一批行政许可事项的决定》（国发〔2017〕46号）',
            `${law}（2019年修正）`,
          ])
        : rng.pick([`${law}（2019年修正）`, '《广东省人民政府关于取消和调整一批行政职权事项的决定》（粤府令第264号）']);
    case 'delegate':
      return rng.pick([
        '《广东省人民政府关于将一批省级行政职权事项调整由各地级以上市实施的决定》（粤府令第270号）',
        '《广州市人民政府关于深化“放管服”改革进一步优化营商环境的若干措施》',
        `${law}；《中华人民共和国行政许可法》第十五条`,
      ]);
    case 'entrust':
      return rng.pick(['《中华人民共和国行政许可法》第二十四条', '《中华人民共和国行政处罚法》第十八条', `${law}；《中华人民共和国行政许可法》第二十四条`]);
    case 'merge':
      return '《国务院关于在全国推开“证照分离”改革的通知》（国发〔2018〕35号）';
    case 'adjust':
      return rng.pick(['《中共广州市委 广州市人民政府关于广州市机构改革的实施意见》', `${law}（2019年修正）`]);
    case 'add':
      return law;
    default:
      return rng.chance(0.2) ? law : null;
  }
}

/**
 * 7,580 submitted proposals from 44 departments and 100 drafts, one per item, spread over the path
 * as the brief describes.
 */
export function planProposals(rng: Rng, items: SeedPowerItem[], spareNames: Map<string, SparePowerName[]>): PlannedProposal[] {
  const submitting = departments.filter((d) => d.code !== nonSubmittingDepartmentCode);
  const addTotal = Math.round(proposalTotal * addShare);
  const itemTotal = proposalTotal - addTotal;

  // Which items get a proposal: claimed items of the submitting departments, in list order.
  const eligible = items.map((item, index) => ({ item, index })).filter(({ item }) => item.claimed && item.departmentCode !== nonSubmittingDepartmentCode);
  const chosen = new Set(rng.sample(eligible, itemTotal).map((e) => e.index));
  // The plans: items of the submitting departments that have no submitted proposal.
  const draftItems = new Set(
    rng
      .fork('drafts')
      .sample(
        eligible.filter((e) => !chosen.has(e.index)),
        draftTotal,
      )
      .map((e) => e.index),
  );

  // Adds, spread by department size but never more than a department has spare names for.
  const addQuota = apportion(
    submitting.map((d) => eligible.filter((e) => e.item.departmentCode === d.code).length),
    addTotal,
  ).map((q, i) => Math.min(q, spareNames.get(submitting[i]!.code)?.length ?? 0));
  for (let i = 0, missing = addTotal - addQuota.reduce((a, b) => a + b, 0); missing > 0; i = (i + 1) % submitting.length) {
    const room = (spareNames.get(submitting[i]!.code)?.length ?? 0) - addQuota[i]!;
    if (room > 0) {
      addQuota[i]!++;
      missing--;
    }
  }

  const itemsByDept = new Map<string, number[]>();
  items.forEach((item, index) => {
    if (!item.claimed) return;
    const list = itemsByDept.get(item.departmentCode) ?? [];
    list.push(index);
    itemsByDept.set(item.departmentCode, list);
  });

  type Plan = Omit<PlannedProposal, 'stage' | 'status' | 'timeline' | 'path' | 'itemName' | 'statusChangedAt' | 'createdAt' | 'submittedAt' | 'decidedAt' | 'updatedAt' | 'rationale'> & {
    text: TextContext;
  };
  const plans: Plan[] = [];
  const actionRng = rng.fork('actions');
  submitting.forEach((dept, deptIndex) => {
    const v = vocabulary[dept.code]!;
    const own = itemsByDept.get(dept.code) ?? [];
    for (const index of own) {
      if (!chosen.has(index) && !draftItems.has(index)) continue;
      const item = items[index]!;
      const action = actionRng.weighted([
        ['retain', 35],
        ['adjust', 25],
        ['cancel', 15],
        ['delegate', 10],
        ['entrust', 5],
        ['merge', 7],
      ] as const);
      let mergeIntoItemIndex: number | null = null;
      if (action === 'merge') {
        const sameType = own.filter((i) => i !== index && items[i]!.typeCode === item.typeCode);
        mergeIntoItemIndex = actionRng.pick(sameType.length > 0 ? sameType : own.filter((i) => i !== index));
      }
      const targetDistrictCodes = isDistrictAction(action)
        ? actionRng.chance(0.35)
          ? districts.map((d) => d.code)
          : actionRng
              .sample(districts, actionRng.int(1, districts.length - 1))
              .map((d) => d.code)
              .sort()
        : [];
      const laws = lawsAbout(v, `${item.activity} ${item.subItemName ?? item.name}`).fitting;
      const mergeTarget = mergeIntoItemIndex === null ? '' : (items[mergeIntoItemIndex]!.subItemName ?? items[mergeIntoItemIndex]!.name);
      plans.push({
        departmentCode: dept.code,
        itemIndex: index,
        typeCode: item.typeCode,
        action,
        targetDistrictCodes,
        mergeIntoItemIndex,
        proposedItemName: null,
        changeLegalBasis: changeLegalBasis(actionRng, action, actionRng.pick(laws), item.typeCode),
        attachments: [],
        text: {
          typeCode: item.typeCode,
          itemName: item.subItemName ?? item.name,
          activity: item.activity,
          districtText: districtList(targetDistrictCodes),
          mergeTarget,
          division: actionRng.pick(v.divisions),
          law: actionRng.pick(laws),
        },
      });
    }
    for (const spare of actionRng.sample(spareNames.get(dept.code) ?? [], addQuota[deptIndex] ?? 0)) {
      const law = actionRng.pick(lawsAbout(v, spare.name).fitting);
      plans.push({
        departmentCode: dept.code,
        itemIndex: null,
        typeCode: spare.typeCode,
        action: 'add',
        targetDistrictCodes: [],
        mergeIntoItemIndex: null,
        proposedItemName: spare.name,
        changeLegalBasis: changeLegalBasis(actionRng, 'add', law, spare.typeCode),
        attachments: [],
        text: { typeCode: spare.typeCode, itemName: spare.name, activity: '', districtText: '', mergeTarget: '', division: '', law },
      });
    }
  });
  if (plans.length !== proposalTotal + draftTotal) {
    throw new Error(`proposal seed: planned ${plans.length} proposals, expected ${proposalTotal + draftTotal}`);
  }
  const isDraft = (i: number) => plans[i]!.itemIndex !== null && draftItems.has(plans[i]!.itemIndex!);

  // Stages with exact counts. 50 delegations are decided (35 approved: the seed page's figure);
  // consultation only holds delegations and entrustments.
  const stageRng = rng.fork('stages');
  const stages: ProposalStage[] = new Array<ProposalStage>(plans.length);
  const approvedSet = new Set<number>();
  const taken = new Set(plans.map((_, i) => i).filter(isDraft));
  for (const i of taken) stages[i] = 'draft';
  const delegateIdx = stageRng.shuffle(plans.map((p, i) => (p.action === 'delegate' && !isDraft(i) ? i : -1)).filter((i) => i >= 0));
  const decidedDelegations = delegateIdx.slice(0, approvedDelegations + rejectedDelegations);
  decidedDelegations.forEach((i, k) => {
    stages[i] = 'decided';
    if (k < approvedDelegations) approvedSet.add(i);
  });
  for (const i of decidedDelegations) taken.add(i);
  const districtIdx = stageRng.shuffle(plans.map((p, i) => (isDistrictAction(p.action) && !taken.has(i) ? i : -1)).filter((i) => i >= 0));
  for (const i of districtIdx.slice(0, stageCounts.consultation)) {
    stages[i] = 'consultation';
    taken.add(i);
  }
  const labels: ProposalStage[] = [];
  for (const [stage, count] of Object.entries(stageCounts) as [ProposalStage, number][])
    if (stage !== 'consultation') for (let k = 0; k < count; k++) labels.push(stage);
  const rest = plans.map((_, i) => i).filter((i) => !taken.has(i));
  while (labels.length < rest.length) labels.push('decided');
  const shuffledLabels = stageRng.shuffle(labels);
  rest.forEach((i, k) => (stages[i] = shuffledLabels[k]!));

  // Statuses: decided ones approved or rejected; ~4% returned for revision at the initial review
  // or the re-check (the only stages a reviewer returns from); a few withdrawn while submitted.
  const statusRng = rng.fork('statuses');
  const statuses: ProposalStatus[] = plans.map((_, i) => {
    if (stages[i] !== 'decided') return 'active';
    if (plans[i]!.action === 'delegate') return approvedSet.has(i) ? 'approved' : 'rejected';
    return statusRng.chance(0.85) ? 'approved' : 'rejected';
  });
  const returnable = plans.map((_, i) => i).filter((i) => stages[i] === 'initial_review' || stages[i] === 'recheck');
  const returned = new Set(statusRng.sample(returnable, Math.round(proposalTotal * returnedShare)));
  for (const i of returned) statuses[i] = 'returned';
  // Withdrawn after submission: still counted as submitted (报送), like the returned ones.
  const withdrawable = plans.map((_, i) => i).filter((i) => stages[i] === 'submitted');
  for (const i of statusRng.sample(withdrawable, withdrawnCount)) statuses[i] = 'withdrawn';

  const timeRng = rng.fork('timeline');
  const textRng = rng.fork('texts');
  return plans.map((plan, i): PlannedProposal => {
    const stage = stages[i]!;
    const status = statuses[i]!;
    // The approver turns delegations down (the districts could not take them); other rejections
    // happen where a reviewer stops them.
    const rejectedFrom =
      status !== 'rejected'
        ? null
        : plan.action === 'delegate'
          ? 'approval'
          : timeRng.weighted([
              ['initial_review', 4],
              ['recheck', 3],
              ['approval', 3],
            ] as const);
    const sentBackAt = timeRng.chance(revisedShare) ? timeRng.pick(['initial_review', 'recheck'] as const) : null;
    const path = lifecyclePath(timeRng, { stage: rejectedFrom ?? stage, status, action: plan.action, sentBackAt });
    const timeline: { stage: ProposalStage; at: number }[] = [{ stage: 'draft', at: path.createdAt }];
    for (const step of path.steps) if (step.to.stage !== timeline[timeline.length - 1]!.stage) timeline.push({ stage: step.to.stage, at: step.at });
    const last = path.steps[path.steps.length - 1]?.at ?? path.createdAt;
    const statusChangedAt = status === 'returned' || status === 'withdrawn' ? last : null;
    const submitted = timeline.find((t) => t.stage === 'submitted');
    const dept = departments.find((d) => d.code === plan.departmentCode)!;
    const attachments: { title: string; ref: string }[] = [];
    if (textRng.chance(0.3))
      attachments.push({ title: `${dept.shortName}行政权力事项精简意见表.xlsx`, ref: `attachments/2019/${dept.code}/jjyj-${String(i + 1).padStart(5, '0')}.xlsx` });
    if (isDistrictAction(plan.action) && textRng.chance(0.6))
      attachments.push({ title: '下放（委托）事项承接能力评估表.docx', ref: `attachments/2019/${dept.code}/cjnl-${String(i + 1).padStart(5, '0')}.docx` });
    const { text, ...fields } = plan;
    return {
      ...fields,
      itemName: text.itemName,
      rationale: rationale(textRng, plan.action, text),
      attachments,
      stage,
      status,
      timeline,
      path: path.steps,
      statusChangedAt,
      createdAt: path.createdAt,
      submittedAt: submitted?.at ?? null,
      decidedAt: stage === 'decided' ? last : null,
      updatedAt: last,
    };
  });
}
