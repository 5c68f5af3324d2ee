import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  anonymousClient,
  databases,
  errorCode,
  fieldErrors,
  outcome,
  register,
  rejection,
  signedInClient,
  startServer,
  unique,
  type ParkClient,
  type TestServer,
} from "./helpers.ts";

describe.each(databases)("auth over HTTP on %s", (kind) => {
  let server: TestServer;
  let anon: ParkClient;

  beforeAll(async () => {
    server = await startServer(kind);
    anon = anonymousClient(server.url);
  });

  afterAll(async () => {
    await server?.stop();
  });

  const login = (loginName: string, password: string) => anon.auth.login.mutate({ login: loginName, password });
  const refresh = (refreshToken: string) => anon.auth.refresh.mutate({ refreshToken });

  describe("register", () => {
    test("returns the user without a password hash, and a working token pair", async () => {
      const username = unique("Reg_");
      const email = `${username}@Example.COM`;
      const before = Date.now();
      const result = await anon.auth.register.mutate({ username, email, password: "correct horse 1" });

      expect(Object.keys(result.user).sort()).toEqual(["createdAt", "email", "id", "phone", "role", "username"]);
      expect(JSON.stringify(result)).not.toMatch(/password|hash|\$argon2/i);
      expect(result.user).toMatchObject({ username, email: email.toLowerCase(), role: "user", phone: null });
      expect(result.user.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(result.user.createdAt.getTime() - before)).toBeLessThan(60_000);
      expect(result.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(result.refreshToken.length).toBeGreaterThanOrEqual(32);

      const me = await signedInClient(server.url, result).client.auth.me.query();
      expect(me.id).toBe(result.user.id);
    });

    test("keeps an optional phone", async () => {
      const username = unique("phone_");
      const result = await anon.auth.register.mutate({ username, email: `${username}@example.com`, password: "password123", phone: "+351 912 345 678" });
      expect(result.user.phone).toBe("+351 912 345 678");
    });

    test("a taken username is a CONFLICT that says so, whatever its case", async () => {
      const first = await register(server);
      for (const username of [first.username, first.username.toUpperCase()]) {
        const error = await rejection(anon.auth.register.mutate({ username, email: `${unique("other_")}@example.com`, password: "password123" }));
        expect(errorCode(error)).toBe("CONFLICT");
        expect(error.message).toMatch(/username/i);
        expect(error.message).not.toMatch(/email/i);
      }
    });

    test("a taken email is a CONFLICT that says so, whatever its case", async () => {
      const first = await register(server);
      for (const email of [first.email, first.email.toUpperCase()]) {
        const error = await rejection(anon.auth.register.mutate({ username: unique("other_"), email, password: "password123" }));
        expect(errorCode(error)).toBe("CONFLICT");
        expect(error.message).toMatch(/email/i);
        expect(error.message).not.toMatch(/username/i);
      }
    });

    const megabyte = "a".repeat(1024 * 1024);
    const valid = () => {
      const username = unique("val_");
      return { username, email: `${username}@example.com`, password: "password123" };
    };
    const invalidInputs: [string, () => Record<string, unknown>, string[]][] = [
      ["a username of 2 characters", () => ({ ...valid(), username: "ab" }), ["username"]],
      ["a username of 33 characters", () => ({ ...valid(), username: "u".repeat(33) }), ["username"]],
      ["a username with a space", () => ({ ...valid(), username: "bad name" }), ["username"]],
      ["a username with '@'", () => ({ ...valid(), username: "bad@name" }), ["username"]],
      ["a username with a non-ASCII letter", () => ({ ...valid(), username: "jos\u00e9" }), ["username"]],
      ["an email without '@'", () => ({ ...valid(), email: "not-an-email" }), ["email"]],
      ["an email without a domain", () => ({ ...valid(), email: "someone@" }), ["email"]],
      ["a password of 7 characters", () => ({ ...valid(), password: "1234567" }), ["password"]],
      ["a password of 129 characters", () => ({ ...valid(), password: "p".repeat(129) }), ["password"]],
      ["a malformed phone", () => ({ ...valid(), phone: "call me" }), ["phone"]],
      ["no fields at all", () => ({}), ["username", "email", "password"]],
      ["a missing password", () => ({ ...valid(), password: undefined }), ["password"]],
      ["an unknown extra field", () => ({ ...valid(), isAdmin: true }), ["isAdmin"]],
      ["a number for the username", () => ({ ...valid(), username: 12345 }), ["username"]],
      ["a boolean for the email", () => ({ ...valid(), email: true }), ["email"]],
      ["an object for the password", () => ({ ...valid(), password: { length: 12 } }), ["password"]],
      ["null for the username", () => ({ ...valid(), username: null }), ["username"]],
      ["a 1 MB username", () => ({ ...valid(), username: megabyte }), ["username"]],
      ["a 1 MB password", () => ({ ...valid(), password: megabyte }), ["password"]],
      ["a 1 MB email", () => ({ ...valid(), email: `${megabyte}@example.com` }), ["email"]],
    ];

    test.each(invalidInputs)("%s is a BAD_REQUEST naming the field, and creates nobody", async (_, input, fields) => {
      const values = input();
      const usersBefore = await server.prisma.user.count();
      const error = await rejection(anon.auth.register.mutate(values as never));
      expect(errorCode(error)).toBe("BAD_REQUEST");
      expect(error.data).toMatchObject({ httpStatus: 400 });
      const named = fieldErrors(error);
      for (const field of fields) {
        expect(named[field], `fieldErrors.${field} in ${JSON.stringify(named).slice(0, 300)}`).toEqual(expect.arrayContaining([expect.any(String)]));
      }
      // The error must not echo a megabyte back.
      expect(JSON.stringify(error.data).length).toBeLessThan(10_000);
      expect(await server.prisma.user.count()).toBe(usersBefore);
    });

    test("a 1 MB login or refresh token is a BAD_REQUEST too", async () => {
      expect(errorCode(await rejection(login(megabyte, "password123")))).toBe("BAD_REQUEST");
      expect(fieldErrors(await rejection(login("someone", megabyte))).password).toBeDefined();
      expect(fieldErrors(await rejection(refresh(megabyte))).refreshToken).toBeDefined();
    });
  });

  describe("login", () => {
    test("by email and by username, in any letter case", async () => {
      const account = await register(server, "user", "Case");
      const variants = [
        account.email,
        account.email.toUpperCase(),
        account.username,
        account.username.toUpperCase(),
        account.username.toLowerCase(),
        `  ${account.username}  `,
      ];
      for (const name of variants) {
        const result = await login(name, account.password);
        expect(result.user.id, name).toBe(account.id);
        expect(result.user.createdAt).toBeInstanceOf(Date);
      }
    });

    test("the password is case-sensitive", async () => {
      const account = await register(server);
      expect(await outcome(login(account.username, account.password.toUpperCase()))).toBe("UNAUTHORIZED");
    });

    test("a wrong password and an unknown user get the same answer", async () => {
      const account = await register(server);
      const wrongPassword = await rejection(login(account.username, "not-the-password"));
      const unknownUser = await rejection(login(unique("nobody_"), "not-the-password"));
      const unknownEmail = await rejection(login(`${unique("nobody_")}@example.com`, "not-the-password"));
      for (const error of [wrongPassword, unknownUser, unknownEmail]) {
        expect(errorCode(error)).toBe("UNAUTHORIZED");
        expect(error.message).toBe(wrongPassword.message);
      }
    });

    test("after 5 failures the login is refused even with the right password", async () => {
      const account = await register(server, "user", "Limit");
      for (let i = 0; i < 5; i++) {
        expect(await outcome(login(account.username, `wrong-${i}-password`))).toBe("UNAUTHORIZED");
      }
      const limited = await rejection(login(account.username, account.password));
      expect(errorCode(limited)).toBe("TOO_MANY_REQUESTS");
      // The same login name in another case is the same login.
      expect(await outcome(login(account.username.toUpperCase(), account.password))).toBe("TOO_MANY_REQUESTS");
      // Another account is not affected.
      const other = await register(server);
      expect(await outcome(login(other.username, other.password))).toBe("ok");
    });

    test("a success clears earlier failures", async () => {
      const account = await register(server);
      for (let i = 0; i < 4; i++) expect(await outcome(login(account.username, "wrong-password"))).toBe("UNAUTHORIZED");
      await login(account.username, account.password);
      for (let i = 0; i < 4; i++) expect(await outcome(login(account.username, "wrong-password"))).toBe("UNAUTHORIZED");
      expect(await outcome(login(account.username, account.password))).toBe("ok");
    });

    test("a disabled account cannot log in", async () => {
      const account = await register(server);
      await server.prisma.user.update({ where: { id: account.id }, data: { disabled: true } });
      expect(await outcome(login(account.username, account.password))).toBe("UNAUTHORIZED");
    });
  });

  describe("refresh", () => {
    test("returns a new pair, and the used refresh token is dead", async () => {
      const account = await register(server);
      const next = await refresh(account.tokens.refreshToken);
      expect(next.refreshToken).not.toBe(account.tokens.refreshToken);
      expect(next.user.id).toBe(account.id);
      expect(next.user.createdAt).toBeInstanceOf(Date);
      expect((await signedInClient(server.url, next).client.auth.me.query()).id).toBe(account.id);

      expect(errorCode(await rejection(refresh(account.tokens.refreshToken)))).toBe("UNAUTHORIZED");
    });

    test("re-using a rotated token revokes its whole family, and only that family", async () => {
      const account = await register(server);
      const otherSession = await login(account.username, account.password);
      const second = await refresh(account.tokens.refreshToken);
      const third = await refresh(second.refreshToken);

      expect(await outcome(refresh(account.tokens.refreshToken))).toBe("UNAUTHORIZED");
      // The newest token of the family dies with it.
      expect(await outcome(refresh(third.refreshToken))).toBe("UNAUTHORIZED");
      // A separate login is a separate family.
      expect(await outcome(refresh(otherSession.refreshToken))).toBe("ok");
    });

    test("two concurrent refreshes of one token: at most one succeeds", async () => {
      const account = await register(server);
      const results = await Promise.allSettled([refresh(account.tokens.refreshToken), refresh(account.tokens.refreshToken)]);
      const succeeded = results.filter((r) => r.status === "fulfilled");
      expect(succeeded.length).toBeLessThanOrEqual(1);
      for (const r of results) if (r.status === "rejected") expect(errorCode(r.reason)).toBe("UNAUTHORIZED");
    });

    test("when concurrent refreshes race, the losing re-use revokes the winner's new token too", async () => {
      // Several races at once make an ordering bug between claim and revocation show.
      const accounts = await Promise.all(Array.from({ length: 6 }, () => register(server)));
      const races = await Promise.all(accounts.map((a) => Promise.allSettled([refresh(a.tokens.refreshToken), refresh(a.tokens.refreshToken)])));
      for (const results of races) {
        const winners = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof refresh>>> => r.status === "fulfilled");
        expect(winners.length).toBeLessThanOrEqual(1);
        if (winners.length === 1) expect(await outcome(refresh(winners[0]!.value.refreshToken))).toBe("UNAUTHORIZED");
      }
    });

    test("garbage, empty and unknown refresh tokens are refused", async () => {
      expect(await outcome(refresh("not-a-token"))).toBe("UNAUTHORIZED");
      expect(await outcome(refresh("x".repeat(43)))).toBe("UNAUTHORIZED");
      expect(await outcome(refresh(""))).toBe("BAD_REQUEST");
    });

    test("a disabled user cannot refresh", async () => {
      const account = await register(server);
      await server.prisma.user.update({ where: { id: account.id }, data: { disabled: true } });
      expect(await outcome(refresh(account.tokens.refreshToken))).toBe("UNAUTHORIZED");
    });
  });

  describe("logout", () => {
    test("answers ok and the token no longer refreshes", async () => {
      const account = await register(server);
      expect(await anon.auth.logout.mutate({ refreshToken: account.tokens.refreshToken })).toEqual({ ok: true });
      expect(await outcome(refresh(account.tokens.refreshToken))).toBe("UNAUTHORIZED");
    });

    test("ends the tokens rotated from the same login as well", async () => {
      const account = await register(server);
      const next = await refresh(account.tokens.refreshToken);
      await anon.auth.logout.mutate({ refreshToken: account.tokens.refreshToken });
      expect(await outcome(refresh(next.refreshToken))).toBe("UNAUTHORIZED");
    });

    test("an unknown token is still ok and changes nothing else", async () => {
      const account = await register(server);
      expect(await anon.auth.logout.mutate({ refreshToken: "never-issued-token" })).toEqual({ ok: true });
      expect(await outcome(refresh(account.tokens.refreshToken))).toBe("ok");
    });
  });

  describe("me", () => {
    test("returns the signed-in user with a Date that survived the wire", async () => {
      const account = await register(server);
      const me = await account.client.auth.me.query();
      expect(me).toMatchObject({ id: account.id, username: account.username, email: account.email, role: "user", phone: null });
      expect(me.createdAt).toBeInstanceOf(Date);
      const stored = await server.prisma.user.findUniqueOrThrow({ where: { id: account.id } });
      expect(me.createdAt.getTime()).toBe(stored.createdAt.getTime());
      expect(JSON.stringify(me)).not.toMatch(/password|hash/i);
    });

    test("reports the role the database holds", async () => {
      const account = await register(server, "attendant");
      expect((await account.client.auth.me.query()).role).toBe("attendant");
    });
  });

  describe("changePassword", () => {
    test("a wrong current password is a BAD_REQUEST and changes nothing", async () => {
      const account = await register(server);
      const error = await rejection(account.client.auth.changePassword.mutate({ currentPassword: "not-the-password", newPassword: "brand-new-pass" }));
      expect(errorCode(error)).toBe("BAD_REQUEST");
      expect(await outcome(login(account.username, account.password))).toBe("ok");
      expect(await outcome(login(account.username, "brand-new-pass"))).toBe("UNAUTHORIZED");
      expect(await outcome(refresh(account.tokens.refreshToken))).toBe("ok");
    });

    test("a new password that is too short is a BAD_REQUEST naming newPassword", async () => {
      const account = await register(server);
      const error = await rejection(account.client.auth.changePassword.mutate({ currentPassword: account.password, newPassword: "short" }));
      expect(errorCode(error)).toBe("BAD_REQUEST");
      expect(fieldErrors(error).newPassword).toBeDefined();
    });

    test("with the right password: ok, every refresh token of the user is revoked, only the new password works", async () => {
      const account = await register(server);
      const phone = await login(account.email, account.password);
      const laptop = await login(account.username, account.password);
      const stranger = await register(server);

      expect(await account.client.auth.changePassword.mutate({ currentPassword: account.password, newPassword: "the-new-password" })).toEqual({ ok: true });

      for (const token of [account.tokens.refreshToken, phone.refreshToken, laptop.refreshToken]) {
        expect(await outcome(refresh(token))).toBe("UNAUTHORIZED");
      }
      expect(await outcome(refresh(stranger.tokens.refreshToken))).toBe("ok");
      expect(await outcome(login(account.username, account.password))).toBe("UNAUTHORIZED");
      const fresh = await login(account.username, "the-new-password");
      expect(fresh.user.id).toBe(account.id);
      expect(await outcome(refresh(fresh.refreshToken))).toBe("ok");
    });

    test("needs a signed-in user", async () => {
      expect(await outcome(anon.auth.changePassword.mutate({ currentPassword: "whatever1", newPassword: "whatever2" }))).toBe("UNAUTHORIZED");
    });
  });
});
