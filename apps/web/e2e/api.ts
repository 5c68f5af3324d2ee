import { createParkClient, memoryTokenStore, type ParkClient, type TokenPair } from "@park/sdk";
import type { Page } from "playwright-core";
import { newAccount, type adminAccount } from "./accounts.ts";

type Credentials = typeof adminAccount;

/** A client of the test server, signed in when given tokens. */
export function apiClient(baseUrl: string, tokens: TokenPair | null = null): ParkClient {
  return createParkClient({ url: baseUrl, tokens: memoryTokenStore(tokens), batch: false });
}

export interface Person {
  /** Tokens for the browser; the API client below holds its own session, so neither renews the other's away. */
  browserTokens: TokenPair;
  api: ParkClient;
  username: string;
}

async function sessions(baseUrl: string, first: TokenPair, login: string, password: string): Promise<Person & { username: string }> {
  const second = await apiClient(baseUrl).auth.login.mutate({ login, password });
  return { browserTokens: first, api: apiClient(baseUrl, second), username: second.user.username };
}

/** Registers a new driver through the API: faster than the sign-up form, which has tests of its own. */
export async function newDriver(baseUrl: string, label: string): Promise<Person> {
  const account = newAccount(label);
  const { accessToken, refreshToken } = await apiClient(baseUrl).auth.register.mutate(account);
  return sessions(baseUrl, { accessToken, refreshToken }, account.username, account.password);
}

export async function existingUser(baseUrl: string, { email, password }: Credentials): Promise<Person> {
  const { accessToken, refreshToken } = await apiClient(baseUrl).auth.login.mutate({ login: email, password });
  return sessions(baseUrl, { accessToken, refreshToken }, email, password);
}

/** Opens `path` signed in as `person`, as if they had signed in earlier in this browser. */
export async function openAs(page: Page, person: Person, path: string) {
  await page.goto("/");
  await page.evaluate((tokens) => localStorage.setItem("park.tokens", JSON.stringify(tokens)), person.browserTokens);
  await page.goto(path);
  await page.getByText(`Signed in as ${person.username}`).waitFor();
}

export async function lotIdByName(api: ParkClient, name: string): Promise<string> {
  const { items } = await api.lots.list.query({ search: name });
  const lot = items.find((item) => item.name === name);
  if (!lot) throw new Error(`no lot named ${name}`);
  return lot.id;
}

/** "$7.50" for 750: what an en-US browser shows for US dollars, worked out in whole cents. */
export function dollars(cents: number): string {
  return `$${Math.floor(cents / 100).toLocaleString("en-US")}.${String(cents % 100).padStart(2, "0")}`;
}

/** "€7.50" for 750: the same for euros, the currency of the seeded lots. */
export function euros(cents: number): string {
  return `€${dollars(cents).slice(1)}`;
}
