import { describe, expect, it } from "vitest";
import { afterAll, beforeAll } from "vitest";
import type { ServerBuild } from "@remix-run/node";
import { DEMO_PASSWORD } from "../../db/seed/demo-data";
import { SUBMISSION_INTENTS } from "../../app/features/submissions";
import { ACTORS, INTENT_ALLOWED, ROUTE_POLICY, type Actor, type Probe } from "./route-policy";
import { hasChromium, startServer } from "./server";

const BUILD = new URL("../../build/server/index.js", import.meta.url).href;
const OTHER_PASSWORD = "lantern-orbit-cedar-2026";

/** The route table Remix serves, from the production build's manifest. */
const manifestRoutes = async () => Object.entries(((await import(BUILD)) as ServerBuild).routes).map(([id, r]) => ({ id, loader: !!r.module.loader, action: !!r.module.action }));

function refused(status: number, location: string | null) {
  return status === 401 || status === 403 || status === 404 || ((status === 302 || status === 303) && (location ?? "").startsWith("/login"));
}

describe.runIf(hasChromium || process.env.CI)("the route policy matrix, against the running server", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const cookies = new Map<Actor, string>();
  const places: Record<string, string> = {};

  const request = (actor: Actor, method: string, path: string, body?: Probe["body"]) => {
    const headers: Record<string, string> = { origin: server.url };
    const cookie = cookies.get(actor);
    if (cookie) headers.cookie = cookie;
    let payload: string | undefined;
    if (body === "malformed") {
      headers["content-type"] = "multipart/form-data; boundary=XX";
      payload = '--XX\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave';
    } else if (body === "json") {
      headers["content-type"] = "application/json";
      payload = JSON.stringify({ organizationId: places.otherMinistryOrg, data: { name: "=1+1" }, email: "x@example.com", password: OTHER_PASSWORD, name: "x", memberId: "x", role: "city_approver" });
    } else if (body) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      payload = new URLSearchParams(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v.startsWith(":") ? places[v.slice(1)]! : v]))).toString();
    }
    const resolved = path.replace(/:(evidence|batch|otherMinistryOrg)\b/g, (_, name: string) => places[name]!);
    return fetch(`${server.url}${resolved}`, { method, headers, body: payload, redirect: "manual" });
  };

  const signIn = async (email: string, password = DEMO_PASSWORD) => {
    const response = await fetch(`${server.url}/login`, { method: "POST", redirect: "manual", headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email, password }) });
    expect(response.status, `sign in ${email}`).toBe(302);
    return response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  };

  beforeAll(async () => {
    server = await startServer();
    for (const [actor, email] of Object.entries(ACTORS) as [Actor, string | null][]) if (email && actor !== "otherMinistry") cookies.set(actor, await signIn(email));
    // A second ministry, made as an operator would: the platform admin creates it, its admin accepts the e-mailed invitation.
    const created = await request("platform", "POST", "/admin/organizations", { kind: "ministry", name: "另一主管部门", nameEn: "Another ministry", adminEmail: ACTORS.otherMinistry });
    expect(created.status).toBe(200);
    const outbox = await (await request("platform", "GET", "/admin/outbox")).text();
    const invitation = /\/invitations\/([\w-]+)/.exec(outbox)![1]!;
    const joined = await fetch(`${server.url}/invitations/${invitation}`, { method: "POST", redirect: "manual", headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ intent: "signup", name: "另一部管理员", password: OTHER_PASSWORD }) });
    expect(joined.status).toBe(302);
    cookies.set("otherMinistry", await signIn(ACTORS.otherMinistry, OTHER_PASSWORD));
    places.otherMinistryOrg = /"activeOrgId","([0-9a-f-]{36})"/.exec(await (await request("otherMinistry", "GET", "/dashboard.data")).text())![1]!;
    places.evidence = new RegExp("/cities/330100/evidence/([0-9a-f-]{36})").exec(await (await request("ministryAdmin", "GET", "/campaigns/pilot-2026/cities/330100")).text())![1]!;
    expect((await request("ministryAdmin", "POST", "/campaigns/pilot-2026/reports", { lang: "zh" })).status).toBeLessThan(400);
    for (let i = 0; i < 120 && !places.batch; i++) {
      places.batch = /reports\/([0-9a-f-]{36})\/zip/.exec(await (await request("ministryAdmin", "GET", "/campaigns/pilot-2026/reports")).text())?.[1] ?? "";
      if (!places.batch) await new Promise((r) => setTimeout(r, 500));
    }
    expect(places.batch).toBeTruthy();
  }, 240_000);
  afterAll(() => server?.stop());

  it("declares every route of the manifest, its loader and its action, and every submission intent; and nothing that is not a route", async () => {
    const routes = await manifestRoutes();
    const missing = routes.flatMap((r) => [
      ...(r.loader && !ROUTE_POLICY[r.id]?.loader?.length ? [`${r.id} loader`] : []),
      ...(r.action && !ROUTE_POLICY[r.id]?.action?.length ? [`${r.id} action`] : []),
    ]);
    expect(missing).toEqual([]);
    expect(Object.keys(ROUTE_POLICY).filter((id) => !routes.some((r) => r.id === id))).toEqual([]);
    expect(Object.keys(INTENT_ALLOWED).sort()).toEqual(Object.keys(SUBMISSION_INTENTS).sort());
  });

  it("every cell: each role of the demo and a second ministry gets exactly what the policy allows", async () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const [id, kinds] of Object.entries(ROUTE_POLICY)) {
      for (const probe of [...(kinds.loader ?? []), ...(kinds.action ?? [])]) {
        // Every actor's request of one probe at once: a probe stops right after the access decision, so none changes what another sees.
        const answers = await Promise.all(
          (Object.keys(ACTORS) as Actor[]).map(async (actor) => {
            const response = await request(actor, probe.method, probe.path, probe.body);
            await response.arrayBuffer();
            return { actor, response };
          }),
        );
        for (const { actor, response } of answers) {
          cells++;
          const label = `${id} ${probe.method} ${probe.path}${probe.body && typeof probe.body === "object" && probe.body.intent ? ` intent=${probe.body.intent}` : ""} as ${actor}: ${response.status}`;
          if (response.status >= 500) wrong.push(`${label} (server error)`);
          else if (Array.isArray(probe.allow)) {
            const isRefused = refused(response.status, response.headers.get("location"));
            if (probe.allow.includes(actor) === isRefused) wrong.push(`${label} (expected ${probe.allow.includes(actor) ? "allowed" : "refused"})`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // The size of the matrix, for the record: probes × actors.
    expect(cells).toBeGreaterThan(400);
    console.log(`route matrix: ${cells} cells (${cells / Object.keys(ACTORS).length} probes × ${Object.keys(ACTORS).length} actors)`);
  }, 300_000);
});
