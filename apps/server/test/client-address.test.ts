// Which address a request counts against, and what TRUST_PROXY accepts.
import type { IncomingMessage } from "node:http";
import { addressBucket } from "@park/api";
import { describe, expect, test } from "vitest";
import { clientInfo } from "../src/client-address.ts";
import { ConfigError, loadEnv } from "../src/env.ts";

function request(remoteAddress: string | undefined, headers: Record<string, string> = {}, encrypted = false): IncomingMessage {
  return { socket: { remoteAddress, encrypted }, headers } as unknown as IncomingMessage;
}

describe("TRUST_PROXY and the per-address limits in the configuration", () => {
  const load = (vars: Record<string, string>) => loadEnv({ ...vars });

  test.each([
    [undefined, 0],
    ["false", 0],
    ["0", 0],
    ["true", 1],
    ["1", 1],
    ["2", 2],
    ["loopback", ["loopback"]],
    ["10.0.0.0/8, 192.168.1.7 ,uniquelocal", ["10.0.0.0/8", "192.168.1.7", "uniquelocal"]],
    ["::1, fd00::/8", ["::1", "fd00::/8"]],
  ])("TRUST_PROXY=%s", (value, expected) => {
    expect(load(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  test.each(["yes", "10.0.0.0/33", "not-an-address", "10.0.0.1,,10.0.0.2", "-1"])("TRUST_PROXY=%s is refused, naming the variable", (value) => {
    expect(() => load({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => load({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY must be a number of proxies, or a comma-separated list/);
  });

  test("the per-address limits default to 50 failed logins and 20 registrations", () => {
    expect(load({})).toMatchObject({ LOGIN_FAILURES_PER_ADDRESS: 50, REGISTRATIONS_PER_ADDRESS: 20 });
    expect(load({ LOGIN_FAILURES_PER_ADDRESS: "7", REGISTRATIONS_PER_ADDRESS: "3" })).toMatchObject({
      LOGIN_FAILURES_PER_ADDRESS: 7,
      REGISTRATIONS_PER_ADDRESS: 3,
    });
  });

  test("live subscriptions default to 50 per client", () => {
    expect(load({}).MAX_SUBSCRIPTIONS_PER_CLIENT).toBe(50);
    expect(load({ MAX_SUBSCRIPTIONS_PER_CLIENT: "300" }).MAX_SUBSCRIPTIONS_PER_CLIENT).toBe(300);
  });

  test.each([
    ["LOGIN_FAILURES_PER_ADDRESS", "0"],
    ["LOGIN_FAILURES_PER_ADDRESS", "many"],
    ["REGISTRATIONS_PER_ADDRESS", "2.5"],
    ["MAX_SUBSCRIPTIONS_PER_CLIENT", "0"],
    ["MAX_SUBSCRIPTIONS_PER_CLIENT", "lots"],
  ])("%s=%s is refused", (name, value) => {
    expect(() => load({ [name]: value })).toThrow(new RegExp(`^invalid configuration: ${name} `));
  });
});

describe("the client address", () => {
  test("without trusted proxies it is the socket's peer, whatever X-Forwarded-For says", () => {
    const client = clientInfo(0);
    expect(client.address(request("192.0.2.10", { "x-forwarded-for": "203.0.113.9" }))).toBe("192.0.2.10");
  });

  test("a hop count believes that many proxies, from the socket outwards", () => {
    const chain = { "x-forwarded-for": "198.51.100.1, 203.0.113.9, 10.0.0.2" };
    expect(clientInfo(1).address(request("10.0.0.1", chain))).toBe("10.0.0.2");
    expect(clientInfo(2).address(request("10.0.0.1", chain))).toBe("203.0.113.9");
    // More hops than the chain has ends at its far end.
    expect(clientInfo(9).address(request("10.0.0.1", chain))).toBe("198.51.100.1");
  });

  test("a list believes only those addresses, and stops at the first stranger", () => {
    const client = clientInfo(["loopback", "10.0.0.0/8"]);
    const chain = { "x-forwarded-for": "198.51.100.1, 203.0.113.9, 10.0.0.2" };
    expect(client.address(request("127.0.0.1", chain))).toBe("203.0.113.9");
    // A peer that is not a trusted proxy cannot name anyone.
    expect(client.address(request("192.0.2.10", chain))).toBe("192.0.2.10");
    expect(client.address(request("::ffff:127.0.0.1", chain))).toBe("203.0.113.9");
  });

  test("a forwarded entry that is not an address falls back to the hop that sent it", () => {
    expect(clientInfo(1).address(request("10.0.0.1", { "x-forwarded-for": "not-an-ip" }))).toBe("10.0.0.1");
    expect(clientInfo(0).address(request(undefined))).toBe("unknown");
  });

  test("TLS: this connection, or X-Forwarded-Proto from a trusted proxy only", () => {
    expect(clientInfo(0).secure(request("192.0.2.10", {}, true))).toBe(true);
    expect(clientInfo(0).secure(request("192.0.2.10", { "x-forwarded-proto": "https" }))).toBe(false);
    expect(clientInfo(1).secure(request("10.0.0.1", { "x-forwarded-proto": "https" }))).toBe(true);
    expect(clientInfo(1).secure(request("10.0.0.1", { "x-forwarded-proto": "http" }))).toBe(false);
    expect(clientInfo(["10.0.0.0/8"]).secure(request("192.0.2.10", { "x-forwarded-proto": "https" }))).toBe(false);
    expect(clientInfo(["10.0.0.0/8"]).secure(request("10.1.2.3", { "x-forwarded-proto": "HTTPS, http" }))).toBe(true);
  });
});

describe("the budget an address counts against", () => {
  test("an IPv4 address, however it is written, is its own", () => {
    expect(addressBucket("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  test("IPv6 addresses share their /64", () => {
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
  });
});
