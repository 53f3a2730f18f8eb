import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readTrustedProxies } from '../config.ts';
import { clientConnectionReader } from './client-connection.ts';

/** Just what the reader looks at: the peer's address and the headers. */
function request(peer: string, headers: Record<string, string | string[]> = {}): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

describe('clientConnectionReader', () => {
  const behindProxies = clientConnectionReader(readTrustedProxies('10.0.0.0/8, ::1'));

  it('believes no header from a peer that is not a trusted proxy', () => {
    const direct = clientConnectionReader([]);
    const spoofed = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };
    expect(direct(request('10.0.0.2', spoofed))).toEqual({ address: '10.0.0.2', https: false });
    expect(behindProxies(request('192.0.2.1', spoofed))).toEqual({ address: '192.0.2.1', https: false });
  });

  it('takes the nearest address in X-Forwarded-For that is not a trusted proxy, whatever the client wrote before it', () => {
    const chain = { 'x-forwarded-for': ['198.51.100.1, 203.0.113.9', '10.0.0.7'], 'x-forwarded-proto': 'http, https' };
    expect(behindProxies(request('10.0.0.2', chain))).toEqual({ address: '203.0.113.9', https: true });
  });

  it('stops at a hop that is no address, and keeps the proxy itself when nothing is forwarded', () => {
    expect(behindProxies(request('10.0.0.2', { 'x-forwarded-for': 'unknown, 10.0.0.7' })).address).toBe('10.0.0.7');
    expect(behindProxies(request('::1')).address).toBe('::1');
  });

  it('reads an IPv4 peer on a dual-stack socket as its IPv4 address', () => {
    expect(behindProxies(request('::ffff:10.0.0.2', { 'x-forwarded-for': '::ffff:203.0.113.9' }))).toEqual({ address: '203.0.113.9', https: false });
    expect(clientConnectionReader([])(request('::ffff:192.0.2.1')).address).toBe('192.0.2.1');
  });
});
