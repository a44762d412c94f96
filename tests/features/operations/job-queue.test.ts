import { spawn, type ChildProcess } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { rowsOf, type Database } from "../../../db/client";
import { campaign, reportBatch, reportBatchItem, user } from "../../../db/schema";
import { batchZip, startBatch } from "../../../app/features/reports/index.server";
import { defineJob, jobIdFor } from "../../../app/platform/jobs/job";
import { setJobQueue, startJobQueue, stopJobQueue, type JobQueue } from "../../../app/platform/jobs/queue.server";
import { startAppWithActivity } from "../../helpers/app";
import { createTestDatabase, DRIVERS } from "../../helpers/database";
import { until } from "../../helpers/until";


describe.each(DRIVERS)("the job queue (pg-boss) on %s", (driver) => {
  let database: Database | undefined;
  let queue: JobQueue | undefined;
  afterAll(async () => {
    await queue?.stop(1);
    await database?.close();
  });

  it("runs a job once per id, retries a failed attempt (saying which is the last), and counts what waits", async () => {
    database = await createTestDatabase(driver);
    const attempts: { n: number; retryCount: number; finalAttempt: boolean }[] = [];
    const flaky = defineJob<{ n: number }>({
      name: "test.flaky",
      retryLimit: 2,
      retryDelaySeconds: 0,
      attemptTimeoutSeconds: 30,
      async run({ n }, { retryCount, finalAttempt }) {
        attempts.push({ n, retryCount, finalAttempt });
        if (n === 1 && retryCount < 2) throw new Error("not yet");
      },
    });
    queue = await startJobQueue(database, { workers: 0 });
    const id = jobIdFor("test.flaky", "one");
    expect(await queue.send(flaky, { n: 1 }, { id })).toBe(id);
    expect(await queue.send(flaky, { n: 1 }, { id })).toBeNull();
    await queue.sendMany(flaky, [{ id: jobIdFor("test.flaky", "two"), payload: { n: 2 } }, { id: jobIdFor("test.flaky", "two"), payload: { n: 2 } }]);
    expect(await queue.waiting()).toEqual({ "test.flaky": 2 });
    // Nothing runs until a process works this queue.
    await new Promise((r) => setTimeout(r, 1500));
    expect(attempts).toEqual([]);
    await queue.stop(1);

    queue = await startJobQueue(database, { workers: 1 });
    await queue.work([flaky as never]);
    await until("both jobs", async () => (await queue!.waiting())["test.flaky"] === 0 && attempts.length === 4);
    expect(attempts.filter((a) => a.n === 1)).toEqual([
      { n: 1, retryCount: 0, finalAttempt: false },
      { n: 1, retryCount: 1, finalAttempt: false },
      { n: 1, retryCount: 2, finalAttempt: true },
    ]);
    expect(attempts.filter((a) => a.n === 2)).toHaveLength(1);
  }, 120_000);
});

/** `npm run worker` as a child process on the test's PostgreSQL database: its bundle, which the test run's build made. */
function worker(connectionString: string): ChildProcess {
  const child = spawn(process.execPath, ["build/worker/worker.mjs"], {
    cwd: new URL("../../..", import.meta.url).pathname,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: connectionString, JOB_WORKERS: "1", JOB_ATTEMPT_TIMEOUT_SECONDS: "3", LOG_LEVEL: "info", S3_BUCKET: "", ALLOW_LOCAL_STORAGE: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  (child as ChildProcess & { output: () => string }).output = () => output;
  return child;
}

describe.runIf(DRIVERS.includes("postgres"))("workers on PostgreSQL", () => {
  it("a report batch survives a kill -9 of the worker building it: another worker retries the lost report, each report counts once, the ZIP is whole", async () => {
    const database = await startAppWithActivity("postgres");
    const children: ChildProcess[] = [];
    try {
      // This process only sends: the reports are built by the worker processes.
      setJobQueue(startJobQueue(database, { workers: 0, attemptTimeoutSeconds: 3 }));
      const [pilot] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
      const [admin] = await database.db.select().from(user).where(eq(user.email, "ministry.admin@zhiping.demo"));
      const batchId = await startBatch(database.db, pilot!.id, admin!.id, "zh");

      const first = worker(database.connectionString!);
      children.push(first);
      const active = async () => rowsOf<{ id: string }>(await database.db.execute(sql`select id from pgboss.job where name = 'report.file' and state = 'active'`));
      await until("the first worker to be building a report", async () => (await active()).length > 0, 90_000);
      first.kill("SIGKILL");
      await new Promise((resolve) => first.once("exit", resolve));
      // Dead mid-report: its job is still marked active, and nobody will finish it but another worker.
      const [lost] = await active();
      expect(lost).toBeDefined();
      const [atKill] = await database.db.select().from(reportBatch).where(eq(reportBatch.id, batchId));
      expect(atKill!.status).toBe("running");

      children.push(worker(database.connectionString!));
      await until("the batch to finish", async () => (await database.db.select().from(reportBatch).where(eq(reportBatch.id, batchId)))[0]!.status !== "running", 120_000);
      const [finished] = await database.db.select().from(reportBatch).where(eq(reportBatch.id, batchId));
      expect(finished).toMatchObject({ status: "done", done: finished!.total });
      expect(await database.db.select().from(reportBatchItem).where(eq(reportBatchItem.batchId, batchId))).toHaveLength(finished!.total);
      const [retried] = rowsOf<{ state: string; retry_count: number }>(await database.db.execute(sql`select state, retry_count from pgboss.job where id = ${lost!.id}`));
      expect(retried).toMatchObject({ state: "completed" });
      expect(retried!.retry_count).toBeGreaterThanOrEqual(1);
      const files = unzipSync(new Uint8Array(Buffer.concat(await (await batchZip(database.db, pilot!.id, batchId))!.toArray())));
      expect(Object.keys(files)).toHaveLength(finished!.total);
      expect(Object.keys(files)).toContain("cohort.pdf");
      expect(Object.values(files).every((pdf) => Buffer.from(pdf.subarray(0, 5)).toString() === "%PDF-")).toBe(true);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
      await stopJobQueue(1);
      await database.close();
    }
  }, 240_000);
});
