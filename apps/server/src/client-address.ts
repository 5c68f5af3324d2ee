import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import proxyaddr from "proxy-addr";

/** How many proxies in front of the server to believe, or the addresses and subnets that are ours. */
export type TrustProxy = number | string[];

const trustProxyHelp = "must be a number of proxies, or a comma-separated list of addresses, subnets (CIDR) or loopback, linklocal, uniquelocal";

/** Reads TRUST_PROXY; throws with the reason when it is neither a hop count nor a list proxy-addr accepts. */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim().toLowerCase();
  if (text === "false") return 0;
  // Believing every hop would let any client name its own address, so "true" means the one proxy in front.
  if (text === "true") return 1;
  if (/^\d+$/.test(text)) return Number(text);
  const list = text.split(",").map((entry) => entry.trim());
  if (list.some((entry) => entry === "")) throw new Error(trustProxyHelp);
  try {
    proxyaddr.compile(list);
  } catch (error) {
    throw new Error(`${trustProxyHelp} (${(error as Error).message})`, { cause: error });
  }
  return list;
}

export interface ClientInfo {
  /** The client's address: the socket's peer, or the nearest address the trusted proxies forwarded. */
  address(req: IncomingMessage): string;
  /** Whether the client reached us over TLS: this connection, or a trusted proxy's `X-Forwarded-Proto`. */
  secure(req: IncomingMessage): boolean;
}

export function clientInfo(trustProxy: TrustProxy): ClientInfo {
  const trusted = typeof trustProxy === "number" ? (_address: string, hop: number) => hop < trustProxy : proxyaddr.compile(trustProxy);
  return {
    address: (req) => {
      // From the socket outwards, up to the first address not trusted to forward.
      const chain = proxyaddr.all(req, trusted);
      // Anything that is not an address (a garbled header) says nothing: fall back to the hop that sent it.
      for (let i = chain.length - 1; i >= 0; i--) {
        const candidate = chain[i];
        if (candidate && isIP(candidate)) return candidate;
      }
      return "unknown";
    },
    secure: (req) => {
      if ((req.socket as Partial<TLSSocket>).encrypted) return true;
      const peer = req.socket.remoteAddress;
      if (!peer || !trusted(peer, 0)) return false;
      const proto = req.headers["x-forwarded-proto"];
      // The first entry is what the outermost proxy saw from the client.
      return typeof proto === "string" && proto.split(",")[0]!.trim().toLowerCase() === "https";
    },
  };
}
