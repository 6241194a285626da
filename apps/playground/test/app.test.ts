/** The web app's security rules, checked with plain requests (no browser). */

import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/server/app.js";
import type { RunningPlayground } from "../src/server/start.js";
import type { PlaygroundEnv } from "../src/server/state.js";
import { startWith } from "./helpers.js";

const BASE = "http://127.0.0.1:3000";

let playground: RunningPlayground;
let app: Hono<PlaygroundEnv>;

beforeAll(async () => {
  playground = await startWith("--driver", "memory");
  app = createApp(playground.state);
});

afterAll(async () => {
  await playground?.close();
});

interface Call {
  readonly cookie?: string;
  readonly origin?: string | null;
  readonly base?: string;
}

function post(path: string, form: Record<string, string>, call: Call = {}): Promise<Response> {
  const base = call.base ?? BASE;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const origin = call.origin === undefined ? base : call.origin;
  if (origin !== null) headers.origin = origin;
  if (call.cookie) headers.cookie = `sid=${call.cookie}`;
  return Promise.resolve(
    app.request(`${base}${path}`, { method: "POST", headers, body: new URLSearchParams(form) }),
  );
}

function get(path: string, cookie?: string): Promise<Response> {
  return Promise.resolve(
    app.request(`${BASE}${path}`, { headers: cookie ? { cookie: `sid=${cookie}` } : {} }),
  );
}

function tokenOf(response: Response): string {
  const match = /(?:^|,\s*)sid=([A-Za-z0-9_-]{43});/.exec(response.headers.get("set-cookie") ?? "");
  if (!match) throw new Error("no session cookie set");
  return match[1]!;
}

async function signIn(name: string): Promise<string> {
  const response = await post("/login", { name });
  expect(response.status).toBe(303);
  return tokenOf(response);
}

describe("the session cookie", () => {
  it("carries only the token: HttpOnly, SameSite=Lax, no Secure over http", async () => {
    const response = await post("/login", { name: "carol" });
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(
      /^sid=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
    );
  });

  it("is Secure when the page is served over https", async () => {
    const response = await post(
      "/login",
      { name: "carol" },
      { base: "https://playground.example" },
    );
    expect(response.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it("gets a new token on regenerate, and the old one stops working", async () => {
    const before = await signIn("dave");
    const after = tokenOf(await post("/regenerate", {}, { cookie: before }));
    expect(after).not.toBe(before);
    expect(await (await get("/", before)).text()).toContain("previous session has ended");
    expect(await (await get("/", after)).text()).toContain("Shopping cart");
  });
});

describe("CSRF", () => {
  it("refuses a state-changing POST without an Origin or from another origin", async () => {
    expect((await post("/login", { name: "eve" }, { origin: null })).status).toBe(403);
    expect((await post("/login", { name: "eve" }, { origin: "https://evil.example" })).status).toBe(
      403,
    );
    const token = await signIn("frank");
    await post("/sessions/logout-others", {}, { cookie: token, origin: "https://evil.example" });
    expect(await (await get("/", token)).text()).toContain("Shopping cart");
  });
});

describe("output and access", () => {
  it("escapes what users type", async () => {
    const token = await signIn("<script>alert(1)</script>");
    await post("/cart/add", { item: '"><img src=x onerror=alert(2)>' }, { cookie: token });
    const page = await (await get("/", token)).text();
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(2)&gt;");
  });

  it("never puts the token in a page", async () => {
    const token = await signIn("grace");
    for (const path of ["/", "/sessions", "/security", "/storage", "/events"]) {
      const response = await get(path, token);
      expect(response.status).toBe(200);
      expect(await response.text()).not.toContain(token);
    }
  });

  it("revokes only the owner's own sessions, and shows only the owner's records", async () => {
    const heidi = await signIn("heidi");
    const ivan = await signIn("ivan");
    const ivanHandle = (await playground.state.manager.get(ivan))!.handle;
    const refused = await post("/sessions/revoke", { handle: ivanHandle }, { cookie: heidi });
    expect(refused.status).toBe(404);
    expect(await playground.state.manager.get(ivan)).not.toBeNull();
    expect(await (await get("/storage", heidi)).text()).not.toContain(ivanHandle);
    expect(await (await get("/sessions", heidi)).text()).not.toContain(ivanHandle);
  });

  it("asks a locked session to unlock before showing data", async () => {
    const token = await signIn("judy");
    await post("/cart/add", { item: "secret plans" }, { cookie: token });
    await post("/lock", { password: "pw" }, { cookie: token });
    for (const path of ["/", "/storage", "/sessions"]) {
      const response = await get(path, token);
      expect(response.status).toBe(423);
      expect(await response.text()).not.toContain("secret plans");
    }
    expect((await post("/unlock", { password: "nope" }, { cookie: token })).status).toBe(401);
    const unlocked = await post("/unlock", { password: "pw" }, { cookie: token });
    expect(tokenOf(unlocked)).not.toBe(token);
  });
});
