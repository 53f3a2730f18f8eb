import { builder } from './builder.ts';
import { textLimits } from './text-input.ts';

/** The server's text limits, so a client counts characters against them before sending (never a copy of the numbers). */
const TextLimits = builder.objectRef<typeof textLimits>('TextLimits').implement({
  description: 'How many characters (after trimming) the server accepts in each kind of text input.',
  fields: (t) => ({
    shortName: t.exposeInt('shortName', { description: 'Names and short labels.' }),
    reason: t.exposeInt('reason', { description: 'Reasons and notes of decisions, votes and answers.' }),
    comment: t.exposeInt('comment', { description: 'Comments in threads.' }),
    freeText: t.exposeInt('freeText', { description: "Free text such as a proposal's rationale." }),
  }),
});

builder.queryField('textLimits', (t) =>
  t.field({ type: TextLimits, description: "The server's text limits (public: the same for everyone).", resolve: () => textLimits }),
);
