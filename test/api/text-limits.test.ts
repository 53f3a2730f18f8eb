import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicCommentLimits } from '../../server/src/public-comments/commands.ts';
import { maxEmailLength } from '../../server/src/notifications/commands.ts';
import { maxSavedViewNameLength } from '../../server/src/saved-views/commands.ts';
import { textLimits } from '../../server/src/text-input.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Query.textLimits: the limits the commands enforce, for a client's character counters. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('text limits', () => {
  it('are the server’s own, for anyone, signed in or not', async () => {
    const anonymous = await server.graphql<{ textLimits: Record<string, number> }>(
      '{ textLimits { shortName reason comment freeText savedViewName publicComment publicCommentAuthorName publicCommentContact publicCommentReply email } }',
    );
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data!.textLimits).toEqual({
      ...textLimits,
      savedViewName: maxSavedViewNameLength,
      publicComment: publicCommentLimits.body,
      publicCommentAuthorName: publicCommentLimits.authorName,
      publicCommentContact: publicCommentLimits.contact,
      publicCommentReply: publicCommentLimits.reply,
      email: maxEmailLength,
    });
  });
});
