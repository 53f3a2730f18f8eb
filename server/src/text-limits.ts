import { builder } from './builder.ts';
import { maxEmailLength } from './notifications/commands.ts';
import { publicCommentLimits } from './public-comments/commands.ts';
import { maxSavedViewNameLength } from './saved-views/commands.ts';
import { textLimits } from './text-input.ts';

/** Every limit a client counts against: the general ones and those of the inputs with their own (each from where it is enforced). */
const clientTextLimits = {
  ...textLimits,
  savedViewName: maxSavedViewNameLength,
  publicComment: publicCommentLimits.body,
  publicCommentAuthorName: publicCommentLimits.authorName,
  publicCommentContact: publicCommentLimits.contact,
  publicCommentReply: publicCommentLimits.reply,
  email: maxEmailLength,
};

/** The server's text limits, so a client counts characters against them before sending (never a copy of the numbers). */
const TextLimits = builder.objectRef<typeof clientTextLimits>('TextLimits').implement({
  description: 'How many characters (after trimming) the server accepts in each kind of text input.',
  fields: (t) => ({
    shortName: t.exposeInt('shortName', { description: 'Names and short labels.' }),
    reason: t.exposeInt('reason', { description: 'Reasons and notes of decisions, votes and answers.' }),
    comment: t.exposeInt('comment', { description: 'Comments in threads.' }),
    freeText: t.exposeInt('freeText', { description: "Free text such as a proposal's rationale." }),
    savedViewName: t.exposeInt('savedViewName', { description: "A saved view's name." }),
    publicComment: t.exposeInt('publicComment', { description: "A public comment's text (submitPublicComment)." }),
    publicCommentAuthorName: t.exposeInt('publicCommentAuthorName', { description: "The name a member of the public signs a comment with." }),
    publicCommentContact: t.exposeInt('publicCommentContact', { description: "The contact a member of the public leaves with a comment." }),
    publicCommentReply: t.exposeInt('publicCommentReply', { description: "The team's public reply to an accepted comment." }),
    email: t.exposeInt('email', { description: 'An e-mail address (the notification digest).' }),
  }),
});

builder.queryField('textLimits', (t) =>
  t.field({ type: TextLimits, description: "The server's text limits (public: the same for everyone).", resolve: () => clientTextLimits }),
);
