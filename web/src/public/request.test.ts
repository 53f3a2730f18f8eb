import { afterEach, describe, expect, it, vi } from 'vitest';
import { PublicRequestError, publicRequest } from './request.ts';

function answer(status: number, body: unknown) {
  const fetch = vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe('publicRequest', () => {
  it('posts the query anonymously with the CSRF header and gives the data', async () => {
    const fetch = answer(200, { data: { powerItem: { name: '粮食收购许可' } } });
    await expect(publicRequest('query($code: String!) { powerItem(code: $code) { name } }', { code: '440101001000' })).resolves.toEqual({
      powerItem: { name: '粮食收购许可' },
    });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.credentials).toBe('omit');
    expect((init.headers as Record<string, string>)['x-graphql-yoga-csrf']).toBe('1');
    expect(JSON.parse(String(init.body))).toEqual({ query: expect.stringContaining('powerItem') as unknown, variables: { code: '440101001000' } });
  });

  it("throws the first GraphQL error with its code and both messages", async () => {
    answer(200, { errors: [{ message: 'The search text must be at most 100 characters', extensions: { code: 'VALIDATION', messageZh: '搜索词不能超过 100 个字符', messageEn: 'The search text must be at most 100 characters' } }] });
    const error = await publicRequest('{ powerItems { totalCount } }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublicRequestError);
    expect(error).toMatchObject({ code: 'VALIDATION', messageZh: '搜索词不能超过 100 个字符', messageEn: 'The search text must be at most 100 characters' });
  });

  it('turns an unreachable server or a body that is not JSON into an error too', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(publicRequest('{ units { id } }')).rejects.toMatchObject({ code: 'NETWORK' });
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response('<html>bad gateway</html>', { status: 502 }))));
    await expect(publicRequest('{ units { id } }')).rejects.toMatchObject({ code: 'HTTP_502' });
  });
});
