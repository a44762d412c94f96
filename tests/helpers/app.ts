import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, expect } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo-data";
import * as login from "../../app/routes/login";
import { CLIENT_ADDRESS_HEADER } from "../../app/features/access";
import type { Database } from "../../db/client";
import { seedDemo } from "../../db/seed/tenants";
import { seedDemoActivity } from "../../db/seed/activity";
import { resetAuth } from "../../app/features/accounts/index.server";
import { setDatabase } from "../../app/platform/db.server";
import { stopJobQueue } from "../../app/platform/jobs/queue.server";
import { createTestDatabase, type Driver, type Seeding } from "./database";

export const BASE = "http://localhost:3000";

/** Makes a database the one the app's server modules use. */
function serve(database: Database): Database {
  setDatabase(database);
  resetAuth();
  return database;
}

const DEMO: Seeding = {
  key: "demo",
  seed: async (database) => {
    await seedDemo(serve(database).db);
  },
};
const DEMO_WITH_ACTIVITY: Seeding = {
  key: "demo-activity",
  seed: async (database) => {
    await seedDemo(serve(database).db);
    await seedDemoActivity(database.db);
  },
};

/** A migrated, demo-seeded database that the app's server modules will use (a copy of one seeded per run). */
export async function startApp(driver: Driver): Promise<Database> {
  return serve(await createTestDatabase(driver, DEMO));
}

/** As startApp, with the demo's workflow activity too (cities filled, reviewed and signed off). */
export async function startAppWithActivity(driver: Driver): Promise<Database> {
  return serve(await createTestDatabase(driver, DEMO_WITH_ACTIVITY));
}

/**
 * A demo-seeded app database for the tests of one describe block: opened before them, closed after.
 * Read it inside tests (it is empty until the block's tests start).
 */
export function useApp(driver: Driver, open: (driver: Driver) => Promise<Database> = startApp): Database {
  let current: Database | undefined;
  beforeAll(async () => {
    current = await open(driver);
  });
  afterAll(async () => {
    // Jobs a test queued stop before their database closes.
    await stopJobQueue();
    await current?.close();
  });
  return new Proxy({} as Database, { get: (_, key: keyof Database) => current![key] });
}

let ip = 0;
/** Each test client gets its own address, so better-auth's per-IP rate limit stays per client. */
export class Client {
  cookies = new Map<string, string>();
  readonly ip = `10.1.${Math.floor(++ip / 250)}.${ip % 250}`;

  headers(extra: Record<string, string> = {}) {
    // The address the server entry would derive for this client (tests call route modules directly).
    const h = new Headers({ [CLIENT_ADDRESS_HEADER]: this.ip, origin: BASE, ...extra });
    if (this.cookies.size) h.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    return h;
  }

  keep(response: Response) {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [name, value] = pair!.split("=");
      if (/max-age=0/i.test(c) || value === "") this.cookies.delete(name!);
      else this.cookies.set(name!, value!);
    }
    return response;
  }

  request(path: string, form?: Record<string, string>) {
    return new Request(`${BASE}${path}`, form ? { method: "POST", headers: this.headers({ "content-type": "application/x-www-form-urlencoded" }), body: new URLSearchParams(form) } : { headers: this.headers() });
  }

  /** Runs a route action; thrown responses (redirects, 403) are returned, not thrown. */
  async act(route: { action: (a: ActionFunctionArgs) => unknown }, path: string, form: Record<string, string>, params: Record<string, string> = {}) {
    return this.settle(() => route.action({ request: this.request(path, form), params, context: {} }));
  }

  /** Runs a route action with a multipart body (file uploads). */
  async send(route: { action: (a: ActionFunctionArgs) => unknown }, path: string, body: FormData, params: Record<string, string> = {}) {
    return this.settle(() => route.action({ request: new Request(`${BASE}${path}`, { method: "POST", headers: this.headers(), body }), params, context: {} }));
  }

  async load(route: { loader: (a: LoaderFunctionArgs) => unknown }, path: string, params: Record<string, string> = {}) {
    return this.settle(() => route.loader({ request: this.request(path), params, context: {} }));
  }

  private async settle(run: () => unknown): Promise<{ status: number; body: unknown; response?: Response }> {
    try {
      const value = await run();
      return this.describe(value);
    } catch (thrown) {
      if (thrown instanceof Response) return this.describe(thrown);
      throw thrown;
    }
  }

  private async describe(value: unknown): Promise<{ status: number; body: unknown; response?: Response }> {
    if (value instanceof Response) {
      this.keep(value);
      // A resource route's JSON answer is read as its body (the response stays readable for the test too).
      if (value.headers.get("content-type")?.startsWith("application/json")) return { status: value.status, body: await value.clone().json(), response: value };
      return { status: value.status, body: value.headers.get("location") ?? null, response: value };
    }
    // Remix `data()` results carry { data, init }.
    if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
      const d = value as unknown as { data: unknown; init: { status?: number; headers?: HeadersInit } | null };
      if (d.init?.headers) this.keep(new Response(null, { headers: d.init.headers }));
      return { status: d.init?.status ?? 200, body: d.data };
    }
    return { status: 200, body: value };
  }
}

/** A client signed in through the login page (as a person would), with its own cookies and address. */
export async function signIn(email: string, password = DEMO_PASSWORD): Promise<Client> {
  const client = new Client();
  expect((await client.act(login, "/login", { email, password })).status, `sign in as ${email}`).toBe(302);
  return client;
}
