import type { proposalAction } from '@devolve/db';

type Action = (typeof proposalAction.enumValues)[number];

/** How server-written Chinese text names each action (取消, 下放, …): page metadata, forms, demo text. */
export const actionNamesZh: Record<Action, string> = {
  cancel: '取消',
  delegate: '下放',
  entrust: '委托',
  merge: '合并',
  adjust: '调整',
  retain: '保留',
  add: '新增',
};
