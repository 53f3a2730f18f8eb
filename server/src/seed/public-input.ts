import type { SeedPowerItem } from './power-items.ts';
import { isDistrictAction, type PlannedProposal } from './proposals.ts';
import type { Rng } from './random.ts';
import { cst, workTime } from './time.ts';
import { departments, districts } from './units.ts';

export interface PlannedPublicComment {
  proposalIndex: number | null;
  authorName: string | null;
  body: string;
  status: 'received' | 'accepted' | 'dismissed';
  at: number;
}

const authors = ['市民陈先生', '市民李女士', '某餐饮企业负责人', '广州市某律师事务所', '某物流公司', '天河区居民', '番禺区某企业', '人大代表联络站', null, null];

/** 社会公众意见 during the public consultation window (late November to early December 2019). */
export function planPublicComments(rng: Rng, proposals: PlannedProposal[], items: SeedPowerItem[], count = 30): PlannedPublicComment[] {
  const published = proposals
    .map((_, i) => i)
    .filter((i) => {
      const p = proposals[i]!;
      return p.itemIndex !== null && p.timeline.some((t) => t.stage === 'consultation' || t.stage === 'unit_confirmation') && (isDistrictAction(p.action) || p.action === 'cancel');
    });
  const general = [
    '建议公布精简清单时同步公布办事指南和咨询电话。',
    '希望下放事项在各区的办理标准、材料和时限保持一致。',
    '建议对取消的事项加强事中事后监管，防止出现监管空白。',
    '建议在“穗好办”上同步更新事项信息。',
    '精简后请及时更新各区政务服务中心的窗口指引。',
  ];
  return Array.from({ length: count }, (_, k): PlannedPublicComment => {
    const at = workTime(rng, cst(2019, 11, 20), cst(2019, 12, 10));
    const status = rng.weighted([
      ['received', 50],
      ['accepted', 30],
      ['dismissed', 20],
    ] as const);
    if (k % 6 === 5 || published.length === 0)
      return { proposalIndex: null, authorName: rng.pick(authors), body: rng.pick(general), status, at };
    const proposalIndex = rng.pick(published);
    const p = proposals[proposalIndex]!;
    const item = items[p.itemIndex!]!;
    const name = item.subItemName ?? item.name;
    const district = rng.pick(districts).shortName;
    const body =
      p.action === 'cancel'
        ? rng.pick([
            `支持取消“${name}”，这个事项材料多、时间长，取消后能减轻企业负担。`,
            `“${name}”取消后由谁来监管？建议明确后续监管部门。`,
          ])
        : rng.pick([
            `建议尽快将“${name}”下放到区里办理，我们企业在${district}，每次到市里办事来回要半天。`,
            `“${name}”下放后，希望区里的审批标准和市里保持一致，不要各区各搞一套。`,
            `担心“${name}”下放后区里人手不够，办理时间反而变长，请做好承接准备。`,
          ]);
    return { proposalIndex, authorName: rng.pick(authors), body, status, at };
  });
}

export const thirdPartyEvaluation = {
  score: 4,
  at: cst(2019, 12, 27, 16),
  summary: [
    '受市政府办公厅委托，本院对2019年市级行政权力事项精简工作进行了第三方评估。',
    '一、总体情况。44个市直单位分类报送精简意见7580项，专班完成初审、复核，市司法局开展合法性审查，并征求各区、各部门及社会公众意见，形成市级行政权力事项精简初步清单；35项市级行政权力下放区实施。',
    '二、主要成效。精简工作程序规范、分工明确，取消、下放事项以直接面向基层、量大面广、风险可控的事项为主，方便企业和群众就近办事。',
    '三、存在问题。部分区在编制、信息系统对接和专业人员方面承接能力不足，个别下放事项承接进度滞后；部分单位报送意见理由不够充分，需多次退回补充。',
    '四、建议。建立下放事项承接情况跟踪机制，市级部门加强业务培训和指导；对承接受阻的事项设置过渡期；将权责清单动态调整纳入常态化管理。',
  ].join('\n'),
};

export interface PlannedClaim {
  itemIndex: number;
  departmentCode: string;
  status: 'pending' | 'rejected';
  reason: string;
  decisionNote: string | null;
  at: number;
  decidedAt: number | null;
}

/** 认领: a few departments have asked to own unclaimed items; most requests are pending, some were turned down. */
export function planClaims(rng: Rng, items: SeedPowerItem[], count = 12): PlannedClaim[] {
  const unclaimed = items.map((item, i) => (item.claimed ? -1 : i)).filter((i) => i >= 0);
  return rng.sample(unclaimed, count).map((itemIndex, k): PlannedClaim => {
    const item = items[itemIndex]!;
    const rejected = k % 4 === 3;
    // A rejected claim came from the wrong department; pending ones from the natural owner.
    const departmentCode = rejected ? rng.pick(departments.filter((d) => d.code !== item.departmentCode)).code : item.departmentCode;
    const owner = departments.find((d) => d.code === item.departmentCode)!;
    const at = workTime(rng, cst(2019, 10, 15), cst(2019, 12, 20));
    return {
      itemIndex,
      departmentCode,
      status: rejected ? 'rejected' : 'pending',
      reason: rng.pick(['机构改革后该职责划入本单位，申请认领。', '该事项与本单位现有职责直接相关，申请认领。', '根据“三定”规定，该事项由本单位实施。']),
      decisionNote: rejected ? `该事项职责已划入${owner.shortName}，请相应单位认领。` : null,
      at,
      decidedAt: rejected ? at + 3 * 24 * 3_600_000 : null,
    };
  });
}
