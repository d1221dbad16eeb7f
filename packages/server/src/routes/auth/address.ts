import { isIPv6 } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * Who is asking, for the per-address login limit: the peer of the TCP connection.
 * X-Forwarded-For is not read, since any client can write it and so pick a fresh address for
 * every guess. The price: behind a reverse proxy every client has the proxy's address and shares
 * one budget. (Trusting the proxy's header would need an option naming the proxy; there is none yet.)
 */
export function clientAddress(c: Context): string {
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    // Not served by @hono/node-server (no socket to ask): every such caller shares one budget.
  }
  return address ? addressKey(address) : 'unknown';
}

/**
 * One budget per client: an IPv4 address as it is (an IPv4-mapped IPv6 one too); an IPv6 address
 * by its /64, the block one subscriber is usually given, so that taking a new address per guess
 * gains nothing.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, `::` expanded, without leading zeros. */
function ipv6Groups(address: string): string[] {
  const bare = address.split('%')[0]!;
  const [head, tail] = bare.split('::') as [string, string | undefined];
  // A dotted IPv4 tail takes two groups; only their number matters here (they are past the /64).
  const groups = (part: string | undefined) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return all.map((g) => parseInt(g, 16).toString(16));
}
