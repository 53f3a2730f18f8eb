import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { Client, fetchExchange } from '@urql/core';
import { Provider } from '@urql/solid';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BulkBar } from './bulk-actions.tsx';
import type { QueueRow } from './queue-query.ts';

afterEach(cleanup);

// jsdom has no modal dialogs: open and close are enough here (the browser tests use the real ones).
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

const row = (id: string, stage: string) =>
  ({ id, version: 2, stage, status: 'ACTIVE', powerItem: { basicCode: `C${id}`, name: `事项${id}` }, proposedItemName: null }) as unknown as QueueRow;

/** The bar over `rows`, against a server that answers every move with success for each item; the requests are kept. */
function renderBar(rows: QueueRow[]) {
  const requests: { variables: { input: { transition: string; reason: string | null } } }[] = [];
  const client = new Client({
    url: 'http://devolve.test/graphql',
    exchanges: [fetchExchange],
    fetch: async (_url, init) => {
      const body = JSON.parse(String(init?.body));
      requests.push(body);
      const results = body.variables.input.items.map((item: { proposalId: string }) => ({ proposalId: item.proposalId, ok: true, error: null }));
      const data = { bulkTransitionProposals: { __typename: 'BulkTransitionResult', succeeded: results.length, failed: 0, results } };
      return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
    },
  });
  render(() => (
    <Provider value={client}>
      <BulkBar
        rows={rows}
        abilities={{ assign: false, classify: false, transitions: ['APPROVE', 'REJECT'] }}
        team={[]}
        classificationOptions={[]}
        onClear={() => {}}
        onDone={() => {}}
      />
    </Provider>
  ));
  fireEvent.click(screen.getByRole('button', { name: '变更阶段…' }));
  return requests;
}

describe('bulk moves', () => {
  it('name rejection by the rows’ stage: 不予批准 at 审定, the table’s word when the stages differ', () => {
    renderBar([row('1', 'APPROVAL'), row('2', 'APPROVAL')]);
    expect(screen.getByRole('option', { name: '不予批准' })).toBeTruthy();
    cleanup();
    renderBar([row('1', 'APPROVAL'), row('2', 'RECHECK')]);
    expect(screen.queryByRole('option', { name: '不予批准' })).toBeNull();
    expect(screen.getByRole('option', { name: '不予通过' })).toBeTruthy();
  });

  it('ask for confirmation, with the note, before anything is sent', async () => {
    const requests = renderBar([row('1', 'APPROVAL'), row('2', 'APPROVAL')]);
    fireEvent.change(screen.getByLabelText('操作'), { target: { value: 'APPROVE' } });
    fireEvent.input(screen.getByLabelText('理由（可选）'), { target: { value: '经审定同意。' } });
    const apply = () => fireEvent.click(within(screen.getByRole('dialog', { name: '变更 2 条意见的阶段' })).getAllByRole('button', { name: '确定' })[0]!);
    apply();

    const question = screen.getByRole('dialog', { name: '对所选 2 条意见执行“批准”？' });
    expect(question.hasAttribute('open')).toBe(true);
    expect(question.textContent).toContain('此操作提交后不可撤销。');
    expect(requests).toEqual([]);
    fireEvent.click(within(question).getByRole('button', { name: '返回修改' }));
    expect(question.hasAttribute('open')).toBe(false);
    expect(requests).toEqual([]);

    apply();
    fireEvent.click(within(question).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]!.variables.input).toMatchObject({ transition: 'APPROVE', reason: '经审定同意。' });
  });
});
