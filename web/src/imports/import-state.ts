/**
 * The import screen's state, apart from the page: which file may be chosen, and the column mapping
 * the user corrects before previewing again. Everything the server decides (what each header
 * means, each row's outcome, whether the import may be committed) comes from the API.
 */

/** The spreadsheet files the picker offers (the server reads the content, whatever the name says). */
export const acceptedExtensions = ['.xlsx', '.xls', '.csv'] as const;

/** Whether a file's name is one of the spreadsheet kinds the picker offers. */
export function isSpreadsheetName(name: string): boolean {
  const lower = name.toLowerCase();
  return acceptedExtensions.some((extension) => lower.endsWith(extension));
}

/** A column mapping as the API gives and takes it: field → the letter of the column it is read from. */
export type FieldMapping = Readonly<Record<string, string>>;

/** What the server inferred (or was last told): the sheet read and the mapping. */
export interface InferredMapping {
  sheet: string;
  mapping: FieldMapping;
}

/**
 * The mapping the user asks for: a sheet, and which field each column is read as. On another
 * sheet than the preview's, the mapping is left to the server to infer again (null): the old
 * sheet's columns mean nothing there.
 */
export interface MappingChoice {
  sheet: string;
  mapping: FieldMapping | null;
}

/** The choice that repeats the server's inference. */
export function initialChoice(inferred: InferredMapping): MappingChoice {
  return { sheet: inferred.sheet, mapping: inferred.mapping };
}

/** The field a column (by letter) is read as under a mapping, or null when it is not imported. */
export function fieldOfColumn(mapping: FieldMapping, letter: string): string | null {
  return Object.keys(mapping).find((field) => mapping[field] === letter) ?? null;
}

/**
 * The choice with a column read as `field` (null: not imported). A field is read from one column,
 * so the column that had it before is no longer imported.
 */
export function chooseColumn(choice: MappingChoice, letter: string, field: string | null): MappingChoice {
  const mapping = Object.fromEntries(Object.entries(choice.mapping ?? {}).filter(([name, column]) => column !== letter && name !== field));
  if (field !== null) mapping[field] = letter;
  return { ...choice, mapping };
}

/** The choice with another sheet (its mapping to be inferred), or back on the preview's with its mapping. */
export function chooseSheet(inferred: InferredMapping, choice: MappingChoice, sheet: string): MappingChoice {
  if (sheet === choice.sheet) return choice;
  return sheet === inferred.sheet ? initialChoice(inferred) : { sheet, mapping: null };
}

/** Whether the choice asks for anything other than what the preview shown was made with. */
export function differsFrom(inferred: InferredMapping, choice: MappingChoice): boolean {
  if (choice.sheet !== inferred.sheet || choice.mapping === null) return true;
  return changedColumns(inferred, choice).size > 0;
}

/** The columns (letters) whose field the choice changes from the preview shown, to mark them. */
export function changedColumns(inferred: InferredMapping, choice: MappingChoice): Set<string> {
  const chosen = choice.mapping ?? {};
  const letters = new Set([...Object.values(inferred.mapping), ...Object.values(chosen)]);
  return new Set([...letters].filter((letter) => fieldOfColumn(inferred.mapping, letter) !== fieldOfColumn(chosen, letter)));
}
