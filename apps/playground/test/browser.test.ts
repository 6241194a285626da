/**
 * End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
 * what a person clicks through, and the one-session-per-owner refusal and takeover. Screenshots
 * of the main pages go to apps/playground/test-output/.
 */

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ROOT } from "../src/paths.js";
import type { RunningPlayground } from "../src/server/start.js";
import { startWith, tempDir } from "./helpers.js";

const OUTPUT = join(APP_ROOT, "test-output");
const CHROMIUM = "/usr/bin/chromium";

let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  // --no-sandbox: Chromium's sandbox cannot start as root (CI and these machines run as root).
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox"],
    timeout: 30_000,
  });
});

afterAll(async () => {
  await browser?.close();
});

async function openBrowser(url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: url,
    viewport: { width: 1280, height: 860 },
  });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

/**
 * Clicks something that navigates (a link, a form's submit button) and resolves once the new
 * page has loaded: a reload or a read right after a bare click can race that navigation
 * ("Page.reload: Not attached to an active page").
 */
async function clickAndLoad(page: Page, target: Locator): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", (frame) => frame === page.mainFrame());
  await target.click();
  await navigated;
  await page.waitForLoadState("load");
}

async function signIn(page: Page, name: string, device: string): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Device label").fill(device);
  await clickAndLoad(page, page.getByRole("button", { name: "Sign in" }));
}

async function token(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies()).find((cookie) => cookie.name === "sid")?.value;
}

function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
}

describe("the playground in a browser", () => {
  let playground: RunningPlayground;
  let removeDir: () => Promise<void>;

  beforeAll(async () => {
    const dir = await tempDir();
    removeDir = dir.remove;
    playground = await startWith("--driver", `sqlite:${join(dir.path, "sessions.db")}`);
  });

  afterAll(async () => {
    await playground?.close();
    await removeDir?.();
  });

  it("signs in, keeps the cart, lists, revokes, locks, unlocks, regenerates, logs out everywhere", async () => {
    const a = await openBrowser(playground.url);
    await signIn(a.page, "alice", "laptop");
    await expect.poll(() => a.page.getByTestId("owner").textContent()).toBe("alice");
    await expect.poll(() => a.page.getByTestId("driver").textContent()).toContain("sqlite");

    const cookie = (await a.context.cookies()).find((entry) => entry.name === "sid")!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });

    for (const item of ["apples", "pears"]) {
      await a.page.getByLabel("Item").fill(item);
      await clickAndLoad(a.page, a.page.getByRole("button", { name: "Add to cart" }));
    }
    await a.page.reload();
    expect(await a.page.getByTestId("cart").textContent()).toMatch(/apples[\s\S]*pears/);
    // The live log receives events over SSE: a session created elsewhere shows up without reload.
    const b = await openBrowser(playground.url);
    await signIn(b.page, "alice", "phone");
    expect(await b.page.getByTestId("cart").textContent()).not.toContain("apples");
    await b.page.goto("/security");
    const bHandle = await b.page.getByTestId("handle").textContent();
    await expect
      .poll(() => a.page.getByTestId("event-log").textContent())
      .toContain(`created ${bHandle}`);
    await shot(a.page, "cart");

    await clickAndLoad(a.page, a.page.getByRole("link", { name: "My sessions" }));
    const rows = a.page.getByTestId("sessions").locator("tbody tr");
    expect(await rows.count()).toBe(2);
    await shot(a.page, "sessions");
    await clickAndLoad(
      a.page,
      rows.filter({ hasText: "phone" }).getByRole("button", { name: "Revoke" }),
    );
    expect(await rows.count()).toBe(1);
    await b.page.reload();
    expect(await b.page.getByTestId("ended").isVisible()).toBe(true);

    await clickAndLoad(a.page, a.page.getByRole("link", { name: "Storage" }));
    const raw = a.page.getByTestId("raw-current");
    // At rest the owner key and the data are ciphertext (v1.<kid>.<body>); the panel's other
    // column shows the same record in the clear.
    expect(await raw.getByTestId("raw-owner").textContent()).toMatch(/^playground:v1\.1\./);
    expect(await raw.getByTestId("raw-payload").textContent()).toMatch(/^v1\.1\./);
    expect(await raw.textContent()).not.toContain("apples");
    expect(await a.page.locator("main").textContent()).toContain("apples");
    await shot(a.page, "storage");

    await clickAndLoad(a.page, a.page.getByRole("link", { name: "Lock & regenerate" }));
    const beforeLock = await token(a.context);
    await a.page.getByLabel("Password").fill("correct horse");
    await clickAndLoad(a.page, a.page.getByRole("button", { name: "Lock this session" }));
    expect(await a.page.getByTestId("locked").isVisible()).toBe(true);
    await a.page.goto("/sessions");
    expect(await a.page.getByTestId("locked").isVisible()).toBe(true);
    await a.page.getByLabel("Password").fill("wrong");
    await clickAndLoad(a.page, a.page.getByRole("button", { name: "Unlock" }));
    expect(await a.page.getByTestId("error").textContent()).toContain("Wrong password");
    await shot(a.page, "locked");
    await a.page.getByLabel("Password").fill("correct horse");
    await clickAndLoad(a.page, a.page.getByRole("button", { name: "Unlock" }));
    expect(await a.page.getByTestId("cart").textContent()).toContain("apples");
    const afterUnlock = await token(a.context);
    expect(afterUnlock).not.toBe(beforeLock);

    await a.page.goto("/security");
    const handle = await a.page.getByTestId("handle").textContent();
    await clickAndLoad(a.page, a.page.getByRole("button", { name: "Regenerate the token" }));
    expect(await a.page.getByTestId("handle").textContent()).not.toBe(handle);
    expect(await token(a.context)).not.toBe(afterUnlock);

    const c = await openBrowser(playground.url);
    await signIn(b.page, "alice", "phone");
    await signIn(c.page, "alice", "tablet");
    await a.page.goto("/sessions");
    expect(await rows.count()).toBe(3);
    await clickAndLoad(a.page, a.page.getByRole("button", { name: "Log out everywhere else" }));
    expect(await rows.count()).toBe(1);
    for (const other of [b, c]) {
      await other.page.reload();
      expect(await other.page.getByTestId("ended").isVisible()).toBe(true);
    }
    await a.page.goto("/");
    expect(await a.page.getByTestId("cart").textContent()).toContain("pears");

    await clickAndLoad(a.page, a.page.getByRole("link", { name: "Event log" }));
    const log = await a.page.getByTestId("event-log").textContent();
    for (const type of [
      "created",
      "locked",
      "unlock-failed",
      "unlocked",
      "regenerated",
      "destroyed",
    ]) {
      expect(log).toContain(type);
    }
    await shot(a.page, "events");
    for (const each of [a, b, c]) await each.context.close();
  });
});

describe("one session per owner", () => {
  let playground: RunningPlayground;

  beforeAll(async () => {
    playground = await startWith("--driver", "memory", "--takeover-after", "3s");
  });

  afterAll(async () => {
    await playground?.close();
  });

  it("refuses a second browser with OwnerBusy, then lets it take over after the window", async () => {
    const first = await openBrowser(playground.url);
    await signIn(first.page, "bob", "laptop");
    const signedInAt = Date.now();
    await expect.poll(() => first.page.getByTestId("owner").textContent()).toBe("bob");

    const second = await openBrowser(playground.url);
    await signIn(second.page, "bob", "phone");
    expect(await second.page.getByTestId("error").textContent()).toContain("OwnerBusy");
    await shot(second.page, "owner-busy");

    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, signedInAt + 3_300 - Date.now())),
    );
    await signIn(second.page, "bob", "phone");
    await expect.poll(() => second.page.getByTestId("owner").textContent()).toBe("bob");
    await first.page.reload();
    expect(await first.page.getByTestId("ended").isVisible()).toBe(true);
    await second.page.goto("/events");
    expect(await second.page.getByTestId("event-log").textContent()).toContain("takeover");
    await first.context.close();
    await second.context.close();
  });
});
