import { describe, expect, it } from 'vitest';
import {
  changedColumns,
  chooseColumn,
  chooseSheet,
  differsFrom,
  fieldOfColumn,
  initialChoice,
  isSpreadsheetName,
  type InferredMapping,
} from './import-state.ts';

const inferred: InferredMapping = { sheet: '权责清单', mapping: { basicCode: 'A', name: 'B', basis: 'D' } };

describe('the import mapping the user corrects', () => {
  it('starts from what the server inferred and asks for nothing new', () => {
    const choice = initialChoice(inferred);
    expect(fieldOfColumn(inferred.mapping, 'B')).toBe('name');
    expect(fieldOfColumn(inferred.mapping, 'C')).toBeNull();
    expect(differsFrom(inferred, choice)).toBe(false);
    expect(changedColumns(inferred, choice)).toEqual(new Set());
  });

  it('reads a field from one column only: giving it to another column unmaps the first', () => {
    const choice = chooseColumn(initialChoice(inferred), 'C', 'basis');
    expect(choice.mapping).toEqual({ basicCode: 'A', name: 'B', basis: 'C' });
    expect(fieldOfColumn(choice.mapping!, 'D')).toBeNull();
    expect(differsFrom(inferred, choice)).toBe(true);
    expect(changedColumns(inferred, choice)).toEqual(new Set(['C', 'D']));
  });

  it('replaces a column’s field, or stops importing it', () => {
    const renamed = chooseColumn(initialChoice(inferred), 'B', 'subitemName');
    expect(renamed.mapping).toEqual({ basicCode: 'A', subitemName: 'B', basis: 'D' });
    const dropped = chooseColumn(renamed, 'B', null);
    expect(dropped.mapping).toEqual({ basicCode: 'A', basis: 'D' });
  });

  it('is the same again once a change is undone', () => {
    const back = chooseColumn(chooseColumn(initialChoice(inferred), 'B', null), 'B', 'name');
    expect(differsFrom(inferred, back)).toBe(false);
  });

  it('leaves the mapping of another sheet to the server, and restores the preview’s on its own sheet', () => {
    const changed = chooseColumn(initialChoice(inferred), 'C', 'basis');
    expect(chooseSheet(inferred, changed, '权责清单')).toBe(changed);
    const other = chooseSheet(inferred, changed, 'Sheet2');
    expect(other).toEqual({ sheet: 'Sheet2', mapping: null });
    expect(differsFrom(inferred, other)).toBe(true);
    expect(changedColumns(inferred, other)).toEqual(new Set(['A', 'B', 'D']));
    expect(chooseSheet(inferred, other, '权责清单')).toEqual(initialChoice(inferred));
  });
});

describe('the file picker', () => {
  it('offers spreadsheets by name, whatever the case', () => {
    expect(['清单.XLSX', 'a.xls', 'b.csv'].map(isSpreadsheetName)).toEqual([true, true, true]);
    expect(['a.docx', 'a.xlsx.zip', 'csv'].map(isSpreadsheetName)).toEqual([false, false, false]);
  });
});
