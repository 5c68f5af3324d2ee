import type { Page } from "playwright-core";
import { expect } from "vitest";

export interface Account {
  username: string;
  email: string;
  password: string;
}

export async function signUp(page: Page, account: Account & { phone?: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  if (account.phone) await page.getByLabel("Phone").fill(account.phone);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, login: string, password: string, path = "/sign-in") {
  await page.goto(path);
  await fillSignIn(page, login, password);
}

/** Submits the sign-in form and returns once the server has answered. */
export async function fillSignIn(page: Page, login: string, password: string) {
  await page.getByLabel("Email or username").fill(login);
  await page.getByLabel("Password", { exact: true }).fill(password);
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith("/auth.login"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in\?reason=signed-out&next=/);
}

/** The value shown next to `label` on a page of label–value facts. */
export function fact(page: Page, label: string) {
  return page.getByLabel(label, { exact: true });
}

export async function expectProfile(page: Page, account: Account) {
  await page.waitForURL(/\/profile$/);
  await page.getByRole("heading", { name: "Your profile" }).waitFor();
  expect(await fact(page, "Username").textContent()).toBe(account.username);
  expect(await fact(page, "Email").textContent()).toBe(account.email);
}

/** Waits for an alert and returns the text of every alert on the page. */
export async function alertText(page: Page): Promise<string> {
  const alert = page.getByRole("alert");
  await alert.first().waitFor();
  return (await alert.allTextContents()).join(" | ");
}
