import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startServer } from "../e2e/server";
import { emptyPostgresDatabase } from "../helpers/database";

const ROOT = new URL("../..", import.meta.url).pathname;
const RATE = 200;
const SECONDS = 60;
const ANSWERS = { "CE2.4:overall": "4", "CE2.4:ease": "3", "CE2.4:response": "5", "CE2.5:recommend": "8", "quota:age": "35-59", "quota:area": "urban" };
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] ?? 0;

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
type Ids = { campaignId: string; cityOrgId: string };

/** Ids of the demo's open survey (合肥). */
async function hefei(query: Query): Promise<Ids> {
  const { rows } = await query("select c.id as campaign, p.organization_id as city from campaign c, org_profile p where c.slug = 'pilot-2026' and p.division_code = '340100'");
  return { campaignId: String(rows[0]!.campaign), cityOrgId: String(rows[0]!.city) };
}

/** What the bench's answers left in the table for 合肥 (the demo's own responses have ids "demo-…"). */
async function storedHashes(query: Query, ids: Ids): Promise<string[]> {
  const { rows } = await query("select device_hash from survey_response where campaign_id = $1 and city_org_id = $2 and id not like 'demo-%'", [ids.campaignId, ids.cityOrgId]);
  return rows.map((r) => String(r.device_hash));
}

/**
 * Devices ready to answer: each its own cookie and a ticket issued 30 s ago (as if its citizen had
 * opened the form then), minted with the server's secret so that the timed part is the answers only.
 */
async function devices(count: number, ids: Ids) {
  const { deviceCookieHeader, deviceHash, issueTicket, newDeviceToken } = await import("../../app/features/survey/index.server");
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const token = newDeviceToken();
      return {
        i,
        hash: deviceHash(token),
        cookie: (await deviceCookieHeader(token)).split(";")[0]!,
        body: new URLSearchParams({ ticket: issueTicket(ids, token, Date.now() - 30_000), ...ANSWERS }).toString(),
        // One client address each, through the trusted loopback proxy: the per-address limit is not what is measured.
        address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      };
    }),
  );
}
type Device = Awaited<ReturnType<typeof devices>>[number];

/** Posts the devices' answers at `rate` per second (open loop) for up to `ms`; what each got. */
async function burst(url: string, list: Device[], rate: number, ms: number) {
  const accepted: Device[] = [];
  const refused: string[] = [];
  const latency: number[] = [];
  const started = Date.now();
  const inflight = new Set<Promise<void>>();
  for (const [k, d] of list.entries()) {
    const due = started + (k * 1000) / rate;
    if (due - started >= ms) break;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const sent = Date.now();
    const request = fetch(`${url}/s/pilot-2026/340100`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: d.cookie, origin: url, "x-forwarded-for": d.address },
      body: d.body,
    })
      .then(async (r) => {
        await r.arrayBuffer();
        latency.push(Date.now() - sent);
        if (r.status === 303) accepted.push(d);
        else refused.push(String(r.status));
      })
      .catch((e: Error) => void refused.push(e.message))
      .finally(() => inflight.delete(request));
    inflight.add(request);
  }
  await Promise.allSettled([...inflight]);
  return { accepted, refused, latency, seconds: (Date.now() - started) / 1000 };
}

/**
 * The public survey under a campaign-day burst: 200 responses a second for 60 s against the
 * production build on the embedded database, 0 errors, and every accepted response stored exactly
 * once when the database is opened again after the server stopped. Then on PostgreSQL: the server
 * killed with SIGKILL mid-burst has lost no acknowledged response, and after a restart the same
 * devices answering again add nothing.
 */
export async function surveyLoadBench() {
  if (!existsSync(join(ROOT, "build/server/index.js"))) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
  process.env.AUTH_SECRET ??= randomBytes(24).toString("base64url");
  const { openDatabase } = await import("../../db/client");
  const { sql } = await import("drizzle-orm");
  const results = [];

  const dataDir = mkdtempSync(join(tmpdir(), "zhiping-survey-bench-"));
  execFileSync(process.execPath, ["--import", "tsx", "tests/e2e/seed-demo-dir.ts"], { cwd: ROOT, env: { ...process.env, NODE_ENV: "production", DATA_DIR: dataDir, DATABASE_URL: "" }, stdio: "ignore" });
  const embedded = async <T>(work: (query: Query) => Promise<T>) => {
    const database = await openDatabase({ dataDir });
    const query: Query = async (text, params = []) => {
      const bound = params.reduce<string>((s, p, k) => s.replace(`$${k + 1}`, `'${String(p).replace(/'/g, "''")}'`), text);
      return (await database.db.execute(sql.raw(bound))) as unknown as { rows: Record<string, unknown>[] };
    };
    try {
      return await work(query);
    } finally {
      await database.close();
    }
  };
  const ids = await embedded(hefei);
  const list = await devices(RATE * SECONDS, ids);
  const server = await startServer(dataDir, { AUTH_SECRET: process.env.AUTH_SECRET!, LOG_LEVEL: "warn" });
  const run = await burst(server.url, list, RATE, SECONDS * 1000);
  await server.stop();
  const stored = await embedded((query) => storedHashes(query, ids));
  const storedSet = new Set(stored);
  results.push({
    name: `public survey: ${RATE} responses/s for ${SECONDS} s on loopback, production build, embedded database; every accepted response stored once after a restart`,
    targetRate: RATE,
    achievedRate: Math.round((run.accepted.length / run.seconds) * 10) / 10,
    accepted: run.accepted.length,
    errors: run.refused.length,
    errorSample: run.refused.slice(0, 3),
    storedAfterRestart: stored.length,
    latencyP50Ms: percentile(run.latency, 50),
    latencyP95Ms: percentile(run.latency, 95),
    pass: run.refused.length === 0 && run.accepted.length === RATE * SECONDS && run.accepted.length / run.seconds >= RATE * 0.98 && stored.length === run.accepted.length && storedSet.size === stored.length && run.accepted.every((d) => storedSet.has(d.hash)),
  });

  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) return results;
  const database = await emptyPostgresDatabase();
  const client = new pg.Client({ connectionString: database.connectionString });
  const env = { AUTH_SECRET: process.env.AUTH_SECRET!, DATABASE_URL: database.connectionString, ALLOW_LOCAL_STORAGE: "true", LOG_LEVEL: "warn" };
  const pgDir = mkdtempSync(join(tmpdir(), "zhiping-survey-bench-pg-"));
  let pgServer = await startServer(pgDir, env);
  try {
    await client.connect();
    const query: Query = (text, params) => client.query(text, params as unknown[]) as never;
    const pgIds = await hefei(query);
    const pgList = await devices(RATE * 20, pgIds);
    const kill = setTimeout(() => process.kill(pgServer.pid, "SIGKILL"), 10_000);
    const killed = await burst(pgServer.url, pgList, RATE, 20_000);
    clearTimeout(kill);
    const afterKill = await storedHashes(query, pgIds);
    const afterKillSet = new Set(afterKill);
    pgServer = await startServer(pgDir, env);
    const again = await burst(pgServer.url, killed.accepted.slice(0, 400), 100, 4_000);
    await pgServer.stop();
    const afterRetries = await storedHashes(query, pgIds);
    results.push({
      name: "public survey on PostgreSQL: the server killed with SIGKILL mid-burst has lost no acknowledged response; after a restart the same devices answering again add none",
      acknowledgedBeforeKill: killed.accepted.length,
      storedAfterKill: afterKill.length,
      retried: Math.min(400, killed.accepted.length),
      retriesAccepted: again.accepted.length,
      storedAfterRetries: afterRetries.length,
      pass:
        killed.accepted.length > 0 &&
        killed.accepted.every((d) => afterKillSet.has(d.hash)) &&
        afterKillSet.size === afterKill.length &&
        again.accepted.length === 0 &&
        afterRetries.length === afterKill.length,
    });
  } finally {
    await client.end().catch(() => undefined);
    await pgServer.stop().catch(() => null);
    await database.drop();
  }
  return results;
}
