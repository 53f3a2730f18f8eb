/**
 * @mentions in comment bodies, written the way the API reads them (server/src/comments/rules.ts,
 * `mentionTokens`): `@` and a username or display name, ending at whitespace, punctuation or the
 * end of the text; an `@` right after an ASCII letter or digit (an e-mail address) is no mention.
 * The composer inserts display names (`@陈志伟 `), or the username where two people share the name.
 */

/** The characters a mentioned name is made of (the API's grammar). */
const nameChar = /[\p{L}\p{M}\p{N}_.-]/u;
const mentionPattern = /(?<![A-Za-z0-9_.+-])@([\p{L}\p{M}\p{N}_-]+(?:\.[\p{L}\p{M}\p{N}_-]+)*)/gu;
/** An `@` and the partial name right before the caret. */
const mentionBeforeCaret = /(?<![A-Za-z0-9_.+-])@([\p{L}\p{M}\p{N}_.-]*)$/u;

/** The mention being typed: where its `@` is, and the name typed so far. */
export interface ActiveMention {
  start: number;
  query: string;
}

/** The mention the caret is in (right after `@` or inside the name after it), or null. */
export function activeMention(text: string, caret: number): ActiveMention | null {
  const match = mentionBeforeCaret.exec(text.slice(0, caret));
  return match ? { start: match.index, query: match[1]! } : null;
}

/**
 * Replaces the mention being typed (its `@` up to the caret) with `@name`, followed by a space
 * unless whitespace or punctuation follows already: Chinese text has no spaces, so the text after
 * the caret is kept and set apart, never taken for the rest of the name. Returns the new text and
 * where the caret goes: after the mention and its space.
 */
export function insertMention(text: string, mention: ActiveMention, caret: number, name: string): { text: string; caret: number } {
  const rest = text.slice(caret);
  const separated = /^[\s\p{P}]/u.test(rest) && !nameChar.test(rest[0]!);
  const inserted = `@${name}${separated ? '' : ' '}`;
  const nextCaret = mention.start + inserted.length + (/^\s/u.test(rest) ? 1 : 0);
  return { text: text.slice(0, mention.start) + inserted + rest, caret: nextCaret };
}

interface Mentionable {
  displayName: string;
  username: string;
}

/**
 * Narrows people to those whose display name or username contains the typed text
 * (case-insensitive): shown while the server looks up the new text.
 */
export function narrowCandidates<Person extends Mentionable>(people: readonly Person[], query: string): Person[] {
  const wanted = query.trim().toLowerCase();
  return wanted === ''
    ? [...people]
    : people.filter((person) => person.displayName.toLowerCase().includes(wanted) || person.username.toLowerCase().includes(wanted));
}

/**
 * How to write a mention of `person`: by display name, which reads naturally in Chinese text,
 * unless someone else among `people` has the same one (the API refuses an ambiguous name).
 */
export function mentionName(person: Mentionable, people: readonly Mentionable[]): string {
  const shared = people.some((other) => other.username !== person.username && other.displayName === person.displayName);
  return shared ? person.username : person.displayName;
}

/** A run of a comment body: plain text, or a mention of someone the API resolved. */
export type BodySegment = { text: string; mention: boolean };

/**
 * A body cut into plain text and mentions, for highlighting. Only tokens naming someone in
 * `mentionedNames` (the display names and usernames of the comment's `mentions`, resolved by the API) count: `@abc` naming nobody
 * stays plain text, as the API reads it.
 */
export function bodySegments(body: string, mentionedNames: readonly string[]): BodySegment[] {
  const names = new Set(mentionedNames);
  const segments: BodySegment[] = [];
  let at = 0;
  for (const match of body.matchAll(mentionPattern)) {
    if (!names.has(match[1]!)) continue;
    if (match.index > at) segments.push({ text: body.slice(at, match.index), mention: false });
    segments.push({ text: match[0], mention: true });
    at = match.index + match[0].length;
  }
  if (at < body.length || segments.length === 0) segments.push({ text: body.slice(at), mention: false });
  return segments;
}
