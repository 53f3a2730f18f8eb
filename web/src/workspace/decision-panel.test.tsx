import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { Client, fetchExchange } from '@urql/core';
import { Provider } from '@urql/solid';
import { createSignal } from 'solid-js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DecisionPanel } from './decision-panel.tsx';
import type { Transition } from './decision.ts';
import { createEditing, type EditingControls } from './editing.ts';
import type { ProposalSnapshot } from './snapshot.ts';
import { type Workspace, WorkspaceContext, type WorkspaceProposal } from './workspace-context.ts';

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

const snapshot: ProposalSnapshot = {
  version: 3,
  stage: 'INITIAL_REVIEW',
  status: 'ACTIVE',
  action: 'CANCEL',
  targetDistricts: [],
  rationale: '该事项多年无办件。',
  changeLegalBasis: null,
  proposedItemName: null,
  mergeIntoItem: null,
  classificationCode: null,
  leadReviewer: null,
  assignees: [],
  myVote: null,
};

/** A GraphQL server that answers each request with the next canned answer, and keeps the requests. */
function fakeServer(answers: unknown[]) {
  const requests: { query: string; variables: { input: Record<string, unknown> } }[] = [];
  const client = new Client({
    url: 'http://devolve.test/graphql',
    exchanges: [fetchExchange],
    preferGetMethod: false,
    fetch: async (_url, init) => {
      requests.push(JSON.parse(String(init?.body)));
      return new Response(JSON.stringify({ data: answers.shift() }), { headers: { 'content-type': 'application/json' } });
    },
  });
  return { client, requests };
}

interface Step {
  kind: 'TRANSITION' | 'OPEN_CONSULTATION';
  transition: Transition | null;
  available: boolean;
  actorZh: string;
  actorEn: string;
  reasonZh: string | null;
  reasonEn: string | null;
}

function renderPanel(
  transitions: Transition[],
  answers: unknown[] = [],
  nextSteps: Step[] = [],
  viewerCan = { recordOpinion: false },
  approval?: { approvableDistrictIds: string[]; feedback: unknown[] },
) {
  const server = fakeServer(answers);
  const [current, setCurrent] = createSignal(snapshot);
  let edit!: EditingControls;
  render(() => {
    edit = createEditing({
      client: server.client,
      proposalId: 'P1',
      current,
      reload: async () => {},
      done: () => {},
    });
    // Only what the decision panel reads; the rest of the proposal does not matter here.
    const proposal = {
      id: 'P1',
      stage: approval ? 'APPROVAL' : 'INITIAL_REVIEW',
      status: 'ACTIVE',
      availableTransitions: transitions,
      approvableDistrictIds: approval?.approvableDistrictIds ?? [],
      nextSteps,
      viewerCan,
      targetDistricts: [
        { id: 'D1', shortName: '天河区' },
        { id: 'D2', shortName: '南沙区' },
      ],
    } as unknown as WorkspaceProposal;
    const workspace: Workspace = {
      proposal: () => proposal,
      deliberation: () => (approval ? ({ consultations: { nodes: [{ feedback: approval.feedback }] }, reviewRecords: { pageInfo: { hasPreviousPage: false }, nodes: [] } } as unknown as ReturnType<Workspace['deliberation']>) : undefined),
      snapshot: current,
      myUserId: () => 'me',
      hasRole: (role) => role === 'REVIEWER',
      classificationLabel: (code) => code,
      changed: () => false,
      edit,
      canComment: () => true,
      composeComment: () => {},
      openThreads: () => 0,
      reasonLimit: () => 2_000,
    };
    return (
      <Provider value={server.client}>
        <WorkspaceContext.Provider value={workspace}>
          <DecisionPanel />
        </WorkspaceContext.Provider>
      </Provider>
    );
  });
  return { requests: server.requests, edit: () => edit, setCurrent };
}

const conflict = {
  transitionProposal: {
    __typename: 'ConflictError',
    code: 'CONFLICT',
    messageZh: '已被他人修改',
    messageEn: 'Changed by someone else',
    currentVersion: 4,
  },
};

const waitingForDistricts: Step = {
  kind: 'TRANSITION',
  transition: 'CLOSE_CONSULTATION',
  available: false,
  actorZh: '牵头单位',
  actorEn: 'the coordinator',
  reasonZh: '由牵头单位办理；等待天河区、南沙区答复（未到截止时间）',
  reasonEn: 'To be done by the coordinator; Waiting for Tianhe, Nansha to answer (the deadline has not passed)',
};
const openConsultation: Step = {
  kind: 'OPEN_CONSULTATION',
  transition: null,
  available: true,
  actorZh: '牵头单位',
  actorEn: 'the coordinator',
  reasonZh: null,
  reasonEn: null,
};

describe('next steps in the decision panel', () => {
  it('says who must act and why when the viewer has nothing to do', () => {
    renderPanel([], [], [waitingForDistricts]);
    expect(screen.getByText('您目前没有可执行的操作。')).toBeTruthy();
    expect(screen.getByRole('heading', { name: '待他人办理' })).toBeTruthy();
    const item = screen.getByRole('listitem');
    expect(item.textContent).toBe('结束征求意见 由牵头单位办理；等待天河区、南沙区答复（未到截止时间）');
  });

  it('lets the coordinator open a consultation of the chosen districts with a deadline', async () => {
    const opened = { openConsultation: { __typename: 'Consultation', id: 'C1', proposal: null } };
    const { requests } = renderPanel([], [opened], [openConsultation, { ...waitingForDistricts, reasonZh: '尚未向各区征求意见' }]);
    expect(screen.queryByText('您目前没有可执行的操作。')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '征求意见' }));

    const tianhe = screen.getByRole('checkbox', { name: '天河区' }) as HTMLInputElement;
    const nansha = screen.getByRole('checkbox', { name: '南沙区' }) as HTMLInputElement;
    // The proposal's target districts, all of them unless the coordinator leaves some out.
    expect([tianhe.checked, nansha.checked]).toEqual([true, true]);
    fireEvent.click(nansha);
    fireEvent.click(tianhe);
    fireEvent.click(screen.getByRole('button', { name: '发起征求意见' }));
    expect(screen.getByRole('alert').textContent).toBe('请至少选择一个区');
    expect(requests).toEqual([]);

    fireEvent.click(tianhe);
    fireEvent.input(screen.getByLabelText('答复截止日期'), { target: { value: '2999-01-31' } });
    fireEvent.click(screen.getByRole('button', { name: '发起征求意见' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: '征求意见' })).toBeNull());
    expect(requests).toHaveLength(1);
    expect(requests[0]!.variables.input).toEqual({
      proposalId: 'P1',
      districtIds: ['D1'],
      deadline: new Date('2999-01-31T23:59:59').toISOString(),
    });
  });
});

describe('decision panel', () => {
  it('offers exactly the transitions the server computed, and nothing when there are none', () => {
    renderPanel(['PASS_INITIAL_REVIEW', 'RETURN', 'REJECT']);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['初审通过', '退回修改', '不予通过']);
    cleanup();
    renderPanel([]);
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(screen.getByText('您目前没有可执行的操作。')).toBeTruthy();
  });

  it('asks for the reason of a return in place, and sends nothing until it is given', async () => {
    const { requests, edit } = renderPanel(['PASS_INITIAL_REVIEW', 'RETURN', 'REJECT'], [conflict]);
    fireEvent.click(screen.getByRole('button', { name: '退回修改' }));

    const reason = screen.getByLabelText('理由') as HTMLTextAreaElement;
    expect(reason.required).toBe(true);
    // While the form is open, the other transitions wait.
    expect(screen.queryByRole('button', { name: '初审通过' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '确认：退回修改' }));
    expect(screen.getByRole('alert').textContent).toBe('请填写理由');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(reason.getAttribute('aria-describedby')?.split(' ')).toContain(screen.getByRole('alert').id);
    expect(requests).toEqual([]);

    fireEvent.input(reason, { target: { value: '  请补充法律依据 ' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '确认：退回修改' }));
    await waitFor(() => expect(edit().editing()?.phase).toBe('conflict'));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.variables.input).toEqual({
      proposalId: 'P1',
      transition: 'RETURN',
      expectedVersion: 3,
      reason: '请补充法律依据',
    });
    // The conflict keeps what was typed; sending again waits for the person's choice.
    expect(edit().editing()?.draft).toEqual({ kind: 'transition', transition: 'RETURN', reason: '  请补充法律依据 ' });
    expect((screen.getByRole('button', { name: '确认：退回修改' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('treats the note of a passing decision as optional', async () => {
    const passed = { transitionProposal: { __typename: 'Proposal', id: 'P1' } };
    const { requests, edit } = renderPanel(['PASS_INITIAL_REVIEW', 'RETURN'], [passed]);
    fireEvent.click(screen.getByRole('button', { name: '初审通过' }));
    expect((screen.getByLabelText('说明（可选）') as HTMLTextAreaElement).required).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: '确认：初审通过' }));
    await waitFor(() => expect(edit().editing()).toBeNull());
    expect(requests[0]!.variables.input).toEqual({ proposalId: 'P1', transition: 'PASS_INITIAL_REVIEW', expectedVersion: 3 });
  });

  it('shows the server’s refusals: beside the reason when it names it, above the buttons otherwise', async () => {
    const invalidReason = {
      transitionProposal: {
        __typename: 'ValidationError',
        code: 'VALIDATION',
        messageZh: '不能超过 2000 个字符',
        messageEn: 'At most 2000 characters',
        field: 'input.reason',
      },
    };
    const notNow = {
      transitionProposal: {
        __typename: 'InvalidTransitionError',
        code: 'INVALID_TRANSITION',
        messageZh: '请先确定最终分类',
        messageEn: 'Set the final classification first',
      },
    };
    renderPanel(['RETURN'], [invalidReason, notNow]);
    fireEvent.click(screen.getByRole('button', { name: '退回修改' }));
    const reason = screen.getByLabelText('理由');
    fireEvent.input(reason, { target: { value: '无实际办件' } });
    fireEvent.click(screen.getByRole('button', { name: '确认：退回修改' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('不能超过 2000 个字符'));
    expect(reason.getAttribute('aria-describedby')?.split(' ')).toContain(screen.getByRole('alert').id);

    fireEvent.click(screen.getByRole('button', { name: '确认：退回修改' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('请先确定最终分类'));
    expect(reason.getAttribute('aria-invalid')).toBe('false');
    expect((reason as HTMLTextAreaElement).value).toBe('无实际办件');
  });

  it('says why a refusal that stands was refused, and offers no retry and no conflict panel', async () => {
    const notNow = {
      transitionProposal: {
        __typename: 'InvalidTransitionError',
        code: 'INVALID_TRANSITION',
        messageZh: '该意见处于“合法性审查”，不能执行此操作',
        messageEn: 'Not possible at the legality review',
      },
    };
    const { requests, edit, setCurrent } = renderPanel(['RETURN'], [notNow]);
    fireEvent.click(screen.getByRole('button', { name: '退回修改' }));
    fireEvent.input(screen.getByLabelText('理由'), { target: { value: '请补充' } });
    // Someone else passes the initial review meanwhile.
    setCurrent({ ...snapshot, version: 5, stage: 'LEGALITY_REVIEW', classificationCode: 'agree_cancel' });
    expect(screen.getByRole('status').textContent).toContain('已被他人更新');
    fireEvent.click(screen.getByRole('button', { name: '确认：退回修改' }));
    await waitFor(() => expect(edit().editing()?.phase).toBe('refused'));
    expect(requests[0]!.variables.input['expectedVersion']).toBe(3);
    expect(screen.getByRole('alert').textContent).toBe('该意见处于“合法性审查”，不能执行此操作');
    // No retry that cannot succeed: the form only closes.
    expect(screen.queryByRole('button', { name: '确认：退回修改' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '关闭' }));
    expect(edit().editing()).toBeNull();
    expect(requests).toHaveLength(1);
  });

  it('refuses without permission the same way', async () => {
    const forbidden = {
      transitionProposal: { __typename: 'ForbiddenError', code: 'FORBIDDEN', messageZh: '您无权退回这条意见', messageEn: 'You may not return this proposal' },
    };
    const { edit } = renderPanel(['RETURN'], [forbidden]);
    fireEvent.click(screen.getByRole('button', { name: '退回修改' }));
    fireEvent.input(screen.getByLabelText('理由'), { target: { value: '请补充' } });
    fireEvent.click(screen.getByRole('button', { name: '确认：退回修改' }));
    await waitFor(() => expect(edit().editing()?.phase).toBe('refused'));
    expect(screen.getByRole('alert').textContent).toBe('您无权退回这条意见');
    expect(screen.queryByRole('button', { name: '确认：退回修改' })).toBeNull();
  });

  it('offers the legality opinion exactly when the server says the viewer may record one', () => {
    renderPanel([], [], [], { recordOpinion: true });
    expect(screen.getByRole('heading', { name: '合法性审查意见' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '出具审查意见' })).toBeTruthy();
    cleanup();
    renderPanel([], [], [], { recordOpinion: false });
    expect(screen.queryByRole('heading', { name: '合法性审查意见' })).toBeNull();
    expect(screen.queryByRole('button', { name: '出具审查意见' })).toBeNull();
  });

  it('lets the person cancel, dropping the draft', () => {
    const { edit } = renderPanel(['RETURN']);
    fireEvent.click(screen.getByRole('button', { name: '退回修改' }));
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(edit().editing()).toBeNull();
    expect(screen.getByRole('button', { name: '退回修改' })).toBeTruthy();
  });
});

describe('decisions of record', () => {
  it('keeps one order on every stage: the way forward, a step back, then the end, styled apart', () => {
    renderPanel(['REJECT', 'RETURN', 'PASS_INITIAL_REVIEW']);
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['初审通过', '退回修改', '不予通过']);
    expect(buttons.map((b) => b.dataset.tone)).toEqual(['forward', 'back', 'end']);
  });

  it('asks again in a dialog before 不予批准 at 审定, with the note going along', async () => {
    const rejected = { transitionProposal: { __typename: 'Proposal', id: 'P1', version: 4 } };
    const { requests, edit } = renderPanel(['REJECT', 'APPROVE'], [rejected], [], { recordOpinion: false }, { approvableDistrictIds: [], feedback: [] });
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['批准', '不予批准']);
    fireEvent.click(screen.getByRole('button', { name: '不予批准' }));
    fireEvent.input(screen.getByLabelText('理由'), { target: { value: '各区均不具备承接条件' } });
    fireEvent.click(screen.getByRole('button', { name: '确认：不予批准' }));
    const dialog = screen.getByRole('dialog', { name: '确认不予批准？' });
    expect(dialog.textContent).toContain('此操作提交后不可撤销。');
    expect(requests).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: '返回修改' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '确认：不予批准' }));
    fireEvent.click(screen.getByRole('button', { name: '确定' }));
    await waitFor(() => expect(edit().editing()).toBeNull());
    expect(requests.map((r) => r.variables.input)).toEqual([{ proposalId: 'P1', transition: 'REJECT', expectedVersion: 3, reason: '各区均不具备承接条件' }]);
  });

  it('shows the districts\' answers next to 批准 and approves for the agreeing districts chosen', async () => {
    const approved = { transitionProposal: { __typename: 'Proposal', id: 'P1', version: 4 } };
    const answer = (id: string, shortName: string, stance: string | null, comments: string | null = null) => ({
      id: `F${id}`,
      stance,
      comments,
      capacityNotes: null,
      district: { id, shortName },
    });
    const feedback = [
      answer('D1', '天河区', 'AGREE'),
      answer('D2', '南沙区', 'AGREE_WITH_CONDITIONS', '需增加两名审批人员'),
      answer('D3', '从化区', 'AGREE'),
      answer('D4', '增城区', 'DISAGREE', '暂无承接能力'),
    ];
    const { requests } = renderPanel(['APPROVE', 'REJECT'], [approved], [], { recordOpinion: false }, { approvableDistrictIds: ['D1', 'D2', 'D3'], feedback });
    fireEvent.click(screen.getByRole('button', { name: '批准' }));
    expect(screen.getByText('同意 2 个 · 有条件同意 1 个 · 不同意 1 个')).toBeTruthy();
    expect(screen.getByText('条件：需增加两名审批人员')).toBeTruthy();
    const box = (name: RegExp) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
    expect([box(/天河区/).checked, box(/南沙区/).checked, box(/从化区/).checked, box(/增城区/).checked]).toEqual([true, true, true, false]);
    expect(box(/增城区/).disabled).toBe(true);
    fireEvent.click(box(/从化区/));
    fireEvent.click(screen.getByRole('button', { name: '确认：批准' }));
    fireEvent.click(screen.getByRole('button', { name: '确定' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]!.variables.input).toEqual({ proposalId: 'P1', transition: 'APPROVE', expectedVersion: 3, districtIds: ['D1', 'D2'] });
  });
});
