import { describe, expect, it } from 'vitest';
import { activeMention, bodySegments, insertMention, mentionName, narrowCandidates } from './mentions.ts';

/** The text with `|` marking the caret, and the caret's position. */
function at(textWithCaret: string): [string, number] {
  const caret = textWithCaret.indexOf('|');
  return [textWithCaret.replace('|', ''), caret];
}

describe('the mention being typed', () => {
  it('starts at an @ before the caret and runs to the caret', () => {
    expect(activeMention(...at('请 @|'))).toEqual({ start: 2, query: '' });
    expect(activeMention(...at('请 @陈志|'))).toEqual({ start: 2, query: '陈志' });
    expect(activeMention(...at('@rev|'))).toEqual({ start: 0, query: 'rev' });
    expect(activeMention(...at('见上，@gz-scj|'))).toEqual({ start: 3, query: 'gz-scj' });
    expect(activeMention(...at('@陈|志伟 你好'))).toEqual({ start: 0, query: '陈' });
  });

  it('is none once the name has ended, and never in an e-mail address', () => {
    expect(activeMention(...at('@陈志伟 请核对|'))).toBeNull();
    expect(activeMention(...at('@陈志伟，|'))).toBeNull();
    expect(activeMention(...at('mail li@exa|'))).toBeNull();
    expect(activeMention(...at('没有提及|'))).toBeNull();
  });
});

describe('inserting a picked person', () => {
  it('replaces the typed name with the full one and a space, the caret after it', () => {
    const [text, caret] = at('请 @陈|');
    const result = insertMention(text, activeMention(text, caret)!, caret, '陈志伟');
    expect(result.text).toBe('请 @陈志伟 ');
    expect(result.caret).toBe(result.text.length);
  });

  it('keeps the text after the caret, set apart by a space (Chinese text has no word breaks)', () => {
    const [text, caret] = at('请@陈|核对');
    const result = insertMention(text, activeMention(text, caret)!, caret, '陈志伟');
    expect(result.text).toBe('请@陈志伟 核对');
    expect(result.text.slice(result.caret)).toBe('核对');
  });

  it('steps over a space that follows already', () => {
    const [text, caret] = at('@陈| 请核对');
    const result = insertMention(text, activeMention(text, caret)!, caret, '陈志伟');
    expect(result.text).toBe('@陈志伟 请核对');
    expect(result.text.slice(result.caret)).toBe('请核对');
  });

  it('adds no space before punctuation, which ends a mention already', () => {
    const [text, caret] = at('@|，请核对');
    const result = insertMention(text, activeMention(text, caret)!, caret, '李晓燕');
    expect(result.text).toBe('@李晓燕，请核对');
    expect(result.text.slice(result.caret)).toBe('，请核对');
  });

  it('writes a mention the API reads back as the same name', () => {
    const [text, caret] = at('@|请核对');
    const result = insertMention(text, activeMention(text, caret)!, caret, '李晓燕');
    expect(bodySegments(result.text, ['李晓燕'])).toEqual([
      { text: '@李晓燕', mention: true },
      { text: ' 请核对', mention: false },
    ]);
  });
});

describe('narrowing the people offered', () => {
  const chen = { displayName: '陈志伟', username: 'reviewer1' };
  const li = { displayName: '李晓燕', username: 'reviewer2' };
  const wang = { displayName: 'Wang Lei', username: 'legal1' };
  const people = [chen, li, wang];

  it('keeps those whose display name or username contains the typed text, in order, ignoring case', () => {
    expect(narrowCandidates(people, '晓')).toEqual([li]);
    expect(narrowCandidates(people, 'lei')).toEqual([wang]);
    expect(narrowCandidates(people, 'REVIEWER')).toEqual([chen, li]);
    expect(narrowCandidates(people, '')).toEqual(people);
    expect(narrowCandidates(people, '赵')).toEqual([]);
  });

  it('writes a mention by display name, or by username where two people share the name', () => {
    const namesake = { displayName: '陈志伟', username: 'gz-jtj' };
    expect(mentionName(li, [chen, li, namesake])).toBe('李晓燕');
    expect(mentionName(chen, [chen, li, namesake])).toBe('reviewer1');
    expect(mentionName(namesake, [chen, li, namesake])).toBe('gz-jtj');
  });
});

describe('highlighting mentions in a comment', () => {
  it('marks the names the API resolved and leaves other text and unknown @words plain', () => {
    expect(bodySegments('@陈志伟 请与 @李晓燕，@nobody 核对 a@b.cn', ['陈志伟', '李晓燕'])).toEqual([
      { text: '@陈志伟', mention: true },
      { text: ' 请与 ', mention: false },
      { text: '@李晓燕', mention: true },
      { text: '，@nobody 核对 a@b.cn', mention: false },
    ]);
  });

  it('returns the body as one plain run when nobody is mentioned', () => {
    expect(bodySegments('同意。', [])).toEqual([{ text: '同意。', mention: false }]);
    expect(bodySegments('', [])).toEqual([{ text: '', mention: false }]);
  });
});
