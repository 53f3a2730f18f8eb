import { savedViews } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { teamRoles } from '../accounts/permissions.ts';
import { Me } from '../accounts/me.ts';
import { runCommand } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { rawWhere } from '../filters.ts';
import { checkPageArgs } from '../pagination.ts';
import { createSavedView, deleteSavedView, setSavedViewShared, updateSavedView } from './commands.ts';
import { canReadSavedView, canShareViews, visibleSavedViews } from './visibility.ts';

const SavedViewViewerCan = builder.objectRef<{ own: boolean; viewerMayShare: boolean }>('SavedViewViewerCan').implement({
  description: 'What the signed-in person may do with a saved view (the server decides; the web asks).',
  fields: (t) => ({
    edit: t.boolean({ description: 'Rename it, change its filter or delete it: its owner.', resolve: (v) => v.own }),
    share: t.boolean({ description: 'Share it with the review team or stop sharing it: the coordinator, for their own views.', resolve: (v) => v.own && v.viewerMayShare }),
  }),
});

export const SavedView = builder.drizzleNode('savedViews', {
  name: 'SavedView',
  description: "视图: a named filter of the review queue, its owner's, or shared with the review team by the coordinator.",
  id: { column: (view) => view.id },
  select: { columns: { ownerId: true, shared: true } },
  authScopes: (view, ctx) => canReadSavedView(ctx.viewer, view),
  fields: (t) => ({
    name: t.exposeString('name'),
    filter: t.exposeString('filter', {
      description: "The queue's address query string (`stage=recheck&q=食品`, as the web's /queue writes it); apply it as /queue?<filter>.",
    }),
    shared: t.exposeBoolean('shared', { description: 'Shared with the review team.' }),
    owner: t.relation('owner'),
    version: t.exposeInt('version'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    viewerCan: t.field({
      type: SavedViewViewerCan,
      resolve: (view, _args, ctx) => ({ own: view.ownerId === ctx.viewer?.userId, viewerMayShare: canShareViews(ctx.viewer) }),
    }),
  }),
});

/** Own views first, then those shared with me, each by name; the cursors follow it. */
const menuOrder = { ownerId: 'asc', name: 'asc', id: 'asc' } as const;

builder.objectFields(Me, (t) => ({
  savedViews: t.drizzleConnection({
    type: 'savedViews',
    description: "My saved views of the review queue and those the coordinator shared with the team (50 per person at most), by owner and name.",
    resolve: (query, _me, args, ctx) => {
      checkPageArgs(args, savedViews, menuOrder);
      const viewer = ctx.viewer!; // Me exists only for a signed-in viewer
      return ctx.db.query.savedViews.findMany(
        query({ where: rawWhere((table: typeof savedViews) => visibleSavedViews(table, viewer)), orderBy: menuOrder }),
      );
    },
  }),
  canShareSavedViews: t.boolean({
    description: 'Whether I may share my saved views with the review team (the coordinator).',
    resolve: (_me, _args, ctx) => canShareViews(ctx.viewer),
  }),
}));

const CreateSavedViewInput = builder.inputType('CreateSavedViewInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 60 characters, unique among my views.' }),
    filter: t.string({ description: "The queue's address query string (see SavedView.filter), checked like ProposalFilter; omit for the whole queue." }),
  }),
});

builder.mutationField('createSavedView', (t) =>
  t.withAuth({ canWrite: teamRoles }).drizzleField({
    type: SavedView,
    errors: { types: [ConflictError] },
    description: "Saves the queue's current filter under a name (the review team). CONFLICT when I already have a view of that name.",
    args: { input: t.arg({ type: CreateSavedViewInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { id } = await runCommand(ctx, ctx.viewer, createSavedView, { name: input.name, filter: input.filter ?? '' });
      return (await ctx.db.query.savedViews.findFirst(query({ where: { id } })))!;
    },
  }),
);

const UpdateSavedViewInput = builder.inputType('UpdateSavedViewInput', {
  fields: (t) => ({
    id: t.globalID({ for: SavedView, required: true }),
    expectedVersion: t.int({ required: true }),
    name: t.string({ description: 'A new name; unchanged when omitted.' }),
    filter: t.string({ description: 'A new filter; unchanged when omitted.' }),
  }),
});

builder.mutationField('updateSavedView', (t) =>
  t.withAuth({ canWrite: teamRoles }).drizzleField({
    type: SavedView,
    errors: { types: [NotFoundError, ConflictError] },
    description: 'Renames one of my views or replaces its filter.',
    args: { input: t.arg({ type: UpdateSavedViewInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { id } = await runCommand(ctx, ctx.viewer, updateSavedView, { ...input, id: input.id.id });
      return (await ctx.db.query.savedViews.findFirst(query({ where: { id } })))!;
    },
  }),
);

const SavedViewRefInput = builder.inputType('DeleteSavedViewInput', {
  fields: (t) => ({
    id: t.globalID({ for: SavedView, required: true }),
    expectedVersion: t.int({ required: true }),
  }),
});

const SavedViewDeleted = builder.objectRef<{ id: number }>('SavedViewDeleted').implement({
  fields: (t) => ({ deletedId: t.id({ description: 'The SavedView deleted (global id).', resolve: (r) => encodeGlobalID('SavedView', r.id) }) }),
});

builder.mutationField('deleteSavedView', (t) =>
  t.withAuth({ canWrite: teamRoles }).field({
    type: SavedViewDeleted,
    errors: { types: [NotFoundError, ConflictError] },
    description: 'Deletes one of my views (a shared one leaves the team’s menus too).',
    args: { input: t.arg({ type: SavedViewRefInput, required: true }) },
    resolve: (_root, { input }, ctx) => runCommand(ctx, ctx.viewer, deleteSavedView, { id: input.id.id, expectedVersion: input.expectedVersion }),
  }),
);

const SetSavedViewSharedInput = builder.inputType('SetSavedViewSharedInput', {
  fields: (t) => ({
    id: t.globalID({ for: SavedView, required: true }),
    expectedVersion: t.int({ required: true }),
    shared: t.boolean({ required: true, description: 'true: share with the review team (共享给团队); false: stop sharing.' }),
  }),
});

builder.mutationField('setSavedViewShared', (t) =>
  t.withAuth({ canWrite: ['coordinator'] }).drizzleField({
    type: SavedView,
    errors: { types: [NotFoundError, ConflictError] },
    description: 'The coordinator shares one of their views with the review team, or stops sharing it.',
    args: { input: t.arg({ type: SetSavedViewSharedInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { id } = await runCommand(ctx, ctx.viewer, setSavedViewShared, { ...input, id: input.id.id });
      return (await ctx.db.query.savedViews.findFirst(query({ where: { id } })))!;
    },
  }),
);
