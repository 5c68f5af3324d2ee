import ipaddr from "ipaddr.js";

/**
 * IPv6 clients are usually handed a whole /64 and can pick any address in
 * it, so they are counted by that network; IPv4 clients by their address.
 */
export function addressBucket(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 100);
  const ip = ipaddr.process(address);
  if (ip.kind() === "ipv4") return ip.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${ip.toString()}/64`).toString()}/64`;
}
