import { graphql, type EnumValue, type ResultOf } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';
import type { FieldMapping } from './import-state.ts';

export type ImportKind = EnumValue<'ImportKind'>;
export type ImportOutcome = EnumValue<'ImportOutcome'>;

/** Every outcome, in the order the counts and the filter list them (type-checking fails when one is missing). */
export const importOutcomes = Object.keys({ NEW: true, UPDATE: true, UNCHANGED: true, SKIPPED: true, ERROR: true } satisfies Record<
  ImportOutcome,
  true
>) as ImportOutcome[];

/** An import as the screen shows it: what was inferred, the counts, and where it stands. */
const ImportFields = graphql(`
  fragment ImportPreview on Import @_unmask {
    id
    kind
    status
    version
    fileName
    unit { id shortName }
    campaign { id }
    sheet
    sheets { name recognised rows }
    headerRow
    columns { letter header samples }
    mapping { field nameZh nameEn required column }
    counts { new update unchanged skipped error }
  }
`);

export type ImportPreview = ResultOf<typeof ImportFields>;
export type ImportCounts = ImportPreview['counts'];

/** The counts by outcome value (the API names them in lower case). */
export function countOf(counts: ImportCounts, outcome: ImportOutcome): number {
  const key = outcome.toLowerCase() as keyof ImportCounts;
  return counts[key];
}

/** The API's mapping as field → column letter, the fields it leaves out omitted. */
export function mappingOf(preview: ImportPreview): FieldMapping {
  return Object.fromEntries(preview.mapping.flatMap((m) => (m.column ? [[m.field, m.column]] : [])));
}

/** A mapping as the API takes it: every field of the kind, '' for those not read. */
export function mappingInput(preview: ImportPreview, mapping: FieldMapping): { field: string; column: string }[] {
  return preview.mapping.map((m) => ({ field: m.field, column: mapping[m.field] ?? '' }));
}

/** Uploads a spreadsheet (GraphQL multipart request) and gets its preview. */
export const PreviewImportMutation = graphql(
  `
    mutation PreviewImport($input: PreviewImportInput!) {
      previewImport(input: $input) {
        __typename
        ...ImportPreview
        ...MutationError
      }
    }
  `,
  [ImportFields, MutationErrorFields],
);

/** Reads the uploaded file again with another sheet or a corrected mapping. */
export const RemapImportMutation = graphql(
  `
    mutation RemapImport($input: RemapImportInput!) {
      remapImport(input: $input) {
        __typename
        ...ImportPreview
        ...MutationError
      }
    }
  `,
  [ImportFields, MutationErrorFields],
);

export const CommitImportMutation = graphql(
  `
    mutation CommitImport($input: CommitImportInput!) {
      commitImport(input: $input) {
        __typename
        ...ImportPreview
        ...MutationError
      }
    }
  `,
  [ImportFields, MutationErrorFields],
);

export const DiscardImportMutation = graphql(
  `
    mutation DiscardImport($input: DiscardImportInput!) {
      discardImport(input: $input) {
        __typename
        ... on Import { id status }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

/** How far a running commit has got (null once it has ended). */
export const ImportProgressQuery = graphql(`
  query ImportProgress($id: ID!) {
    node(id: $id) {
      __typename
      ... on Import { id progress { done total } }
    }
  }
`);

/** One page of the preview's rows, optionally of one outcome. */
export const ImportRowsQuery = graphql(`
  query ImportRows($id: ID!, $outcome: ImportOutcome, $first: Int!, $after: String) {
    node(id: $id) {
      __typename
      ... on Import {
        id
        rows(outcome: $outcome, first: $first, after: $after) {
          pageInfo { endCursor hasNextPage }
          nodes {
            rowNumber
            outcome
            cells
            errors { cell messageZh messageEn }
            changes { nameZh nameEn before after }
            skippedReasonZh
            skippedReasonEn
          }
        }
      }
    }
  }
`);

type RowsPage = Extract<NonNullable<ResultOf<typeof ImportRowsQuery>['node']>, { __typename: 'Import' }>['rows'];
export type ImportRow = RowsPage['nodes'][number];

/** The departments the coordinator may import for. */
export const ImportUnitsQuery = graphql(`
  query ImportUnits {
    units(kind: DEPARTMENT) { id shortName }
  }
`);
