/**
 * The queue's keyboard: j / k move the focused row, Enter opens it, x selects it. Pure functions,
 * so the rules (never while typing, never with a modifier) are tested without a browser.
 */

export type QueueKeyCommand = 'next' | 'previous' | 'open' | 'toggle';

/** What `queueKeyCommand` needs of a keyboard event's target. */
export interface KeyTarget {
  tagName: string;
  isContentEditable?: boolean;
  type?: string;
  closest?(selector: string): unknown;
}

export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  defaultPrevented: boolean;
  target: KeyTarget | null;
}

/** Inputs that take text: their keys belong to the person typing. */
const textInputTypes = new Set(['text', 'search', 'email', 'number', 'password', 'tel', 'url', 'date', 'datetime-local', 'month', 'time', 'week']);

function isTyping(target: KeyTarget | null): boolean {
  if (!target) return false;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  return tag === 'INPUT' && textInputTypes.has((target.type ?? 'text').toLowerCase());
}

/** Elements that do something with Enter themselves (a link follows, a button presses). */
function handlesEnter(target: KeyTarget | null): boolean {
  if (!target) return false;
  return ['A', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY'].includes(target.tagName.toUpperCase());
}

/**
 * The command a key press means on the queue page, or null when it is someone else's: typing in
 * a field, a shortcut with a modifier, a key inside an open dialog.
 */
export function queueKeyCommand(press: KeyPress): QueueKeyCommand | null {
  if (press.defaultPrevented || press.altKey || press.ctrlKey || press.metaKey) return null;
  if (isTyping(press.target) || press.target?.closest?.('dialog')) return null;
  switch (press.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'x':
      return 'toggle';
    case 'Enter':
      return handlesEnter(press.target) ? null : 'open';
    default:
      return null;
  }
}

/** The focused position after j or k in a list of `size` rows; the first j starts at the top. */
export function moveFocus(current: number | null, command: 'next' | 'previous', size: number): number | null {
  if (size === 0) return null;
  if (current === null) return 0;
  const next = command === 'next' ? current + 1 : current - 1;
  return Math.min(size - 1, Math.max(0, next));
}
