import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/client";
import { BASE, startApp } from "../../helpers/app";

const ROUTES = resolve(import.meta.dirname, "../../../app/routes");

/** Every route module Remix serves: a file in app/routes, or the route.tsx of a route folder. */
const modules = readdirSync(ROUTES)
  .map((name) => (statSync(join(ROUTES, name)).isDirectory() ? join(name, "route.tsx") : name))
  .filter((path) => existsSync(join(ROUTES, path)))
  .sort();

/** What an anonymous visitor may reach, and why. Everything else must refuse them. */
const PUBLIC: Record<string, string> = {
  "login.tsx": "the sign-in page",
  "invitations.$id.tsx": "the invitation's id is the credential (as in better-auth); it shows only that invitation",
  "verify.$id.tsx": "anyone holding a report checks that it is genuine",
  "settings.locale.tsx": "anonymous visitors choose their language too (a cookie)",
  "api.auth.$.ts": "better-auth's own endpoints, which check their own sessions",
  "logout.tsx#loader": "a redirect to the home page, which sends an anonymous visitor to the login page",
  "org.switch.tsx#loader": "a redirect to the dashboard, which sends an anonymous visitor to the login page",
};

const PARAMS = { slug: "pilot-2026", code: "330100", id: "no-such-id", batchId: "no-such-batch" };

type Route = { loader?: (a: LoaderFunctionArgs) => unknown; action?: (a: ActionFunctionArgs) => unknown };

/** Runs a loader or action as a visitor with no session; a thrown Response counts as its answer. */
async function anonymously(run: () => unknown): Promise<Response | unknown> {
  try {
    return await run();
  } catch (thrown) {
    return thrown;
  }
}

function refusedAnonymous(outcome: unknown): boolean {
  if (!(outcome instanceof Response)) return false;
  if (outcome.status === 401 || outcome.status === 403) return true;
  return outcome.status === 302 && (outcome.headers.get("location") ?? "").startsWith("/login");
}

describe("every route refuses an anonymous visitor unless it is public on purpose", () => {
  let database: Database;
  beforeAll(async () => {
    database = await startApp("pglite");
  });
  afterAll(() => database.close());

  it("finds the route modules", () => {
    expect(modules.length).toBeGreaterThan(25);
    for (const key of Object.keys(PUBLIC)) expect(modules, `${key} is listed as public but is not a route`).toContain(key.split("#")[0]);
  });

  it.each(modules)("%s", async (path) => {
    const route = (await import(join(ROUTES, path))) as Route;
    const post = () => new Request(`${BASE}/x`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE }, body: new URLSearchParams({ intent: "save" }) });
    for (const [kind, fn, request] of [
      ["loader", route.loader, () => new Request(`${BASE}/x`)],
      ["action", route.action, post],
    ] as const) {
      if (!fn || PUBLIC[path] || PUBLIC[`${path}#${kind}`]) continue;
      const outcome = await anonymously(() => fn({ request: request(), params: PARAMS, context: {} } as never));
      expect(refusedAnonymous(outcome), `${path} ${kind} answered an anonymous visitor with ${outcome instanceof Response ? outcome.status : JSON.stringify(outcome)?.slice(0, 120)}`).toBe(true);
    }
  });
});
