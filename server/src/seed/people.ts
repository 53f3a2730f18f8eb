import { Rng } from './random.ts';
import { departments, districts, evaluator, leadOffice, reviewBodies } from './units.ts';
import type { role } from '@devolve/db';

export type SeedRole = (typeof role.enumValues)[number];

export interface SeedUser {
  username: string;
  displayName: string;
  unitCode: string;
  roles: SeedRole[];
}

/** Common surnames, with a Cantonese flavour (梁, 麦, 冼, 区, 欧阳). */
const surnames = [
  '陈', '李', '黄', '张', '梁', '刘', '林', '何', '王', '吴', '罗', '郑', '谢', '冯', '邓', '曾', '彭', '蔡', '许', '杨',
  '钟', '叶', '朱', '周', '苏', '卢', '潘', '徐', '胡', '马', '麦', '冼', '谭', '温', '骆', '欧阳', '区', '廖', '邱', '余',
];
const givenChars = '志伟建华文明国强晓燕丽娟敏静海涛嘉欣家豪颖慧思婷俊杰子轩雅琪永健伟雄少芬秀英惠玲浩然锦荣卓颖宇航昊天美玲立新振东'.split('');

function personName(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const given = rng.chance(0.2) ? rng.pick(givenChars) : rng.pick(givenChars) + rng.pick(givenChars);
    const name = rng.pick(surnames) + given;
    if (!taken.has(name) && given[0] !== given[1]) {
      taken.add(name);
      return name;
    }
  }
}

/**
 * Every demo user: the team, one submitter per department, one liaison per district. Names come from
 * a fixed stream, not the seed option, so the printed demo accounts hold for every seed.
 */
export function seedUsers(): SeedUser[] {
  const rng = new Rng(20190708);
  const taken = new Set<string>();
  const u = (username: string, unitCode: string, roles: SeedRole[]): SeedUser => ({
    username,
    displayName: personName(rng, taken),
    unitCode,
    roles,
  });
  return [
    u('coordinator', leadOffice.code, ['coordinator']),
    // The special team (精简工作专班) is seconded from the three review bodies.
    u('reviewer1', reviewBodies.establishment.code, ['reviewer']),
    u('reviewer2', reviewBodies.establishment.code, ['reviewer']),
    u('reviewer3', reviewBodies.justice.code, ['reviewer']),
    u('reviewer4', reviewBodies.serviceData.code, ['reviewer']),
    u('reviewer5', reviewBodies.serviceData.code, ['reviewer']),
    u('legal1', reviewBodies.justice.code, ['legal_reviewer']),
    u('approver', leadOffice.code, ['approver']),
    u('observer', evaluator.code, ['observer']),
    ...departments.map((d) => u(d.code.toLowerCase(), d.code, ['submitter'])),
    ...districts.map((d) => u(`district-${d.code}`, d.code, ['district_liaison'])),
  ];
}

export const demoPassword = 'devolve-demo';

export interface DemoAccount {
  username: string;
  password: string;
  roles: string[];
  unitName: string;
  displayName: string;
  /** zh-CN: what to try with the account. */
  description: string;
}

const descriptions: Record<string, string> = {
  coordinator: '市政府办公厅统筹人员：在「年度工作」中设置年度安排和各阶段截止时间，批量征求意见，处理事项认领，督办催办，跟踪承接情况、成效评估和年度报告，填报并发布任务20季度进展；在审查队列中分派审核人员。',
  reviewer1: '精简工作专班（市委编办）：在审核队列中初审、复核精简意见，分类表决、评论、退回修改。',
  reviewer2: '精简工作专班（市委编办）：与 reviewer1 同时打开同一条意见，体验多人协同批注和分类表决。',
  reviewer3: '精简工作专班（市司法局）：参与初审和复核，关注取消、下放事项的法律依据。',
  reviewer4: '精简工作专班（市政务服务数据管理局）：参与初审和复核，核对事项编码和服务目录数据。',
  reviewer5: '精简工作专班（市政务服务数据管理局）：参与初审和复核，处理被 @ 提及的评论。',
  legal1: '市司法局合法性审查人员：对拟取消、下放事项出具合法性审查意见（合法 / 附条件合法 / 不合法）。',
  approver: '市委、市政府审定：对形成的精简清单作出最终批准或不予批准的决定。',
  observer: '第三方评估机构：只读查看全部数据，在「成效评估」中录入对各单位和整体精简成效的评估意见（工作年度进入承接阶段后开放）。',
  'gz-scjgj': '市市场监管局报送人：事项最多的部门，查看本单位精简意见，修改被退回的意见，确认审核结果，认领未认领事项。',
  'gz-zjj': '市住房城乡建设局报送人：查看本单位意见及专班评论，回复共享评论。',
  'gz-jtj': '市交通运输局报送人：查看下放事项的审核和征求意见进度。',
  'district-440106': '天河区联络员：答复下放、委托事项的征求意见（承接能力、编制、系统需求），跟踪本区承接进度。',
  'district-440115': '南沙区联络员：答复征求意见，更新承接准备情况（放得下、接得住、管得好）。',
  'district-440117': '从化区联络员：体验“区里接不住”的情形，在承接记录中标注受阻原因。',
};

/** The accounts printed at start: one per role, the five reviewers, a few submitters and district liaisons. */
export function demoAccountsFrom(users: SeedUser[], unitNames: Map<string, string>): DemoAccount[] {
  return Object.keys(descriptions).map((username) => {
    const user = users.find((x) => x.username === username);
    if (!user) throw new Error(`demo account ${username} is not a seeded user`);
    return {
      username,
      password: demoPassword,
      roles: [...user.roles],
      unitName: unitNames.get(user.unitCode) ?? user.unitCode,
      displayName: user.displayName,
      description: descriptions[username] ?? '',
    };
  });
}
