import { isDistrictAction, type PlannedProposal } from './proposals.ts';
import type { Rng } from './random.ts';
import { between, cst, day, demoNow, isoDate } from './time.ts';
import type { districtStance, handoverStatus } from '@devolve/db';

export type Stance = (typeof districtStance.enumValues)[number];

export interface PlannedFeedback {
  districtCode: string;
  stance: Stance | null;
  staffingNeeds: string | null;
  systemsNeeds: string | null;
  trainingNeeds: string | null;
  fundingNeeds: string | null;
  capacityNotes: string | null;
  comments: string | null;
  respondedAt: number | null;
}

export interface PlannedConsultation {
  proposalIndex: number;
  openedAt: number;
  deadline: number;
  status: 'open' | 'closed';
  closedAt: number | null;
  feedback: PlannedFeedback[];
}

const staffing = ['需增加编制2名', '需增加审批人员3名', '需从市级部门抽调业务骨干支援3个月', '现有人员可以承接', '需增加执法人员4名'];
const systems = ['需对接省政务服务平台', '需开通市级业务审批系统区级账号', '需完成电子证照系统对接', '需打通市、区两级数据共享接口'];
const training = ['需市级部门组织业务培训', '需安排跟班学习1个月', '需提供审批标准和办事指南模板'];
const funding = ['需增加经费约20万元', '需配套执法装备经费', '需增加窗口运行经费约15万元/年'];
const capacity = [
  '区政务服务中心已设置综合窗口，具备承接条件。',
  '区内办件量较大，需同步下放相关监管职责。',
  '区相关部门已完成人员配备，可在下放后一个月内对外受理。',
  '承接需与区内现有审批流程整合，建议设置三个月过渡期。',
];
const agreeComments = ['同意下放，本区已做好承接准备。', '同意。', '同意，建议市级部门做好业务指导。'];
const conditionalComments = ['原则同意，但需市级部门先完成系统对接和人员培训。', '同意，建议设置过渡期，过渡期内由市级部门派员指导。', '同意，但需同步下放相应的监管和执法职责。'];
const disagreeComments = [
  '本区目前无专业技术人员，暂不具备承接条件，建议暂缓下放。',
  '该事项在本区办件量极少，下放后难以形成专业能力，不同意下放。',
  '市里放权、区里接不住：编制和系统均未落实，建议待条件成熟后再下放。',
];

function answer(rng: Rng, stance: Stance, at: number, districtCode: string): PlannedFeedback {
  const maybe = (p: number, list: string[]) => (rng.chance(p) ? rng.pick(list) : null);
  const needy = stance !== 'agree';
  return {
    districtCode,
    stance,
    staffingNeeds: maybe(needy ? 0.75 : 0.15, staffing),
    systemsNeeds: maybe(needy ? 0.7 : 0.2, systems),
    trainingNeeds: maybe(needy ? 0.5 : 0.2, training),
    fundingNeeds: maybe(needy ? 0.4 : 0.05, funding),
    capacityNotes: maybe(0.6, capacity),
    comments: rng.pick(stance === 'agree' ? agreeComments : stance === 'agree_with_conditions' ? conditionalComments : disagreeComments),
    respondedAt: at,
  };
}

function unanswered(districtCode: string): PlannedFeedback {
  return {
    districtCode,
    stance: null,
    staffingNeeds: null,
    systemsNeeds: null,
    trainingNeeds: null,
    fundingNeeds: null,
    capacityNotes: null,
    comments: null,
    respondedAt: null,
  };
}

/**
 * A consultation for every delegation or entrustment that reached the consultation stage: one feedback
 * row per target district, all answered once the stage is over, some still open at the stage itself.
 */
export function planConsultations(rng: Rng, proposals: PlannedProposal[]): PlannedConsultation[] {
  const out: PlannedConsultation[] = [];
  proposals.forEach((p, proposalIndex) => {
    const i = p.timeline.findIndex((t) => t.stage === 'consultation');
    if (i < 0) return;
    const entered = p.timeline[i]!.at;
    // Closing the stage closes the consultation (close_consultation). One still open at the story's
    // "now" was opened lately and runs past it: a deadline already passed would have been closed.
    const closedAt = p.timeline[i + 1]?.at ?? null;
    const openedAt =
      closedAt === null ? Math.max(entered, demoNow - rng.int(2, 9) * day) + rng.int(5, 60) * 60_000 : entered + rng.int(5, 60) * 60_000;
    const deadline = closedAt === null ? openedAt + 14 * day : openedAt + 10 * day;
    const rejected = p.status === 'rejected';
    // A rejected delegation had at least one district that could not take the power over.
    const disagreeing = rejected ? new Set(rng.sample(p.targetDistrictCodes, rng.int(1, Math.max(1, Math.ceil(p.targetDistrictCodes.length / 2))))) : new Set<string>();
    // Of the consultations still open, most have every answer in and await the coordinator's close.
    const allAnswered = closedAt === null && rng.chance(0.6);
    const feedback = p.targetDistrictCodes.map((code) => {
      const stance: Stance = disagreeing.has(code)
        ? 'disagree'
        : p.status === 'approved'
          ? rng.chance(0.7)
            ? 'agree'
            : 'agree_with_conditions'
          : rng.weighted([
              ['agree', 60],
              ['agree_with_conditions', 32],
              ['disagree', 8],
            ] as const);
      if (closedAt !== null) return answer(rng, stance, between(rng, openedAt, closedAt), code);
      return allAnswered || rng.chance(0.55) ? answer(rng, stance, between(rng, openedAt, demoNow), code) : unanswered(code);
    });
    out.push({ proposalIndex, openedAt, deadline, status: closedAt === null ? 'open' : 'closed', closedAt, feedback });
  });
  return out;
}

export type HandoverStatus = (typeof handoverStatus.enumValues)[number];

export interface PlannedHandover {
  proposalIndex: number;
  districtCode: string;
  status: HandoverStatus;
  staffingReady: boolean;
  systemsReady: boolean;
  trainingDone: boolean;
  notes: string | null;
  plannedOn: string | null;
  takenOverAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** Whether the district liaison has reported on it since approval created it (untouched, it is as created). */
  updatedByDistrict: boolean;
}

/** What a handover holds when approval creates it (the table's defaults). */
const asCreated = { status: 'preparing', staffingReady: false, systemsReady: false, trainingDone: false, notes: null, plannedOn: null } as const;

/** The district's one report on a handover, as updateHandover records it: each field it changed, before and after. */
export function handoverReport(h: PlannedHandover): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changed = (Object.keys(asCreated) as (keyof typeof asCreated)[]).filter((key) => h[key] !== asCreated[key]);
  return {
    before: Object.fromEntries(changed.map((key) => [key, asCreated[key]])),
    after: Object.fromEntries(changed.map((key) => [key, h[key]])),
  };
}

const blockedNotes = [
  '区级审批系统尚未与省政务服务平台打通，暂无法受理。',
  '承接所需编制尚未落实，暂缓承接。',
  '市级部门尚未移交历史档案和在办件，无法开展审批。',
  '专业技术人员不足，需市级部门派员支持。',
];
const preparingNotes = ['正在组织业务培训。', '已制定承接工作方案，正在落实人员。', '正在开通业务系统账号。', null];
const readyNotes = ['人员、系统已到位，待市级部门移交档案。', '已完成培训和系统测试，具备受理条件。'];

/** 承接: one handover per approved delegation or entrustment and target district (as approval creates them); readiness is tracked, not assumed. */
export function planHandovers(rng: Rng, proposals: PlannedProposal[]): PlannedHandover[] {
  const out: PlannedHandover[] = [];
  const yearEnd = demoNow;
  proposals.forEach((p, proposalIndex) => {
    if (!isDistrictAction(p.action) || p.status !== 'approved') return;
    for (const districtCode of p.targetDistrictCodes) {
      // 从化 and 南沙 are where "the district can't take it" shows in the demo.
      const blockedWeight = districtCode === '440117' || districtCode === '440115' ? 30 : 8;
      const status = rng.weighted([
        ['preparing', 35],
        ['ready', 30],
        ['taken_over', 25],
        ['blocked', blockedWeight],
      ] as const);
      const createdAt = p.decidedAt!;
      const done = status === 'ready' || status === 'taken_over';
      const staffingReady = done || rng.chance(0.5);
      const systemsReady = done || (status === 'preparing' && rng.chance(0.4));
      const takenOverAt = status === 'taken_over' ? between(rng, createdAt + 2 * day, yearEnd) : null;
      const updatedByDistrict = status !== 'preparing' || rng.chance(0.5);
      const report = {
        status,
        staffingReady,
        systemsReady,
        trainingDone: done || rng.chance(0.3),
        notes:
          status === 'blocked'
            ? rng.pick(blockedNotes)
            : status === 'preparing'
              ? rng.pick(preparingNotes)
              : status === 'ready'
                ? rng.pick(readyNotes)
                : '已正式承接并对外受理。',
        plannedOn: isoDate(cst(2020, rng.int(1, 3), rng.int(1, 28))),
      };
      out.push({
        proposalIndex,
        districtCode,
        // Readiness, notes and a date come only from the district's report.
        ...(updatedByDistrict ? report : asCreated),
        takenOverAt,
        createdAt,
        updatedAt: takenOverAt ?? (updatedByDistrict ? between(rng, createdAt, yearEnd) : createdAt),
        updatedByDistrict,
      });
    }
  });
  return out;
}
