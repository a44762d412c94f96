import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../app/platform/observability/logger.server";
import { noteRequestActor } from "../../../app/platform/observability/request-context.server";
import { metricsEndpoint } from "../../../app/server/metrics-endpoint";
import { observeRequests } from "../../../app/server/observe-requests";
import { routeLabeller } from "../../../app/server/route-label";
import { counted } from "../../helpers/metrics";

/** A logger whose JSON lines are kept for the test to read. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger("info", sink), lines };
}

// The shape of a Remix build's route manifest: flat, each route naming its parent.
const ROUTES = {
  root: { id: "root", path: "" },
  "routes/campaigns.$slug": { id: "routes/campaigns.$slug", parentId: "root", path: "campaigns/:slug" },
  "routes/campaigns.$slug.quality": { id: "routes/campaigns.$slug.quality", parentId: "routes/campaigns.$slug", path: "quality" },
  "routes/campaigns.$slug._index": { id: "routes/campaigns.$slug._index", parentId: "routes/campaigns.$slug", index: true },
  "routes/invitations.$id": { id: "routes/invitations.$id", parentId: "root", path: "invitations/:id" },
  "routes/api.auth.$": { id: "routes/api.auth.$", parentId: "root", path: "api/auth/*" },
} as unknown as Parameters<typeof routeLabeller>[0];

async function serve(app: express.Express) {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("request observation", () => {
  it("labels each path with the route that answers it, a bounded set of names", () => {
    const routeOf = routeLabeller(ROUTES);
    expect(routeOf("/campaigns/pilot-2026/quality")).toBe("routes/campaigns.$slug.quality");
    expect(routeOf("/campaigns/pilot-2026")).toBe("routes/campaigns.$slug._index");
    expect(routeOf("/campaigns/another-one/")).toBe("routes/campaigns.$slug._index");
    expect(routeOf("/api/auth/reset-password/secret-token")).toBe("routes/api.auth.$");
    expect(routeOf("/no/such/page")).toBe("unmatched");
  });

  it("gives every request an id, logs one line with route, status, duration and who asked, and nothing from its cookies, query or body", async () => {
    const { logger, lines } = capturedLogger();
    const app = express();
    app.use(observeRequests({ routeOf: routeLabeller(ROUTES), logger }));
    app.use(express.urlencoded({ extended: false }));
    app.post("/campaigns/:slug/quality", (req, res) => {
      noteRequestActor({ userId: "user-1", orgId: "org-9" });
      logger.info({ password: req.body.password, nested: { token: "t0k3n" } }, "inside the route");
      res.status(201).send("ok");
    });
    app.get("/invitations/:id", (_req, res) => void res.send("welcome"));
    app.get("/campaigns/:slug", () => {
      throw new Error("boom");
    });
    const { url, close } = await serve(app);
    try {
      const before = await counted("zhiping_http_requests_total", { route: "routes/campaigns.$slug.quality", method: "POST", status: "201" });
      const saved = await fetch(`${url}/campaigns/pilot-2026/quality?token=query-secret`, {
        method: "POST",
        headers: { cookie: "better-auth.session_token=cookie-secret", "content-type": "application/x-www-form-urlencoded" },
        body: "password=hunter2-secret",
      });
      expect(saved.status).toBe(201);
      const id = saved.headers.get("x-request-id")!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const [inside, done] = lines.filter((l) => l.requestId === id);
      expect(inside).toMatchObject({ msg: "inside the route", password: "[redacted]", nested: { token: "[redacted]" } });
      expect(done).toMatchObject({ msg: "request", level: "info", method: "POST", route: "routes/campaigns.$slug.quality", path: "/campaigns/pilot-2026/quality", status: 201, userId: "user-1", orgId: "org-9" });
      expect(done!.durationMs).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(lines)).not.toMatch(/secret|hunter2/);
      expect(await counted("zhiping_http_requests_total", { route: "routes/campaigns.$slug.quality", method: "POST", status: "201" })).toBe(before + 1);

      // A proxy's id is carried through when it looks like one; anything else is replaced.
      expect((await fetch(`${url}/invitations/abc`, { headers: { "x-request-id": "lb-7f3a9c21" } })).headers.get("x-request-id")).toBe("lb-7f3a9c21");
      expect((await fetch(`${url}/invitations/abc`, { headers: { "x-request-id": "a b <script>" } })).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      // An invitation's id is its secret: that route is logged without its address.
      const invitation = lines.filter((l) => l.route === "routes/invitations.$id");
      expect(invitation).toHaveLength(2);
      expect(invitation.every((l) => l.path === undefined)).toBe(true);

      const failed = await fetch(`${url}/campaigns/pilot-2026`);
      expect(failed.status).toBe(500);
      expect(lines.at(-1)).toMatchObject({ level: "error", msg: "request failed", status: 500, route: "routes/campaigns.$slug._index" });
    } finally {
      await close();
    }
  });
});

describe("/metrics", () => {
  it("answers Prometheus text only to the bearer of the token, with request counts, latency histograms and queue depth", async () => {
    const app = express();
    app.use(observeRequests({ routeOf: () => "routes/probe", logger: capturedLogger().logger }));
    app.get("/probe", (_req, res) => void res.send("ok"));
    app.get("/metrics", metricsEndpoint({ token: "a-long-metrics-token", jobsWaiting: async () => ({ "report-batch": 3 }) }));
    const { url, close } = await serve(app);
    try {
      await fetch(`${url}/probe`);
      for (const authorization of [undefined, "Bearer wrong-token-of-same-len", "Basic YTpi"]) {
        const refused = await fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });
        expect(refused.status, String(authorization)).toBe(401);
        expect(await refused.text()).not.toContain("zhiping_http");
      }
      const scraped = await fetch(`${url}/metrics`, { headers: { authorization: "Bearer a-long-metrics-token" } });
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get("content-type")).toContain("text/plain");
      const text = await scraped.text();
      expect(text).toMatch(/^zhiping_http_requests_total\{route="routes\/probe",method="GET",status="200"\} [1-9]/m);
      expect(text).toMatch(/^zhiping_http_request_duration_seconds_bucket\{le="0\.005",route="routes\/probe",method="GET"\} \d+/m);
      expect(text).toMatch(/^zhiping_jobs_waiting\{queue="report-batch"\} 3$/m);
      expect(text).toContain("zhiping_sign_in_failures_total");
      expect(text).toContain("zhiping_rate_limit_refusals_total");
      expect(text).toMatch(/^zhiping_process_resident_memory_bytes \d+/m);
    } finally {
      await close();
    }
  });
});
