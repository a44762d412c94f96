import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo-data";
import { hasChromium, startServer } from "./server";

/** Against the production server: every state-changing request from another origin is refused before any route sees it. */
describe.runIf(hasChromium || process.env.CI)("cross-site requests to the running server", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let cookie = "";
  beforeAll(async () => {
    server = await startServer();
    const signIn = await fetch(`${server.url}/login`, { method: "POST", redirect: "manual", headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email: "ministry.admin@zhiping.demo", password: DEMO_PASSWORD }) });
    expect(signIn.status).toBe(302);
    cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }, 60_000);
  afterAll(() => server?.stop());

  const post = (path: string, headers: Record<string, string>, body: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(body) });

  it("refuses a foreign or same-site Origin on pages, data requests, resource routes and better-auth, in the reader's language", async () => {
    for (const path of ["/campaigns/pilot-2026/ranking?_data=routes%2Fcampaigns.%24slug.ranking._index", "/campaigns/pilot-2026/ranking", "/settings/locale", "/logout", "/org/switch", "/api/auth/sign-in/email"]) {
      for (const origin of ["https://evil.example", server.url.replace("127.0.0.1", "localhost")]) {
        const refused = await post(path, { origin }, { intent: "publish", locale: "en" });
        expect(refused.status, `${path} from ${origin}`).toBe(403);
        expect(await refused.text()).toContain("只接受来自本站");
      }
    }
    const noOrigin = await post("/campaigns/pilot-2026/ranking", { "sec-fetch-site": "cross-site" }, { intent: "publish" });
    expect(noOrigin.status).toBe(403);
  });

  it("a foreign page could not publish the ranking as the ministry admin; the app's own page can", async () => {
    expect((await post("/campaigns/pilot-2026/ranking", { origin: "https://evil.example" }, { intent: "publish" })).status).toBe(403);
    const page = await fetch(`${server.url}/campaigns/pilot-2026/ranking`, { headers: { cookie } });
    expect(await page.text()).toContain("尚未发布");
    const own = await post("/campaigns/pilot-2026/ranking", { origin: server.url, "sec-fetch-site": "same-origin" }, { intent: "publish" });
    expect(own.status).toBeLessThan(400);
  });

  // The test connects over loopback, which TRUST_PROXY (default "loopback") trusts as a proxy: one
  // X-Forwarded-For value is one client behind it. Forging the header the server derives changes nothing.
  it("better-auth's sign-in counts the address the server derived: forging the header it carries escapes nothing", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const attempt = await fetch(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { origin: server.url, "content-type": "application/json", "x-forwarded-for": "203.0.113.7", "x-zhiping-client-address": `198.51.100.${i}` },
        body: JSON.stringify({ email: "lead@huaxin.demo", password: "wrong-password" }),
      });
      statuses.push(attempt.status);
    }
    expect(statuses.slice(0, 9).every((s) => s === 401), statuses.join()).toBe(true);
    expect(statuses.at(-1), statuses.join()).toBe(429);
  });
});
