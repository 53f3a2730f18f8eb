import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeBasisLabel, labels, transitionLabel } from './labels.ts';
import { setLocale } from './locale.ts';

afterEach(() => setLocale('zh-CN'));

/** The enum values of the printed GraphQL schema (the server's truth, not the web's types). */
// Vitest runs from the repository root (the root config's web project).
const schema = readFileSync(path.resolve(process.cwd(), 'schema.graphql'), 'utf8');
function enumValues(name: string): string[] {
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema)?.[1];
  if (!body) throw new Error(`no enum ${name} in schema.graphql`);
  return body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[A-Z][A-Z_]*$/.test(line));
}

const tables = { ProposalStatus: 'status', ProposalStage: 'stage', ProposalAction: 'action', ProposalTransition: 'transition' } as const;
const allRawValues = Object.keys(tables).flatMap((name) => enumValues(name));

describe('the label table', () => {
  it.each(Object.entries(tables))('names every %s value in Chinese and in English', (name, table) => {
    const values = enumValues(name);
    expect(values.length).toBeGreaterThan(2);
    const zh = labels()[table] as Record<string, string>;
    setLocale('en');
    const en = labels()[table] as Record<string, string>;
    for (const value of values) {
      expect(zh[value], `${name}.${value} zh`).toMatch(/\p{Script=Han}/u);
      expect(en[value], `${name}.${value} en`).toMatch(/^[A-Z]/);
    }
  });

  it('lets no raw enum value into a Chinese label', () => {
    const chinese = Object.values(labels()).flatMap((table) => Object.values(table as Record<string, string>));
    for (const text of chinese) {
      // Neither the GraphQL spelling (RETURNED) nor the database's (returned, initial_review).
      for (const raw of allRawValues) {
        expect(text.includes(raw) || text.includes(raw.toLowerCase()), `“${text}” contains ${raw}`).toBe(false);
      }
      expect(text, 'no Latin words in a Chinese label').not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('calls rejection 不予通过 at 初审 and 复核, and 不予批准 only at 审定', () => {
    expect(transitionLabel('REJECT', 'INITIAL_REVIEW')).toBe('不予通过');
    expect(transitionLabel('REJECT', 'RECHECK')).toBe('不予通过');
    expect(transitionLabel('REJECT', 'APPROVAL')).toBe('不予批准');
    expect(transitionLabel('APPROVE', 'APPROVAL')).toBe('批准');
    // Rows at several stages (a bulk move): the table's word.
    expect(transitionLabel('REJECT', undefined)).toBe('不予通过');
  });

  it('calls the basis 调整依据 only for an adjustment, 精简依据 otherwise, in both languages', () => {
    expect(changeBasisLabel('ADJUST')).toBe('调整依据');
    for (const action of enumValues('ProposalAction').filter((a) => a !== 'ADJUST')) expect(changeBasisLabel(action as 'CANCEL')).toBe('精简依据');
    expect(changeBasisLabel(null)).toBe('精简依据');
    expect(labels().anchor.CHANGE_LEGAL_BASIS).toBe('精简依据');
    setLocale('en');
    expect(changeBasisLabel('ADJUST')).toBe('Basis for the adjustment');
    expect(changeBasisLabel('DELEGATE')).toBe('Basis for the change');
  });
});
