import { builder } from './builder.ts';

builder.queryField('domainNow', (t) =>
  t.field({
    type: 'DateTime',
    description:
      "The domain clock's time: the demo's story time (late December 2019, moving on with real time) when the demo data anchored one, the real time otherwise. Deadlines, overdue work and relative dates are measured against it.",
    resolve: (_root, _args, ctx) => ctx.clock().toISOString(),
  }),
);
