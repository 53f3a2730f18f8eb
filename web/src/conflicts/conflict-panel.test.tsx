import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictPanel } from './conflict-panel.tsx';
import type { Side } from './field-diff.ts';

afterEach(cleanup);

describe('the shared conflict panel', () => {
  it('lists the fields that differ side by side, lets the person choose per field, and takes the focus', () => {
    const [sides, setSides] = createSignal<Record<string, Side>>({ rationale: 'mine', targetDistricts: 'theirs' });
    let saved = 0;
    render(() => (
      <ConflictPanel
        heading="这条意见已被他人修改"
        intro="请逐项选择"
        mineLabel="我的填写"
        theirsLabel="对方已保存"
        rows={[
          { key: 'rationale', label: '精简理由', mine: '我的理由', theirs: '对方的理由' },
          { key: 'targetDistricts', label: '承接的区', mine: null, theirs: ['天河区', '南沙区'] },
        ]}
        noChange="没有不同"
        choice={{ chosen: (key) => sides()[key] ?? 'mine', choose: (key, side) => setSides((now) => ({ ...now, [key]: side })) }}
        actions={
          <button type="button" onClick={() => saved++}>
            按所选保存
          </button>
        }
      />
    ));
    const panel = screen.getByRole('region', { name: '这条意见已被他人修改' });
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: '这条意见已被他人修改' }));
    const rows = within(panel).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.querySelectorAll('th, td.was, td.now')].map((cell) => cell.textContent))).toEqual([
      ['精简理由', '我的理由', '对方的理由'],
      ['承接的区', '—', '天河区和南沙区'],
    ]);
    const rationale = within(panel).getByRole('group', { name: '精简理由：保留哪一个' });
    expect((within(rationale).getByRole('radio', { name: '保留我的' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(rationale).getByRole('radio', { name: '采用对方的' }));
    expect(sides()).toEqual({ rationale: 'theirs', targetDistricts: 'theirs' });
    fireEvent.click(within(panel).getByRole('button', { name: '按所选保存' }));
    expect(saved).toBe(1);
  });

  it('says so when nothing differs, and offers no choice where the person does not choose field by field', () => {
    render(() => (
      <ConflictPanel heading="已被他人修改" intro="请查看" mineLabel="您开始时" theirsLabel="现在" rows={[]} noChange="没有可见的字段变化" actions={<span />} />
    ));
    expect(screen.getByText('没有可见的字段变化')).toBeTruthy();
    expect(screen.queryByRole('radio')).toBeNull();
  });
});
