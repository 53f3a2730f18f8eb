import { cleanup, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/locale.ts';
import { KeyTaskSection } from './key-task.tsx';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const task = {
  id: 'S2V5VGFzazox',
  year: 2019,
  number: 20,
  title: '继续推进简政放权，再精简和下放一批行政许可备案事项，完善政府部门权责清单。',
  leadUnit: { id: 'VW5pdDox', shortName: '市政府办公厅', nameEn: 'General Office' },
  quarters: [
    {
      quarter: 1,
      goals: ['制订 2019 年广州市简政放权工作方案。'],
      progress: { status: 'ON_TRACK' as const, items: ['制定了工作方案。', '做好前期准备相关工作。'], reportedAt: '2019-04-12T02:00:00Z' },
    },
    { quarter: 2, goals: ['组织开展评估。', '调整完善权责清单。', '形成下放清单。'], progress: null },
    { quarter: 3, goals: ['合法性审查。', '汇总上报审定。'], progress: null },
    {
      quarter: 4,
      goals: ['协调做好承接工作。'],
      progress: { status: 'DONE' as const, items: ['35项市级行政权力继续下放区实施。'], reportedAt: '2020-01-10T02:00:00Z' },
    },
  ],
};

const figures = {
  proposalsSubmitted: 7480,
  unitsSubmitting: 44,
  proposalsDecided: 730,
  delegationsApproved: 35,
  cancellationsApproved: 93,
  unclaimedItems: 120,
  handoversTotal: 273,
  handoversTakenOver: 70,
};

describe('key task section', () => {
  it('lays the task out like the seed page: goals per quarter, then each quarter’s status and achievements', () => {
    render(() => (
      <KeyTaskSection task={task} leadUnit="市政府办公厅" cooperatingUnits={['市委编办', '市司法局']} figures={figures} />
    ));
    const section = screen.getByRole('region', { name: '任务20' });
    expect(within(section).getByText(task.title).getAttribute('lang')).toBe('zh-CN');
    expect(within(section).getByText('市委编办和市司法局')).toBeTruthy();

    const goalRows = within(section).getAllByRole('row').slice(1);
    expect(goalRows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      '第一季度',
      '第二季度',
      '第三季度',
      '第四季度',
    ]);
    // One goal is a sentence; several are numbered, as on the page.
    expect(within(goalRows[0]!).queryAllByRole('listitem')).toHaveLength(0);
    expect(within(goalRows[1]!).getAllByRole('listitem')).toHaveLength(3);

    const q1 = within(section).getByRole('article', { name: '第一季度' });
    expect(within(q1).getByText('按计划推进中。')).toBeTruthy();
    expect(within(q1).getAllByRole('listitem').map((li) => li.textContent)).toEqual(task.quarters[0]!.progress!.items);
    expect(within(section).getByRole('article', { name: '第二季度' }).textContent).toContain('尚未报送进展。');
    expect(within(section).getByRole('article', { name: '第四季度' }).textContent).toContain('已完成。');

    const live = within(section).getByRole('complementary', { name: '系统实时统计' });
    expect(live.textContent).toContain('44 个市直单位报送精简意见 7,480 项。');
    expect(live.textContent).toContain('批准取消 93 项，批准下放区实施 35 项。');

    // 打印 prints the report alone; 下载 Word links the server's .docx of the same task.
    const actions = within(section).getByRole('group', { name: '打印或下载进展情况' });
    expect(within(actions).getByRole('button', { name: '打印' })).toBeTruthy();
    expect(within(actions).getByRole('link', { name: '下载 Word' }).getAttribute('href')).toBe('/documents/key-tasks/2019/20.docx');
  });

  it('switches its headings and statuses to English and keeps the Chinese records as they are', () => {
    render(() => <KeyTaskSection task={task} leadUnit="General Office" cooperatingUnits={[]} figures={undefined} />);
    setLocale('en');
    const section = screen.getByRole('region', { name: 'Key task 20' });
    expect(within(section).getByRole('heading', { name: 'Goals for the year, by quarter' })).toBeTruthy();
    expect(within(section).getByRole('article', { name: 'Q4' }).textContent).toContain('Done.');
    expect(within(section).getByText(task.title)).toBeTruthy();
    // No cooperating units and no live figures: neither is shown empty.
    expect(within(section).queryByText('Cooperating units')).toBeNull();
    expect(within(section).queryByRole('complementary')).toBeNull();
  });
});
