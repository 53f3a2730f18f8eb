import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { type ActivityEntry, activitySentence } from './activity-sentence.ts';

afterEach(() => setLocale('zh-CN'));

const vocabulary: Record<string, [string, string]> = {
  agree_delegate: ['同意下放', 'Agree to delegate to districts'],
  retain: ['保留', 'Retain'],
};
const context = {
  classificationLabel: (code: string) => vocabulary[code]?.[document.documentElement.lang === 'en' ? 1 : 0] ?? code,
};

const reviewer = { displayName: '杨家豪', unit: { shortName: '市委编办' } };
const entry = (action: string, after: unknown = null, before: unknown = null, actor: ActivityEntry['actor'] = reviewer) => ({
  action,
  actor,
  before,
  after,
});
const text = (e: ActivityEntry) => activitySentence(e, context).text;

/**
 * Every catalogue action recorded about a proposal (`m.record` in server/src, which the demo seed
 * writes the same way), with a snapshot of the shape each one stores.
 */
const recordedActions: ActivityEntry[] = [
  entry('proposal.created', { action: 'delegate', stage: 'draft' }),
  entry('proposal.updated', { action: 'delegate', targetDistrictIds: [5, 6], version: 3 }),
  entry('proposal.transitioned', { transition: 'return', stage: 'recheck', status: 'returned', version: 4, reason: '请补充依据' }),
  entry('proposal.classified', { classificationCode: 'agree_delegate' }),
  entry('proposal.assigned', { assigneeIds: [2, 6, 3] }),
  entry('proposal.unassigned', { assigneeIds: [2] }),
  entry('classification.voted', { code: 'retain', version: 2 }, { code: 'agree_delegate', version: 1 }),
  entry('review.recorded', { verdict: 'lawful_with_conditions', version: 5 }),
  entry('consultation.opened', { deadline: '2020-01-06T01:00:00.000Z', districtIds: [5, 6], proposalVersion: 7 }),
  entry('consultation.closed', { status: 'closed' }),
  entry('consultation.closed', { status: 'closed', reason: 'deadline' }, null, null),
  entry('consultation.answered', { stance: 'agree_with_conditions' }),
  entry('comment_thread.started', { anchor: 'RATIONALE', visibility: 'INTERNAL' }),
  entry('comment.created', { threadId: 9, mentionedUserIds: [] }),
  entry('comment.edited', { threadId: 9 }),
  entry('comment_thread.resolved', { resolved: true }),
  entry('comment_thread.reopened', null),
  entry('handover.created', { status: 'preparing' }),
  entry('handover.updated', { status: 'blocked' }),
  entry('handover.commented', { note: '请于1月10日前落实编制' }),
  entry('power_item.changed', { status: 'delegated', version: 2 }),
  entry('public_comment.received', null, null, null),
  entry('public_comment.accepted', { status: 'accepted', reply: '感谢您的意见' }, { status: 'received', reply: null }),
  entry('public_comment.dismissed', { status: 'dismissed', reply: null }, { status: 'accepted', reply: '感谢' }),
];

describe('activitySentence', () => {
  it('has its own sentence for every action recorded about a proposal, in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      setLocale(locale);
      for (const e of recordedActions) {
        const sentence = text(e);
        expect(sentence, e.action).not.toContain(e.action);
        expect(sentence, e.action).not.toMatch(/undefined|null|\[object/);
      }
    }
  });

  it('has a sentence for each catalogue action it covers, and none for actions outside the catalogue', () => {
    for (const gone of ['proposal.submitted', 'proposal.stage_changed', 'proposal.decided', 'proposal.returned', 'proposal.withdrawn']) {
      expect(text(entry(gone, { stage: 'submitted' }))).toBe(`杨家豪（市委编办）：${gone}`);
    }
  });

  it('names the actor with their unit and labels stages, transitions and statuses as the interface does', () => {
    const returned = activitySentence(
      entry('proposal.transitioned', { transition: 'return', stage: 'recheck', status: 'returned', reason: '请补充依据' }),
      context,
    );
    expect(returned).toEqual({ text: '杨家豪（市委编办）执行“退回修改”，意见现处于复核（已退回）', detail: '请补充依据' });

    setLocale('en');
    expect(activitySentence(entry('proposal.transitioned', { transition: 'pass_recheck', stage: 'consultation', status: 'active' }), context)).toEqual({
      text: '杨家豪 (市委编办): Pass recheck; the proposal is now at Consultation (Active)',
      detail: null,
    });
  });

  it('uses the campaign vocabulary for classifications, and says when a vote changed', () => {
    expect(text(entry('classification.voted', { code: 'agree_delegate' }))).toBe('杨家豪（市委编办）分类表决：“同意下放”');
    expect(text(entry('classification.voted', { code: 'retain' }, { code: 'agree_delegate' }))).toBe(
      '杨家豪（市委编办）将分类表决由“同意下放”改为“保留”',
    );
    setLocale('en');
    expect(text(entry('proposal.classified', { classificationCode: 'retain' }))).toBe(
      '杨家豪 (市委编办) set the final classification to “Retain”',
    );
  });

  it('reads the opinions, answers and counts the log stores', () => {
    expect(text(entry('review.recorded', { verdict: 'lawful' }))).toBe('杨家豪（市委编办）出具审查意见：合法');
    expect(text(entry('review.recorded', { stage: 'initial_review', verdict: 'approve' }))).toBe(
      '杨家豪（市委编办）在初审阶段出具意见：通过',
    );
    const liaison = { displayName: '蔡嘉娟', unit: { shortName: '南沙区' } };
    expect(text(entry('consultation.answered', { stance: 'disagree' }, null, liaison))).toBe('蔡嘉娟（南沙区）答复：不同意');
    expect(text(entry('consultation.opened', { deadline: '2019-12-06', districtIds: [1, 2, 3] }))).toBe(
      '杨家豪（市委编办）向 3 个区征求意见',
    );
    setLocale('en');
    expect(text(entry('consultation.opened', { districtIds: [1] }))).toBe('杨家豪 (市委编办) consulted 1 district');
    expect(text(entry('handover.updated', { status: 'taken_over' }))).toBe('杨家豪 (市委编办) updated a handover: Taken over');
    expect(text(entry('handover.updated', { notes: 'x' }))).toBe('杨家豪 (市委编办) updated a handover');
    expect(activitySentence(entry('handover.commented', { note: '请落实编制' }), context)).toEqual({
      text: '杨家豪 (市委编办) commented on a handover',
      detail: '请落实编制',
    });
  });

  it('speaks of the system or the public when nobody signed in acted', () => {
    expect(text(entry('power_item.changed', { status: 'cancelled' }, null, null))).toBe('权力事项状态变为“已取消”');
    expect(text(entry('public_comment.received', null, null, null))).toBe('收到一条社会公众意见');
    expect(activitySentence(entry('public_comment.accepted', { status: 'accepted', reply: '将统一标准' }), context)).toEqual({
      text: '杨家豪（市委编办）采纳了一条社会公众意见',
      detail: '将统一标准',
    });
    expect(text(entry('public_comment.dismissed', { status: 'dismissed', reply: null }))).toBe('杨家豪（市委编办）对一条社会公众意见不予采纳');
    expect(text(entry('consultation.closed', { status: 'closed' }, null, null))).toBe('系统结束了征求意见');
    expect(text(entry('consultation.closed', { status: 'closed', reason: 'deadline' }, null, null))).toBe('征求意见截止时间已到，系统自动结束了征求意见');
    expect(text(entry('consultation.closed', { status: 'closed' }))).toBe('杨家豪（市委编办）结束了征求意见');
    setLocale('en');
    expect(text(entry('consultation.closed', { status: 'closed' }, null, null))).toBe('The system closed the consultation');
    expect(text(entry('consultation.closed', { status: 'closed', reason: 'deadline' }, null, null))).toBe('The deadline passed: the system closed the consultation');
  });

  it('falls back to the action name for anything it does not know, and survives odd snapshots', () => {
    expect(text(entry('evaluation.created', null))).toBe('杨家豪（市委编办）：evaluation.created');
    expect(text(entry('proposal.transitioned', 'not an object'))).toBe('杨家豪（市委编办）执行“—”，意见现处于—（—）');
    expect(text(entry('proposal.transitioned', { transition: 'somewhere_new', stage: 'recheck', status: 'active' }))).toBe(
      '杨家豪（市委编办）执行“somewhere_new”，意见现处于复核（办理中）',
    );
  });
});
