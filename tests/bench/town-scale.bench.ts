import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { eq } from "drizzle-orm";
import pg from "pg";
import { migrateDatabase, openDatabase } from "../../db/client";
import { campaign, organization, user } from "../../db/schema";
import { DEMO_MINISTRY, DEMO_PASSWORD } from "../../db/seed/demo-data";
import { seedDemoIfEmpty } from "../../db/seed/index";
import { seedScaleCampaign } from "../../db/seed/scale";
import { createApiToken } from "../../app/features/access/index.server";
import { setRankingPublished } from "../../app/features/results/index.server";
import { startServer } from "../e2e/server";

const TOWNS = 20_401;

async function admin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Opt-in (`npm run bench -- --towns`, with BENCH_DATABASE_URL or TEST_DATABASE_URL): every town of
 * the country in one campaign on PostgreSQL, seeded by demo:scale, then the ranking as the API and
 * as the page serve it, against the production build.
 */
export async function townScaleBench() {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) throw new Error("the town-scale bench needs PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)");
  const name = `zhiping_bench_${randomBytes(4).toString("hex")}`;
  await admin(server, `create database "${name}"`);
  const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  const slug = `scale-towns-${TOWNS}`;
  try {
    const database = await openDatabase({ url });
    await migrateDatabase(database);
    await seedDemoIfEmpty(database.db);
    const seedStarted = performance.now();
    await seedScaleCampaign(database.db, { slug, count: TOWNS, unit: "town" });
    const seedMs = performance.now() - seedStarted;
    await database.analyze();
    const [ministry] = await database.db.select().from(organization).where(eq(organization.slug, DEMO_MINISTRY.slug));
    const [owner] = await database.db.select().from(user).where(eq(user.email, "ministry.admin@zhiping.demo"));
    const [row] = await database.db.select().from(campaign).where(eq(campaign.slug, slug));
    await setRankingPublished(database.db, row!.id, owner!.id, true);
    const token = await createApiToken(database.db, ministry!.id, "bench", owner!.id);
    await database.close();

    const app = await startServer(undefined, { DATABASE_URL: url, ALLOW_LOCAL_STORAGE: "true", LOG_LEVEL: "warn", AUTH_SECRET: randomBytes(24).toString("base64") });
    try {
      const login = await fetch(`${app.url}/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url }, body: new URLSearchParams({ email: "ministry.admin@zhiping.demo", password: DEMO_PASSWORD }) });
      const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      // The lead assessor of the agency every town is assigned to: the review queue at its longest.
      const agencyLogin = await fetch(`${app.url}/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url }, body: new URLSearchParams({ email: "lead@huaxin.demo", password: DEMO_PASSWORD }) });
      const agencyCookie = agencyLogin.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const results: Record<string, unknown>[] = [{ name: `demo:scale, ${TOWNS} towns into PostgreSQL`, ms: Math.round(seedMs), targetMs: null, pass: null }];
      const probes: [string, string, Record<string, string>, number | null][] = [
        ["ranking API, first page of 100 towns", `/api/v1/campaigns/${slug}/ranking?limit=100`, { authorization: `Bearer ${token}` }, 300],
        ["ranking API, one province sorted by score", `/api/v1/campaigns/${slug}/ranking?province=${encodeURIComponent("浙江省")}&sort=score:desc&limit=100`, { authorization: `Bearer ${token}` }, 300],
        ["ranking page (first page of 200 towns, virtualised)", `/campaigns/${slug}/ranking`, { cookie }, 300],
        ["ranking page, page 3 of one tier sorted by name", `/campaigns/${slug}/ranking?tier=${encodeURIComponent("三线")}&sort=name:asc&page=3`, { cookie }, 300],
        ["campaign page (first page of 100 towns, status counts)", `/campaigns/${slug}`, { cookie }, null],
        ["campaign settings (cohort editor, first page of 100)", `/campaigns/${slug}/settings`, { cookie }, null],
        ["agency dashboard (review queue of every town, first page of 50)", `/dashboard`, { cookie: agencyCookie }, null],
      ];
      for (const [label, path, headers, targetMs] of probes) {
        const first = await fetch(`${app.url}${path}`, { headers });
        const bytes = (await first.arrayBuffer()).byteLength;
        const run = await autocannon({ url: `${app.url}${path}`, headers, connections: 1, duration: targetMs === null ? 5 : 10 });
        results.push({ name: `${label}, ${TOWNS} towns, PostgreSQL, production build (autocannon, 1 connection)`, status: first.status, bytes, p50Ms: run.latency.p50, p97_5Ms: run.latency.p97_5, requests: run.requests.total, targetMs, pass: targetMs === null ? null : run.non2xx === 0 && run.requests.total > 0 && run.latency.p97_5 <= targetMs });
      }
      return results;
    } finally {
      await app.stop();
    }
  } finally {
    await admin(server, `drop database if exists "${name}" with (force)`);
  }
}
