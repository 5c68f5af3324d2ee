import { randomUUID } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { anonymousClient, errorCode, jwtSecret, outcome, rawTokenClient, register, rejection, startServer, type Account, type TestServer } from "./helpers.ts";

const key = new TextEncoder().encode(jwtSecret);

interface Claims {
  sub?: string | undefined;
  role?: string;
  issuer?: string | null;
  audience?: string | null;
  /** Seconds relative to now; null leaves the claim out. */
  expiresIn?: number | null;
  issuedAgo?: number;
  alg?: string;
  secret?: Uint8Array;
}

/** Signs an access token the way the server does unless told otherwise. */
async function sign(claims: Claims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ role: claims.role ?? "user" } satisfies JWTPayload)
    .setProtectedHeader({ alg: claims.alg ?? "HS256", typ: "JWT" })
    .setIssuedAt(now - (claims.issuedAgo ?? 0));
  if (claims.sub !== undefined) jwt.setSubject(claims.sub);
  if (claims.issuer !== null) jwt.setIssuer(claims.issuer ?? "park");
  if (claims.audience !== null) jwt.setAudience(claims.audience ?? "park-api");
  if (claims.expiresIn !== null) jwt.setExpirationTime(now + (claims.expiresIn ?? 900));
  return jwt.sign(claims.secret ?? key);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

describe("access tokens on auth.me", () => {
  let server: TestServer;
  let account: Account;

  beforeAll(async () => {
    server = await startServer("pglite");
    account = await register(server, "user", "tok");
  });

  afterAll(async () => {
    await server?.stop();
  });

  const me = (authorization: string) => rawTokenClient(server.url, authorization).auth.me.query();
  const bearer = (token: string) => me(`Bearer ${token}`);

  test("positive control: the server's own token and a token signed like it both work", async () => {
    expect((await bearer(account.tokens.accessToken)).id).toBe(account.id);
    expect((await bearer(await sign({ sub: account.id }))).id).toBe(account.id);
    // The scheme is case-insensitive.
    expect((await me(`bearer ${account.tokens.accessToken}`)).id).toBe(account.id);
  });

  test("no token at all", async () => {
    const error = await rejection(anonymousClient(server.url).auth.me.query());
    expect(errorCode(error)).toBe("UNAUTHORIZED");
    expect(error.data).toMatchObject({ httpStatus: 401 });
  });

  const forged: [string, () => Promise<string>][] = [
    [
      "an alg:none token",
      async () =>
        `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: account.id, role: "admin", iss: "park", aud: "park-api", exp: Math.floor(Date.now() / 1000) + 900 })}.`,
    ],
    ["a token signed with a wrong key", () => sign({ sub: account.id, secret: new TextEncoder().encode("another-secret-of-at-least-32-characters!!") })],
    [
      "a token whose payload was changed to role admin, signature kept",
      async () => {
        const [header, payload, signature] = account.tokens.accessToken.split(".") as [string, string, string];
        const claims = decode(payload);
        expect(claims.sub).toBe(account.id);
        return `${header}.${b64({ ...claims, role: "admin" })}.${signature}`;
      },
    ],
    [
      "a token whose payload names another user, signature kept",
      async () => {
        const [header, payload, signature] = account.tokens.accessToken.split(".") as [string, string, string];
        return `${header}.${b64({ ...decode(payload), sub: randomUUID() })}.${signature}`;
      },
    ],
    ["an expired token", () => sign({ sub: account.id, issuedAgo: 3600, expiresIn: -60 })],
    ["a token without exp", () => sign({ sub: account.id, expiresIn: null })],
    ["a token with a wrong issuer", () => sign({ sub: account.id, issuer: "someone-else" })],
    ["a token without issuer", () => sign({ sub: account.id, issuer: null })],
    ["a token with a wrong audience", () => sign({ sub: account.id, audience: "other-api" })],
    ["a token without audience", () => sign({ sub: account.id, audience: null })],
    ["a token without subject", () => sign({})],
    ["a token signed with HS512 and the right key", () => sign({ sub: account.id, alg: "HS512" })],
    ["a refresh token used as an access token", async () => account.tokens.refreshToken],
    ["a garbage string", async () => "garbage"],
    ["three dots of garbage", async () => "a.b.c"],
    ["base64 junk in JWT shape", async () => `${b64({ alg: "HS256" })}.not-json.${"A".repeat(43)}`],
    ["a 3000-character token", async () => "x".repeat(3000)],
  ];

  test.each(forged)("%s is UNAUTHORIZED", async (_, make) => {
    const error = await rejection(bearer(await make()));
    expect(errorCode(error)).toBe("UNAUTHORIZED");
    expect(error.data).toMatchObject({ httpStatus: 401 });
  });

  test.each([
    ["an empty bearer", "Bearer "],
    ["a Basic header", `Basic ${Buffer.from("user:pass").toString("base64")}`],
    ["the token without a scheme", "TOKEN"],
    ["two tokens", "Bearer a b"],
  ])("%s is UNAUTHORIZED", async (_, header) => {
    const value = header === "TOKEN" ? account.tokens.accessToken : header;
    expect(await outcome(me(value))).toBe("UNAUTHORIZED");
  });

  test("a correctly signed token whose subject is not a user id is UNAUTHORIZED, not an internal error", async () => {
    expect(await outcome(bearer(await sign({ sub: "not-a-uuid" })))).toBe("UNAUTHORIZED");
    expect(await outcome(bearer(await sign({ sub: "" })))).toBe("UNAUTHORIZED");
  });

  test("a valid token of a user who is then disabled stops working, and works again when re-enabled", async () => {
    const victim = await register(server, "user", "dis");
    expect(await outcome(bearer(victim.tokens.accessToken))).toBe("ok");
    await server.prisma.user.update({ where: { id: victim.id }, data: { disabled: true } });
    expect(await outcome(bearer(victim.tokens.accessToken))).toBe("UNAUTHORIZED");
    await server.prisma.user.update({ where: { id: victim.id }, data: { disabled: false } });
    expect(await outcome(bearer(victim.tokens.accessToken))).toBe("ok");
  });

  test("a valid token of a deleted user is UNAUTHORIZED", async () => {
    const gone = await register(server, "user", "del");
    expect(await outcome(bearer(gone.tokens.accessToken))).toBe("ok");
    await server.prisma.user.delete({ where: { id: gone.id } });
    expect(await outcome(bearer(gone.tokens.accessToken))).toBe("UNAUTHORIZED");
  });

  test("a well-formed token for a user id that never existed is UNAUTHORIZED", async () => {
    expect(await outcome(bearer(await sign({ sub: randomUUID() })))).toBe("UNAUTHORIZED");
  });

  test("the role in a token grants nothing: the database's role is used", async () => {
    const token = await sign({ sub: account.id, role: "admin" });
    expect((await bearer(token)).role).toBe("user");
  });
});
