/**
 * npm start: migrate the database, seed the demo into an empty one, serve the production build,
 * print the URL and the demo logins.
 */
import { existsSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import { eq } from "drizzle-orm";
import express from "express";
import { DEMO_CAMPAIGN, DEMO_PASSWORD, DEMO_SURVEY } from "../../db/seed/demo-data";
import { publicSurveyTarget, surveyLink } from "../features/survey/index.server";
import { user } from "../../db/schema";
import { getDatabase } from "../platform/db.server";
import { getEnv, publicUrl } from "../platform/env.server";
import { authSecret } from "../platform/auth-secret.server";
import { getStorage, storagePlacement } from "../platform/storage.server";
import { carryClientAddress, refuseCrossSite, rejectMalformedRequests } from "./request-guards";
import { seedDemoIfEmpty } from "../../db/seed/index";
import { securityHeaders } from "./security-headers";
import { getLogger } from "../platform/observability/logger.server";
import { markDraining } from "../platform/observability/draining.server";
import { jobQueueOptions, setJobQueue, startJobQueue } from "../platform/jobs/queue.server";
import { backgroundJobs } from "./background-jobs";
import { gracefulShutdown } from "./graceful-shutdown";
import { metricsEndpoint } from "./metrics-endpoint";
import { observeRequests } from "./observe-requests";
import { routeLabeller } from "./route-label";

const BUILD = new URL("../../build/server/index.js", import.meta.url);
const CLIENT = new URL("../../build/client", import.meta.url).pathname;

async function main() {
  // Settings are read and checked once, before anything starts: a bad value names its variable.
  const env = getEnv();
  const secret = authSecret();
  if (!existsSync(BUILD)) throw new Error("No production build: run `npm run build` (npm start does it for you).");
  const logger = getLogger();
  const database = await getDatabase();
  const placement = storagePlacement(env, database.driver);
  if (placement?.refuse) throw new Error(placement.warning);
  if (placement) console.warn(`\n  WARNING: ${placement.warning}\n`);
  const leftovers = await getStorage().removeLeftovers();
  if (leftovers) console.log(`  Removed ${leftovers} partial file(s) that interrupted writes left in storage.`);
  const seeded = await seedDemoIfEmpty(database.db);
  if (seeded) await database.analyze();
  // Jobs are queued in the database; this process works them too unless JOB_WORKERS=0 leaves them to `npm run worker`.
  const queue = await startJobQueue(database, jobQueueOptions(env));
  setJobQueue(Promise.resolve(queue));
  await queue.work(backgroundJobs(env));
  const [demo] = await database.db.select({ id: user.id }).from(user).where(eq(user.email, "admin@zhiping.demo"));

  const build = (await import(BUILD.href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  // Behind a load balancer set TRUST_PROXY (e.g. "10.0.0.0/8" or a hop count) so req.ip is the client's.
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(observeRequests({ routeOf: routeLabeller(build.routes) }));
  const scrape = () => queue.waiting();
  if (env.METRICS_TOKEN) app.get("/metrics", metricsEndpoint({ token: env.METRICS_TOKEN, jobsWaiting: scrape }));
  app.use(securityHeaders({ https: publicUrl(env).startsWith("https:") }));
  app.use(compression());
  app.use(rejectMalformedRequests({ maxBodyBytes: env.EVIDENCE_MAX_BYTES + 1024 * 1024 }));
  app.use(refuseCrossSite(env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null));
  app.use("/assets", express.static(`${CLIENT}/assets`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(CLIENT, { maxAge: "1h" }));
  app.use(carryClientAddress);
  app.all("*", createRequestHandler({ build, getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }) }));

  // The demo's survey that still takes answers: its public link is worth trying on a phone.
  const openSurvey = demo && (await publicSurveyTarget(database.db, DEMO_CAMPAIGN.slug, DEMO_SURVEY.open).then((t) => (t && !t.cityFrozen ? surveyLink(t.campaign.slug, DEMO_SURVEY.open) : null)));
  const port = env.PORT;
  const server = app.listen(port, () => {
    const url = publicUrl(env);
    const lines = [
      "",
      `  智评 Zhiping is running at ${url}`,
      `  Database: ${database.driver} (${database.location})${seeded ? " — demo seeded" : ""}`,
    ];
    if (secret.source !== "env") lines.push(`  Sessions are signed with a random secret ${secret.source === "generated" ? "generated now and kept" : "kept"} in ${secret.path}; set AUTH_SECRET to choose it.`);
    if (demo) {
      lines.push(`  Demo logins (password for all: ${DEMO_PASSWORD}):`);
      const shown: [string, string][] = [
        ["platform admin / 平台管理员", "admin@zhiping.demo"],
        ["ministry admin / 主管部门管理员", "ministry.admin@zhiping.demo"],
        ["ministry analyst / 主管部门分析员", "ministry.analyst@zhiping.demo"],
        ["lead assessor / 首席评估师", "lead@huaxin.demo"],
        ["assessor / 评估师", "assessor@huaxin.demo"],
        ["assessor in two agencies / 两家机构的评估师", "expert@zhiping.demo"],
        ["city approver, Hangzhou / 杭州审核人", "approver.330100@zhiping.demo"],
        ["city editor, Hangzhou / 杭州填报员", "editor.330100@zhiping.demo"],
      ];
      for (const [role, email] of shown) lines.push(`    ${email.padEnd(32)} ${role}`);
      lines.push("    (every pilot city has approver.<code>@zhiping.demo and editor.<code>@zhiping.demo)");
      if (openSurvey) lines.push(`  Citizen survey still open for 合肥 (Hefei) / 合肥市民体验调查进行中: ${url}${openSurvey}`);
    }
    console.log(lines.join("\n") + "\n");
    logger.info({ port, driver: database.driver, heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) }, "listening");
    const warming = performance.now();
    (build.entry.module as { warmUp?: () => Promise<Record<string, number>> }).warmUp?.().then(
      (warmed) => logger.info({ ...warmed, ms: Math.round(performance.now() - warming) }, "standings warmed"),
      (error: Error) => logger.warn({ err: { message: error.message } }, "warming the standings failed; the first requests will score them"),
    );
  });

  // Prometheus on an admin port bound to loopback: reachable by a scraper beside the process, never from outside.
  const adminServer = env.METRICS_PORT
    ? express().get("/metrics", metricsEndpoint({ jobsWaiting: scrape })).listen(env.METRICS_PORT, "127.0.0.1")
    : null;

  const shutdown = gracefulShutdown(server, {
    graceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    afterRequests: async () => {
      adminServer?.close();
      await queue.stop(env.SHUTDOWN_GRACE_SECONDS);
      await database.close();
    },
    log: (message, fields) => logger.info(fields ?? {}, message),
  });
  const stop = (signal: string) => {
    logger.info({ signal }, "stop requested");
    markDraining();
    shutdown().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error({ err: { message: error.message } }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error) => {
  console.error(`Zhiping could not start: ${(error as Error).message}`);
  process.exit(1);
});
