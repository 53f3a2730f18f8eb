import { graphql, type ResultOf } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/** The year's key tasks with every quarter's goals, published entry and draft, and the figures an entry may quote. */
export const ConsoleKeyTasksQuery = graphql(`
  query ConsoleKeyTasks($year: Int!) {
    keyTasks(year: $year) {
      id
      number
      title
      quarters {
        quarter
        goals
        progress { id status items reportedAt publishedAt version }
        draft { id status items template reportedAt version }
      }
      availableFigures { name placeholder labelZh labelEn value }
    }
  }
`);

export type ConsoleKeyTask = ResultOf<typeof ConsoleKeyTasksQuery>['keyTasks'][number];
export type ConsoleQuarter = ConsoleKeyTask['quarters'][number];

export const CreateKeyTaskMutation = graphql(
  `
    mutation ConsoleCreateKeyTask($input: CreateKeyTaskInput!) {
      createKeyTask(input: $input) {
        __typename
        ... on KeyTask { id }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

export const SaveKeyTaskProgressMutation = graphql(
  `
    mutation ConsoleSaveKeyTaskProgress($input: SaveKeyTaskProgressInput!) {
      saveKeyTaskProgress(input: $input) {
        __typename
        ... on KeyTask { id }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

export const PublishKeyTaskProgressMutation = graphql(
  `
    mutation ConsolePublishKeyTaskProgress($input: PublishKeyTaskProgressInput!) {
      publishKeyTaskProgress(input: $input) {
        __typename
        ... on KeyTask { id }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);
