import { describe, expect, it } from 'vitest';
import { type KeyPress, type KeyTarget, moveFocus, queueKeyCommand } from './queue-keys.ts';

const element = (tagName: string, extra: Partial<KeyTarget> = {}): KeyTarget => ({ tagName, closest: () => null, ...extra });
const press = (key: string, target: KeyTarget | null = element('BODY'), extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  defaultPrevented: false,
  target,
  ...extra,
});

describe('the queue keyboard', () => {
  it('reads j, k, x and Enter on the page or a focused row', () => {
    expect(queueKeyCommand(press('j'))).toBe('next');
    expect(queueKeyCommand(press('k'))).toBe('previous');
    expect(queueKeyCommand(press('x', element('DIV')))).toBe('toggle');
    expect(queueKeyCommand(press('Enter', element('DIV')))).toBe('open');
    expect(queueKeyCommand(press('J'))).toBeNull();
    expect(queueKeyCommand(press('ArrowDown'))).toBeNull();
  });

  it('leaves keys alone while someone types, in a dialog, or with a modifier', () => {
    expect(queueKeyCommand(press('j', element('INPUT', { type: 'search' })))).toBeNull();
    expect(queueKeyCommand(press('j', element('INPUT')))).toBeNull(); // a plain input is a text input
    expect(queueKeyCommand(press('x', element('TEXTAREA')))).toBeNull();
    expect(queueKeyCommand(press('k', element('SELECT')))).toBeNull();
    expect(queueKeyCommand(press('j', element('DIV', { isContentEditable: true })))).toBeNull();
    expect(queueKeyCommand(press('j', element('BUTTON', { closest: (s) => (s === 'dialog' ? {} : null) })))).toBeNull();
    expect(queueKeyCommand(press('j', element('BODY'), { ctrlKey: true }))).toBeNull();
    expect(queueKeyCommand(press('k', element('BODY'), { metaKey: true }))).toBeNull();
    expect(queueKeyCommand(press('x', element('BODY'), { defaultPrevented: true }))).toBeNull();
    // A checkbox takes no text: x there still selects the focused row.
    expect(queueKeyCommand(press('x', element('INPUT', { type: 'checkbox' })))).toBe('toggle');
  });

  it('lets links and buttons handle Enter themselves', () => {
    expect(queueKeyCommand(press('Enter', element('A')))).toBeNull();
    expect(queueKeyCommand(press('Enter', element('BUTTON')))).toBeNull();
    expect(queueKeyCommand(press('Enter', element('SUMMARY')))).toBeNull();
  });

  it('moves within the list: the first j starts at the top, the ends hold', () => {
    expect(moveFocus(null, 'next', 5)).toBe(0);
    expect(moveFocus(null, 'previous', 5)).toBe(0);
    expect(moveFocus(0, 'next', 5)).toBe(1);
    expect(moveFocus(4, 'next', 5)).toBe(4);
    expect(moveFocus(0, 'previous', 5)).toBe(0);
    expect(moveFocus(3, 'previous', 5)).toBe(2);
    expect(moveFocus(7, 'next', 5)).toBe(4); // the list shrank under the focus
    expect(moveFocus(2, 'next', 0)).toBeNull();
  });
});
