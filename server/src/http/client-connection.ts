import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** Who is at the other end of a request, as far as this server can tell. */
export interface ClientConnection {
  /** The client's IP address: the peer's, or the one a trusted proxy says it forwarded for. */
  address: string;
  /** The client used https: this server speaks plain http, so only a trusted proxy can say so. */
  https: boolean;
}

/** "::ffff:10.0.0.1" (IPv4 on a dual-stack socket) is 10.0.0.1, so one client has one address. */
function normalizedAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** The comma-separated values of a header that may also be sent several times, in order. */
function headerValues(value: string | string[] | undefined): string[] {
  return [value ?? []].flat().flatMap((line) => line.split(',')).map((item) => item.trim());
}

/**
 * Reads requests under DEVOLVE_TRUSTED_PROXIES (config.ts: addresses and CIDR ranges). Only a peer
 * in those ranges is believed: its X-Forwarded-For is walked from the right (each proxy appends the
 * address it received from) past further trusted proxies to the first address that is not one,
 * which a client cannot forge because a trusted proxy wrote it; and its X-Forwarded-Proto (the
 * last value, set by the nearest proxy) says whether the client used https. From any other peer
 * both headers are ignored: otherwise any client could choose its rate-limit address.
 */
export function clientConnectionReader(trustedProxies: readonly string[]): (request: IncomingMessage) => ClientConnection {
  const trusted = new BlockList();
  for (const range of trustedProxies) {
    const [address, prefix] = range.split('/') as [string, string];
    trusted.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  // Without trusted proxies (the default) no address is checked: BlockList.check was a measurable
  // part of a request's Node CPU.
  const trusts = trustedProxies.length === 0 ? () => false : (address: string) => trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

  return (request) => {
    const peer = request.socket.remoteAddress;
    // No address once the socket has closed; such a request gets no answer anyway.
    if (peer === undefined) return { address: 'unknown', https: false };
    let address = normalizedAddress(peer);
    if (!trusts(address)) return { address, https: false };
    const forwardedFor = headerValues(request.headers['x-forwarded-for']);
    for (const hop of forwardedFor.reverse()) {
      // Not an address: the hop before it wrote nonsense, so the last trusted one is all we know.
      if (isIP(hop) === 0) break;
      address = normalizedAddress(hop);
      if (!trusts(address)) break;
    }
    return { address, https: headerValues(request.headers['x-forwarded-proto']).at(-1)?.toLowerCase() === 'https' };
  };
}
