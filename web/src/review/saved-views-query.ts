import { graphql } from '../graphql.ts';

/** 视图: my saved views and those the coordinator shared with the team, and whether I may share. */
export const SavedViewsQuery = graphql(`
  query SavedViews {
    me {
      canShareSavedViews
      savedViews(first: 100) {
        nodes {
          id
          name
          filter
          shared
          version
          viewerCan {
            edit
            share
          }
        }
      }
    }
  }
`);

export const CreateSavedViewMutation = graphql(`
  mutation CreateSavedView($input: CreateSavedViewInput!) {
    createSavedView(input: $input) {
      __typename
      ... on Error {
        messageZh
        messageEn
      }
      ... on ValidationError {
        field
      }
      ... on SavedView {
        id
        name
        filter
        shared
        version
        viewerCan {
          edit
          share
        }
      }
    }
  }
`);

export const UpdateSavedViewMutation = graphql(`
  mutation UpdateSavedView($input: UpdateSavedViewInput!) {
    updateSavedView(input: $input) {
      __typename
      ... on Error {
        messageZh
        messageEn
      }
      ... on ValidationError {
        field
      }
      ... on SavedView {
        id
        name
        filter
        shared
        version
        viewerCan {
          edit
          share
        }
      }
    }
  }
`);

export const SetSavedViewSharedMutation = graphql(`
  mutation SetSavedViewShared($input: SetSavedViewSharedInput!) {
    setSavedViewShared(input: $input) {
      __typename
      ... on Error {
        messageZh
        messageEn
      }
      ... on ValidationError {
        field
      }
      ... on SavedView {
        id
        name
        filter
        shared
        version
        viewerCan {
          edit
          share
        }
      }
    }
  }
`);

export const DeleteSavedViewMutation = graphql(`
  mutation DeleteSavedView($input: DeleteSavedViewInput!) {
    deleteSavedView(input: $input) {
      __typename
      ... on Error {
        messageZh
        messageEn
      }
      ... on ValidationError {
        field
      }
      ... on SavedViewDeleted {
        deletedId
      }
    }
  }
`);
