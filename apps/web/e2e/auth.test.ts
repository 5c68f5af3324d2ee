import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { newAccount } from "./accounts.ts";
import { useBrowser } from "./browser.ts";
import { alertText, expectProfile, fact, fillSignIn, signIn, signOut, signUp } from "./flows.ts";

const browsing = useBrowser();

async function storedTokens(page: Page): Promise<{ accessToken: string; refreshToken: string }> {
  const pair = await page.evaluate(() => JSON.parse(localStorage.getItem("park.tokens") ?? "null") as unknown);
  expect(pair).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
  return pair as { accessToken: string; refreshToken: string };
}

/** Makes the stored access token worthless, as if it had expired, keeping the refresh token. */
async function spoilAccessToken(page: Page) {
  await page.evaluate(() => {
    const pair = JSON.parse(localStorage.getItem("park.tokens") ?? "null") as { refreshToken: string };
    localStorage.setItem("park.tokens", JSON.stringify({ ...pair, accessToken: "expired-or-forged" }));
  });
}

/** What the server answers when asked to renew `refreshToken` (superjson over HTTP). */
async function refreshStatus(baseUrl: string, refreshToken: string): Promise<number> {
  const response = await fetch(`${baseUrl}/trpc/auth.refresh`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: { refreshToken } }),
  });
  return response.status;
}

describe("accounts", () => {
  test("sign up, sign out, sign in again by username", async () => {
    const { page } = browsing;
    const account = newAccount("signup");
    await signUp(page, { ...account, phone: "+1 555 0100" });
    await expectProfile(page, account);
    expect(await fact(page, "Role").textContent()).toBe("user");
    expect(await fact(page, "Phone").textContent()).toBe("+1 555 0100");
    expect(await fact(page, "Member since").textContent()).toMatch(/\d{4}/);

    // The session survives a reload: the tokens live in localStorage.
    await page.reload();
    await expectProfile(page, account);

    const { refreshToken } = await storedTokens(page);
    await signOut(page);
    expect(await page.getByRole("status").textContent()).toBe("You have signed out.");
    expect(await page.evaluate(() => localStorage.getItem("park.tokens"))).toBeNull();
    // Signing out revoked the refresh token on the server, not only in the browser.
    expect(await refreshStatus(browsing.baseUrl, refreshToken)).toBe(401);
    await page.goto("/profile");
    await page.waitForURL(/\/sign-in\?next=%2Fprofile$/);

    await fillSignIn(page, account.username, account.password);
    await expectProfile(page, account);
  });

  test("signs in by email in another letter case", async () => {
    const { page } = browsing;
    const account = newAccount("mailcase");
    await signUp(page, account);
    await expectProfile(page, account);
    await signOut(page);

    await signIn(page, account.email.toUpperCase(), account.password);
    await expectProfile(page, account);
    expect(await fact(page, "Phone").textContent()).toBe("Not given");
  });

  test("a wrong password shows the one sign-in error and signs nobody in", async () => {
    const { page } = browsing;
    const account = newAccount("wrongpw");
    await signUp(page, account);
    await expectProfile(page, account);
    await signOut(page);

    await signIn(page, account.username, "not-the-password");
    expect(await alertText(page)).toBe("Wrong login or password");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await page.evaluate(() => localStorage.getItem("park.tokens"))).toBeNull();

    // Unknown users get the very same message.
    await fillSignIn(page, `nobody_${account.username}`, "whatever-password");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await alertText(page)).toBe("Wrong login or password");
  });

  test("a taken username or email is refused with the conflict message", async () => {
    const { page } = browsing;
    const first = newAccount("taken");
    await signUp(page, first);
    await expectProfile(page, first);
    await signOut(page);

    const second = newAccount("other");
    await signUp(page, { ...second, username: first.username.toUpperCase() });
    expect(await alertText(page)).toBe("That username is taken");
    expect(new URL(page.url()).pathname).toBe("/sign-up");

    await page.getByLabel("Username").fill(second.username);
    await page.getByLabel("Email").fill(first.email);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").filter({ hasText: "That email is already registered" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-up");
  });

  test("invalid fields show the server's messages beside them", async () => {
    const { page } = browsing;
    await signUp(page, { username: "x", email: "not-an-email", password: "short" });
    expect(await alertText(page)).toBe("Please correct the highlighted fields.");
    const username = page.getByLabel("Username");
    await expect.poll(() => username.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByText("Username must be 3 to 32 characters").isVisible()).toBe(true);
    expect(await page.getByText("Must be a valid email address").isVisible()).toBe(true);
    expect(await page.getByText("Password must be 8 to 128 characters").isVisible()).toBe(true);
    expect(await page.getByLabel("Phone").getAttribute("aria-invalid")).toBeNull();
  });

  test("changing the password keeps this session and retires the old password", async () => {
    const { page } = browsing;
    const account = newAccount("chpw");
    await signUp(page, account);
    await expectProfile(page, account);

    await page.getByLabel("Current password").fill("wrong-current-password");
    await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
    await page.getByLabel("Repeat new password").fill("a-brand-new-password");
    await page.getByRole("button", { name: "Change password" }).click();
    expect(await alertText(page)).toBe("Current password is wrong");

    await page.getByLabel("Current password").fill(account.password);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("status").filter({ hasText: "Password changed." }).waitFor();

    // Still signed in after a reload, which needs a working refresh token.
    await spoilAccessToken(page);
    await page.reload();
    await expectProfile(page, account);

    await signOut(page);
    await fillSignIn(page, account.username, account.password);
    expect(await alertText(page)).toBe("Wrong login or password");
    await fillSignIn(page, account.username, "a-brand-new-password");
    await expectProfile(page, account);
  });
});

describe("sessions", () => {
  test("an expired access token is renewed with the refresh token", async () => {
    const { page } = browsing;
    const account = newAccount("renew");
    await signUp(page, account);
    await expectProfile(page, account);
    const before = await storedTokens(page);

    await spoilAccessToken(page);
    await page.reload();
    await expectProfile(page, account);
    const after = await storedTokens(page);
    expect(after.accessToken).not.toBe("expired-or-forged");
    expect(after.refreshToken).not.toBe(before.refreshToken);
  });

  test("a session that cannot be renewed sends the person to sign in", async () => {
    const { page } = browsing;
    await page.goto("/");
    await page.evaluate(() => localStorage.setItem("park.tokens", JSON.stringify({ accessToken: "forged", refreshToken: "revoked" })));
    await page.goto("/profile");
    await page.waitForURL(/\/sign-in\?reason=expired&next=%2Fprofile$/);
    expect(await page.getByRole("status").textContent()).toBe("Your session has ended. Please sign in again.");
    expect(await page.evaluate(() => localStorage.getItem("park.tokens"))).toBeNull();
    expect(await page.getByRole("heading", { name: "Your profile" }).count()).toBe(0);
  });
});
