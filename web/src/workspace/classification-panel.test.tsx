import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { Client, fetchExchange } from '@urql/core';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassificationPanel } from './classification-panel.tsx';
import { createEditing } from './editing.ts';
import type { ProposalSnapshot } from './snapshot.ts';
import { type Workspace, WorkspaceContext, type WorkspaceProposal } from './workspace-context.ts';

afterEach(cleanup);

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

interface Check {
  unanimous: boolean;
  codesAgainstVotes: string[];
  codesAgainstAction: string[];
}

/** The panel over a proposal whose classificationCheck the server answered with `check`; nothing is sent. */
function renderPanel(check: Check, fields: { classificationCode?: string | null; classificationDisagreement?: boolean } = {}) {
  const client = new Client({ url: 'http://devolve.test/graphql', exchanges: [fetchExchange] });
  const [current] = createSignal(snapshot);
  render(() => {
    const edit = createEditing({ client, proposalId: 'P1', current, reload: async () => {}, done: () => {} });
    // Only what the classification panel reads.
    const proposal = {
      id: 'P1',
      classificationCode: fields.classificationCode ?? null,
      classificationConsensus: 'agree_cancel',
      classificationDisagreement: fields.classificationDisagreement ?? false,
      classificationCheck: check,
      classificationOpen: true,
      voteCount: 2,
      viewerCan: { vote: true, finalizeClassification: true },
      campaign: {
        classificationOptions: [
          { code: 'agree_cancel', labelZh: '同意取消', labelEn: 'Agree to cancel' },
          { code: 'agree_delegate', labelZh: '同意下放', labelEn: 'Agree to delegate' },
          { code: 'not_adopted', labelZh: '不予采纳', labelEn: 'Not adopted' },
        ],
      },
    } as unknown as WorkspaceProposal;
    const workspace: Workspace = {
      proposal: () => proposal,
      deliberation: () => undefined,
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
      <WorkspaceContext.Provider value={workspace}>
        <ClassificationPanel />
      </WorkspaceContext.Provider>
    );
  });
}

const check: Check = { unanimous: false, codesAgainstVotes: ['agree_delegate', 'not_adopted'], codesAgainstAction: ['agree_delegate'] };

describe('classification panel', () => {
  it('warns while choosing a final classification that goes against the votes or the action, as the server says', () => {
    renderPanel(check);
    fireEvent.click(screen.getByRole('button', { name: '确定最终分类' }));
    const select = screen.getByLabelText('分类') as HTMLSelectElement;
    // The consensus is preselected: nothing to warn about.
    expect(select.value).toBe('agree_cancel');
    expect(screen.queryAllByRole('alert')).toEqual([]);

    fireEvent.change(select, { target: { value: 'not_adopted' } });
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['⚠ 注意：所选分类与表决意见不符。']);

    fireEvent.change(select, { target: { value: 'agree_delegate' } });
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
      '⚠ 注意：所选分类与表决意见不符。',
      '⚠ 注意：所选分类与该意见申请的事项不符。',
    ]);
  });

  it('shows afterwards what the final classification goes against', () => {
    renderPanel(check, { classificationCode: 'agree_delegate' });
    expect(screen.getByText('最终分类与表决意见不符')).toBeTruthy();
    expect(screen.getByText('最终分类与该意见申请的事项不符')).toBeTruthy();
  });

  it('counts a note’s characters against the server’s limit before it is sent', () => {
    renderPanel(check);
    fireEvent.click(screen.getByRole('button', { name: '表决' }));
    const note = screen.getByLabelText('说明（可选）') as HTMLTextAreaElement;
    expect(note.maxLength).toBe(2_000);
    expect(screen.getByText('0 / 2,000 字')).toBeTruthy();
    fireEvent.input(note, { target: { value: ' 理由充分。 ' } });
    // Counted as the server counts: after trimming.
    expect(screen.getByText('5 / 2,000 字')).toBeTruthy();
    expect(note.getAttribute('aria-describedby')).toBe(screen.getByText('5 / 2,000 字').id);
  });

  it('says the votes agree only when the server finds them unanimous', () => {
    renderPanel(check);
    expect(screen.queryByText('表决意见一致')).toBeNull();
    cleanup();
    renderPanel({ unanimous: true, codesAgainstVotes: [], codesAgainstAction: [] }, { classificationCode: 'agree_cancel' });
    expect(screen.getByText('表决意见一致')).toBeTruthy();
    expect(screen.queryByText('最终分类与表决意见不符')).toBeNull();
    cleanup();
    renderPanel(check, { classificationDisagreement: true });
    expect(screen.getByText('表决意见不一致')).toBeTruthy();
    expect(screen.queryByText('表决意见一致')).toBeNull();
  });
});
