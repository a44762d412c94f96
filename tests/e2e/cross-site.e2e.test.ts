import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo-data";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, startServer } from "./server";

const METRICS_TOKEN = "e2e-metrics-token-0123456789";

/** Against the production server: every state-changing request from another origin is refused before any route sees it. */
/** The server's per-address sign-in limit, low so that reaching it costs few password checks. */
const SIGN_IN_LIMIT = 5;

describe.runIf(hasChromium || process.env.CI)("the running server's defences: cross-site requests, security headers, address-based limits", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let cookie = "";
  beforeAll(async () => {
    server = await startServer(undefined, { METRICS_TOKEN, SIGN_IN_ATTEMPTS_PER_MINUTE: String(SIGN_IN_LIMIT) });
    const signIn = await fetch(`${server.url}/login`, { method: "POST", redirect: "manual", headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email: "ministry.admin@zhiping.demo", password: DEMO_PASSWORD }) });
    expect(signIn.status).toBe(302);
    cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }, 60_000);
  afterAll(() => server?.stop());

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
    // Distinct accounts, so that only the per-address limit can answer 429.
    for (let i = 0; i <= SIGN_IN_LIMIT; i++) {
      const attempt = await fetch(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { origin: server.url, "content-type": "application/json", "x-forwarded-for": "203.0.113.7", "x-zhiping-client-address": `198.51.100.${i}` },
        body: JSON.stringify({ email: `nobody${i}@example.com`, password: "wrong-password" }),
      });
      statuses.push(attempt.status);
    }
    expect(statuses.slice(0, SIGN_IN_LIMIT).every((s) => s === 401), statuses.join()).toBe(true);
    expect(statuses.at(-1), statuses.join()).toBe(429);
  });

  it("answers with security headers, and every inline script carries this response's CSP nonce", async () => {
    const first = await fetch(`${server.url}/login`);
    const csp = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("permissions-policy")).toContain("camera=()");
    // Served over http here: HSTS would pin a scheme the server does not speak.
    expect(first.headers.get("strict-transport-security")).toBeNull();
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts.filter((t) => !/\bsrc=/.test(t))) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await fetch(`${server.url}/login`);
    expect(/'nonce-([^']+)'/.exec(second.headers.get("content-security-policy") ?? "")?.[1]).not.toBe(nonce);
  });

  it.runIf(hasChromium)("the pages run under the policy: Chromium reports no violation and the app hydrates", async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.context().addCookies(cookie.split("; ").map((pair) => ({ name: pair.split("=")[0]!, value: pair.slice(pair.indexOf("=") + 1), url: server.url })));
      for (const path of ["/dashboard", "/campaigns/pilot-2026/ranking", "/campaigns/pilot-2026/cities/330100/profile"]) {
        await page.goto(`${server.url}${path}`);
        await page.waitForLoadState("networkidle");
      }
      // Client-side navigation works only once the app has hydrated.
      await page.getByRole("link", { name: "工作台" }).first().click();
      await page.waitForURL(/\/dashboard$/);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
  // Last: it stops the server.
  it("operations: each answer carries a request id that its JSON log line repeats; /metrics counts by route behind its token; SIGTERM ends cleanly", async () => {
    const page = await fetch(`${server.url}/campaigns/pilot-2026/quality`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const id = page.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // The line is written when the response has been sent: it can reach our pipe a moment after the answer.
    const linesOf = () => server.output().split("\n").filter((l) => l.includes(id) && l.startsWith("{")).map((l) => JSON.parse(l));
    for (let waited = 0; !linesOf().some((l) => l.msg === "request") && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const logged = linesOf();
    expect(logged.at(-1)).toMatchObject({ msg: "request", route: "routes/campaigns.$slug.quality", status: 200, userId: expect.any(String), orgId: expect.any(String) });
    // The start banner prints the demo password for people; no log line carries it (the sign-in above sent it).
    expect(server.output().split("\n").filter((l) => l.startsWith("{")).join("\n")).not.toContain(DEMO_PASSWORD);

    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/^zhiping_http_requests_total\{route="routes\/campaigns\.\$slug\.quality",method="GET",status="200"\} [1-9]/m);
    expect(metrics).toMatch(/^zhiping_jobs_waiting\{queue="report\.file"\} \d+$/m);
    // The heap budget npm start sets, so that a 1 GB container holds steady.
    const listening = JSON.parse(server.output().split("\n").find((l) => l.includes('"msg":"listening"'))!);
    expect(listening.heapLimitMb).toBeGreaterThanOrEqual(512);
    expect(listening.heapLimitMb).toBeLessThan(700);
    // Once listening, the process scored the standings of the campaigns signed off in lately (the demo's two).
    const warmed = JSON.parse(server.output().split("\n").find((l) => l.includes('"msg":"standings warmed"'))!);
    expect(warmed.campaigns).toBeGreaterThanOrEqual(2);

    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('"msg":"shut down"');
  });

  const post = (path: string, headers: Record<string, string>, body: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(body) });
});
