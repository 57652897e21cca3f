import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { can, type Principal } from '../http/access.ts';
import type { Authenticator } from '../http/authenticate.ts';
import { RigError } from '../lib/errors.ts';

export interface WriteAccessOptions {
  /** Authenticates tokens; undefined when authentication is off (then anyone may write). */
  authenticator: Authenticator | undefined;
  /** Networks whose connections may write without a token (CIDRs). */
  trustedNetworks: readonly string[];
  /** Reverse proxies whose X-Forwarded-For is believed (http.trustProxy). */
  trustProxy?: readonly string[];
}

/** `::ffff:10.0.0.1` (an IPv4 client of a dual-stack socket) is the IPv4 address it carries. */
function normalise(address: string): { address: string; type: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], type: 'ipv4' };
  if (isIPv4(address)) return { address, type: 'ipv4' };
  if (isIPv6(address)) return { address, type: 'ipv6' };
  return undefined;
}

/**
 * Who may write on the sidecar face (issue 3, item 5): reads are open to all, as on R2lab;
 * `info` and `delete` need a trusted address (the monitors on the gateway) or an API token
 * of a principal allowed to write status, given on the URL (`?token=rig_…`) or in an
 * `Authorization: Bearer` header of the handshake.
 */
function networks(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const network of cidrs) {
    const [address, bits] = network.split('/');
    const parsed = normalise(address ?? '');
    if (parsed) list.addSubnet(parsed.address, Number(bits), parsed.type);
  }
  return list;
}

const within = (list: BlockList, address: string) => {
  const parsed = normalise(address);
  return parsed !== undefined && list.check(parsed.address, parsed.type);
};

export class WriteAccess {
  private readonly trusted: BlockList;
  private readonly proxies: BlockList;

  constructor(private readonly options: WriteAccessOptions) {
    this.trusted = networks(options.trustedNetworks);
    this.proxies = networks(options.trustProxy ?? []);
  }

  /** Whether authentication is on at all. */
  get enforced(): boolean {
    return this.options.authenticator !== undefined;
  }

  /**
   * The client's address, and whether it may write without a token. Behind a trusted proxy
   * it is the address the proxy forwarded. A connection forwarded by a proxy that is not
   * trusted is never trusted: behind nginx on the same host, every connection would
   * otherwise come from 127.0.0.1.
   */
  peerOf(request: IncomingMessage): { address: string; trusted: boolean } {
    const peer = request.socket.remoteAddress ?? '?';
    const header = request.headers['x-forwarded-for'];
    if (header === undefined) return { address: peer, trusted: this.trusts(peer) };
    if (!within(this.proxies, peer)) return { address: peer, trusted: !this.enforced };
    // The nearest hop that is not one of our proxies is the client (as fastify's trustProxy).
    const hops = [header]
      .flat()
      .join(',')
      .split(',')
      .map((hop) => hop.trim());
    let client = peer;
    for (let i = hops.length - 1; i >= 0 && within(this.proxies, client); i--) client = hops[i] || client;
    return { address: client, trusted: this.trusts(client) };
  }

  /** Whether a connection from this address may write without a token. */
  trusts(address: string): boolean {
    return !this.enforced || within(this.trusted, address);
  }

  /** The token a handshake carries, if any; a malformed Authorization header is an error. */
  tokenOf(request: IncomingMessage): string | undefined {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1])
        throw new RigError('RIG_ERR_UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
      return match[1];
    }
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'ws://sidecar');
    } catch {
      throw new RigError('RIG_ERR_BAD_REQUEST', 'malformed request URL');
    }
    return url.searchParams.get('token') || undefined;
  }

  /** The token's principal, whatever it may do; undefined when unknown, revoked or expired. */
  async identify(token: string): Promise<Principal | undefined> {
    return this.options.authenticator?.fromToken(token);
  }

  /**
   * The principal whose token allows writing status now, or undefined. Called on every
   * write: the credentials' cache makes it cheap, and a revocation empties that cache.
   */
  async writer(token: string): Promise<Principal | undefined> {
    const principal = await this.identify(token);
    return principal && can(principal, 'status:write') ? principal : undefined;
  }
}
