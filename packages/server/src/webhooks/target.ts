import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent. A subscription names a URL chosen by a tenant admin, and the
 * server POSTs to it from inside its own network: without a guard that is a way to reach the
 * loopback interface, the private network or the cloud metadata service (SSRF). So, unless the
 * operator allows private targets (`--allow-private-webhooks`), a URL is refused at creation when
 * its host is such an address, and again before every delivery when its name resolves to one.
 */
export interface TargetOptions {
  /** Allow loopback, private, link-local and other non-public addresses (off by default). */
  allowPrivate?: boolean;
}

/** A URL the server will not send webhooks to; `message` in English, `messageZh` in Chinese. */
export class WebhookTargetError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

type Family = 4 | 6;

interface Range {
  en: string;
  zh: string;
  list: BlockList;
}

function range(en: string, zh: string, v4: Array<[string, number]>, v6: Array<[string, number]>): Range {
  const list = new BlockList();
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return { en, zh, list };
}

/**
 * The address ranges a webhook may not reach, first match names the kind. IPv4 rules also match
 * IPv4-mapped IPv6 addresses (::ffff:127.0.0.1), which BlockList checks as their IPv4 address.
 */
const RANGES: Range[] = [
  range('an unspecified address', '未指定地址', [['0.0.0.0', 8]], [['::', 128]]),
  range('a loopback address', '回环地址', [['127.0.0.0', 8]], [['::1', 128]]),
  range(
    'a private network address',
    '内网地址',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      // Carrier-grade NAT (shared address space).
      ['100.64.0.0', 10],
    ],
    // Unique local addresses.
    [['fc00::', 7]],
  ),
  // 169.254.169.254 is the cloud metadata service.
  range('a link-local address', '链路本地地址', [['169.254.0.0', 16]], [['fe80::', 10]]),
  range('a multicast address', '组播地址', [['224.0.0.0', 4]], [['ff00::', 8]]),
  range(
    'a reserved or special-purpose address',
    '保留或特殊用途地址',
    [
      ['192.0.0.0', 24],
      ['192.0.2.0', 24],
      ['192.88.99.0', 24],
      ['198.18.0.0', 15],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      // Reserved, and the broadcast address.
      ['240.0.0.0', 4],
    ],
    [
      // IPv4-compatible (deprecated) addresses; :: and ::1 are matched above.
      ['::', 96],
      // NAT64 and 6to4 / Teredo carry an IPv4 address that could be a private one.
      ['64:ff9b::', 96],
      ['64:ff9b:1::', 48],
      ['100::', 64],
      ['2001::', 23],
      ['2001:db8::', 32],
      ['2002::', 16],
      ['3fff::', 20],
      // Site-local (deprecated).
      ['fec0::', 10],
    ],
  ),
];

/** The kind of non-public range an IP address is in (English, Chinese), or undefined for a public address. */
export function blockedRange(address: string): { en: string; zh: string } | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const hit = RANGES.find((r) => r.list.check(address, type));
  return hit && { en: hit.en, zh: hit.zh };
}

/** The URL's host without the brackets of an IPv6 literal. */
function bareHost(url: URL): string {
  return url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname;
}

const ALLOW_HINT = ' (the server operator can allow private targets with --allow-private-webhooks)';
const ALLOW_HINT_ZH = '（服务器运维人员可用 --allow-private-webhooks 允许内网目标）';

/**
 * The check at creation time, without DNS: only http(s), no credentials, a host; and, unless
 * private targets are allowed, the host may not be an IP literal in a non-public range (nor a
 * `localhost` name). Returns the parsed URL; throws WebhookTargetError.
 */
export function checkWebhookUrl(url: string | URL, options: TargetOptions = {}): URL {
  const parsed = checkShape(url, options);
  if (options.allowPrivate) return parsed;
  // A name is not resolved here (it may not resolve yet, or differently later: delivery checks
  // again), except the ones that mean this machine by definition (RFC 6761).
  const host = bareHost(parsed);
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    throw new WebhookTargetError(
      `the host ${host} is a loopback name; webhooks may not be sent to private or reserved addresses${ALLOW_HINT}`,
      `主机 ${host} 指向本机回环地址；Webhook 不能发送到内网或保留地址${ALLOW_HINT_ZH}`,
    );
  }
  return parsed;
}

/** Scheme, credentials, host, and (unless allowed) an IP literal host in a non-public range. */
function checkShape(url: string | URL, options: TargetOptions): URL {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new WebhookTargetError('not a valid URL', '不是有效的网址');
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WebhookTargetError(`the scheme must be http or https, not "${scheme}"`, `协议必须是 http 或 https，而不是 "${scheme}"`);
  }
  if (parsed.username || parsed.password) throw new WebhookTargetError('a user name or password in the URL is not allowed', '网址中不允许包含用户名或密码');
  const host = bareHost(parsed);
  if (!host) throw new WebhookTargetError('the URL has no host', '网址缺少主机名');
  if (options.allowPrivate) return parsed;
  // The URL parser has already turned 0x7f.1 or 2130706433 into 127.0.0.1.
  const kind = blockedRange(host);
  if (kind) {
    throw new WebhookTargetError(
      `the host ${host} is ${kind.en}; webhooks may not be sent to private or reserved addresses${ALLOW_HINT}`,
      `主机 ${host} 是${kind.zh}；Webhook 不能发送到内网或保留地址${ALLOW_HINT_ZH}`,
    );
  }
  return parsed;
}

export interface ResolvedAddress {
  address: string;
  family: Family;
}

/** A checked delivery target: connect only to `addresses`, while speaking HTTP (Host, SNI) to `host`. */
export interface DeliveryTarget {
  url: URL;
  /** The URL's host name or IP literal, without brackets. */
  host: string;
  /** Every address the name resolved to, each one checked. */
  addresses: ResolvedAddress[];
}

export type Lookup = (hostname: string, options: { all: true; verbatim: true }) => Promise<Array<{ address: string; family: number }>>;

/**
 * The check before each delivery: the URL's shape as in checkWebhookUrl, then the host name is resolved and, unless
 * private targets are allowed, refused if ANY of its addresses is in a non-public range (a name
 * with one public and one private address could be answered either way on connect). The caller
 * must connect to one of the returned addresses, not resolve the name again: that would let a
 * name that changes its answer (DNS rebinding) slip past the check.
 */
export async function resolveDeliveryTarget(url: string | URL, options: TargetOptions & { lookup?: Lookup } = {}): Promise<DeliveryTarget> {
  // The same rules as at creation (a row may predate them), and then the name's addresses.
  const parsed = checkShape(url, options);
  const host = bareHost(parsed);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal !== 0) addresses = [{ address: host, family: literal as Family }];
  else {
    const lookup: Lookup = options.lookup ?? ((name, o) => dnsLookup(name, o));
    const found = await lookup(host, { all: true, verbatim: true });
    addresses = found.map((a) => ({ address: a.address, family: (a.family === 6 ? 6 : 4) as Family }));
    if (addresses.length === 0) throw new WebhookTargetError(`the host ${host} has no address`, `主机 ${host} 没有解析到任何地址`);
  }
  if (!options.allowPrivate) {
    for (const a of addresses) {
      const kind = blockedRange(a.address);
      if (kind) {
        throw new WebhookTargetError(
          `the host ${host} resolves to ${a.address}, ${kind.en}; webhooks may not be sent to private or reserved addresses${ALLOW_HINT}`,
          `主机 ${host} 解析为 ${a.address}（${kind.zh}）；Webhook 不能发送到内网或保留地址${ALLOW_HINT_ZH}`,
        );
      }
    }
  }
  return { url: parsed, host, addresses };
}
