import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";

// Debian's Chromium: Playwright cannot download its own browsers on our machines.
const launchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export interface Browsing {
  /** A fresh page in a fresh context (no cookies, no localStorage) for the current test. */
  readonly page: Page;
  readonly baseUrl: string;
}

/** One browser per test file, one isolated context per test. */
export function useBrowser(): Browsing {
  const baseUrl = inject("baseUrl");
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    browser = await chromium.launch(launchOptions);
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    if (!browser) throw new Error("the browser did not start");
    // The browser shares this process's clock zone, so times typed into forms mean the same here.
    context = await browser.newContext({ baseURL: baseUrl, locale: "en-US", timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  return {
    baseUrl,
    get page() {
      if (!page) throw new Error("no page outside a test");
      return page;
    },
  };
}
