import { createSignal } from 'solid-js';
import { Client, fetchExchange, Provider } from '@urql/solid';
import { cleanup, render, screen, waitFor } from '@solidjs/testing-library';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MentionTextarea } from './mention-textarea.tsx';

/** The people the fake API knows, as mentionableUsers returns them. */
const people = [
  { id: 'u1', displayName: '徐卓', username: 'reviewer3', unit: { id: 'n1', shortName: '市委编办' } },
  { id: 'me', displayName: '杨家豪', username: 'reviewer1', unit: { id: 'n1', shortName: '市委编办' } },
  { id: 'u3', displayName: '骆志', username: 'legal1', unit: { id: 'n2', shortName: '市司法局' } },
  { id: 'u4', displayName: '骆嘉天', username: 'coordinator', unit: { id: 'n3', shortName: '市政府办公厅' } },
];

/** More people, for a test that needs a long list. */
let extraPeople: typeof people = [];

/** Answers mentionableUsers like the server: display names containing the search text. */
function fakeApi(_url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const { variables } = JSON.parse(String(init?.body)) as { variables: { search: string | null } };
  const found = [...people, ...extraPeople].filter((p) => !variables.search || p.displayName.includes(variables.search));
  const data = { mentionableUsers: found.map((p) => ({ __typename: 'User', ...p, unit: { __typename: 'Unit', ...p.unit } })) };
  return Promise.resolve(new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } }));
}

beforeEach(() => {
  vi.stubGlobal('fetch', vi.fn(fakeApi));
});
afterEach(() => {
  extraPeople = [];
  cleanup();
  vi.unstubAllGlobals();
});

function setup() {
  const client = new Client({ url: 'http://test/graphql', exchanges: [fetchExchange], preferGetMethod: false });
  const sent = vi.fn();
  const [value, setValue] = createSignal('');
  render(() => (
    <Provider value={client}>
      <label for="box">内容</label>
      <MentionTextarea
        id="box"
        value={value()}
        onInput={setValue}
        proposalId="P1"
        visibility="INTERNAL"
        myUserId="me"
        onSubmitShortcut={sent}
      />
    </Provider>
  ));
  const box = screen.getByRole('combobox', { name: '内容' }) as HTMLTextAreaElement;
  return { box, value, sent, user: userEvent.setup() };
}

const optionNames = () => screen.queryAllByRole('option').map((option) => option.querySelector('.mention-name')?.textContent);

describe('the @mention combobox', () => {
  it('offers the people who may be mentioned, never oneself; ↓ and Enter insert one', async () => {
    const { box, value, user } = setup();
    expect(box.getAttribute('aria-expanded')).toBe('false');
    await user.type(box, '请 @');
    await waitFor(() => expect(optionNames()).toEqual(['徐卓', '骆志', '骆嘉天']));
    expect(box.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-selected')).toBe('true');

    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    const active = screen.getAllByRole('option')[0]!;
    expect(active.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(active.id);
    await user.keyboard('{ArrowUp}');
    expect(box.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[2]!.id);

    await user.keyboard('{Enter}');
    expect(value()).toBe('请 @骆嘉天 ');
    expect(box.value).toBe('请 @骆嘉天 ');
    expect(box.selectionStart).toBe('请 @骆嘉天 '.length);
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('narrows the list as the name is typed, and Tab picks too', async () => {
    const { box, value, user } = setup();
    await user.type(box, '@骆');
    await waitFor(() => expect(optionNames()).toEqual(['骆志', '骆嘉天']));
    await user.type(box, '嘉');
    await waitFor(() => expect(optionNames()).toEqual(['骆嘉天']));
    await user.keyboard('{Tab}');
    expect(value()).toBe('@骆嘉天 ');
    expect(document.activeElement).toBe(box);
  });

  it('offers at most eight at once, without scrolling, and typing reaches the rest', async () => {
    extraPeople = Array.from({ length: 10 }, (_, i) => ({
      id: `x${i}`,
      displayName: `专班成员${i}`,
      username: `member${i}`,
      unit: { id: 'n1', shortName: '市委编办' },
    }));
    const { box, user } = setup();
    await user.type(box, '@');
    await waitFor(() => expect(optionNames()).toHaveLength(8));
    expect(optionNames().slice(0, 3)).toEqual(['徐卓', '骆志', '骆嘉天']);
    await user.type(box, '专班成员9');
    await waitFor(() => expect(optionNames()).toEqual(['专班成员9']));
  });

  it('closes on Escape for that @, and opens again for a new one', async () => {
    const { box, value, user } = setup();
    await user.type(box, '@');
    await waitFor(() => expect(optionNames()).toHaveLength(3));
    await user.keyboard('{Escape}');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    await user.type(box, '徐');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    // Enter is a new line again while the list is closed.
    await user.keyboard('{Enter}@');
    await waitFor(() => expect(box.getAttribute('aria-expanded')).toBe('true'));
    expect(value()).toBe('@徐\n@');
  });

  it('sends with Ctrl + Enter', async () => {
    const { box, sent, user } = setup();
    await user.type(box, '同意');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(sent).toHaveBeenCalledTimes(1);
    expect(box.value).toBe('同意');
  });
});
