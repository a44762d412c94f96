import { errorField, getLogger } from "../../platform/observability/logger.server";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, organization, orgProfile, resultAudit, type AuditSpace } from "../../../db/schema";
import { frameworkIndicators, runAudit, toScoringModel, type AuditJob, type AuditOutcome, type NormaliseSpec } from "../../../indicators";
import { getDb } from "../../platform/db.server";
import { defineJob, jobIdFor } from "../../platform/jobs/job";
import { getJobQueue } from "../../platform/jobs/queue.server";
import { campaignStanding, type Standing } from "./standing.server";

/**
 * The methodology audit of a campaign's standing: the JRC's checks on the frozen result (coherence,
 * leave-one-out, rank intervals and sensitivity over the campaign's uncertainty space). Computed
 * once per result hash in a worker thread and stored; a page asks, and shows progress meanwhile.
 */

/** What is varied unless the ministry set its own space before opening: every level's weights ±25 %. */
export const DEFAULT_AUDIT_SPACE: AuditSpace = { noiseFactor: 0.25, aggregates: [], normalisations: [], imputation: false, treatment: false, samples: 2000 };

const NORMALISATIONS: Record<AuditSpace["normalisations"][number], NormaliseSpec> = {
  minmax: { method: "minmax", range: [0, 100] },
  zscore: { method: "zscore", meanSd: [0, 1] },
  rank: { method: "rank" },
  prank: { method: "prank" },
  borda: { method: "borda" },
};

export type MethodologyAudit =
  | { state: "none" }
  | { state: "running"; progress: number }
  | { state: "failed"; error: string }
  | { state: "done"; audit: AuditOutcome; space: AuditSpace; standing: Standing };

/** The job for a standing: its cohort, method and the campaign's space, seeded by the result's hash. */
export function auditJob(standing: Standing, space: AuditSpace): AuditJob {
  const { framework, method, columns, latest } = standing;
  const model = toScoringModel(framework);
  const top = Math.max(...model.nodes.map((n) => n.level));
  const levels = [...new Set(model.nodes.map((n) => n.level))].filter((l) => l < top).sort();
  return {
    model,
    unitCodes: columns.unitCodes,
    columns: Object.fromEntries(frameworkIndicators(framework).map((ind) => [ind.code, Array.from(columns.columns[ind.code]!, (v) => (Number.isNaN(v) ? null : v))])),
    method,
    space: {
      noise: space.noiseFactor > 0 ? levels.map((level) => ({ level, factor: space.noiseFactor })) : [],
      aggregates: space.aggregates,
      normalisations: space.normalisations.map((n) => NORMALISATIONS[n]),
      imputation: space.imputation,
      treatment: space.treatment,
    },
    samples: space.samples,
    seed: latest.hash,
  };
}

const WORKER = join(process.cwd(), "indicators/audit/worker.ts");

/** Runs the job in a worker thread (with the TypeScript loader the server itself runs under), or in this thread where the worker file is not deployed. */
function runInWorker(job: AuditJob, progress: (share: number) => void): Promise<AuditOutcome> {
  if (!existsSync(WORKER)) return Promise.resolve(runAudit(job, progress));
  return new Promise((resolve, reject) => {
    // The worker registers tsx's loader itself: Node 20 does not apply --import hooks to a worker's own entry file.
    const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(WORKER).href)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    worker.on("message", (m: { type: "progress"; progress: number } | { type: "done"; result: AuditOutcome } | { type: "failed"; error: string }) => {
      if (m.type === "progress") progress(m.progress);
      else if (m.type === "done") resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => code !== 0 && reject(new Error(`audit worker exited with ${code}`)));
  });
}

/** The campaign's audit as stored for its current standing, without starting one (ranking, profile, API). */
export async function storedAudit(db: Db, campaignId: string): Promise<MethodologyAudit> {
  return methodologyAudit(db, campaignId, false);
}

/**
 * The campaign's audit: stored when done; started (in the background, as the owner: the work
 * outlives the request) when there is none for the current standing; its progress meanwhile.
 */
export async function methodologyAudit(db: Db, campaignId: string, start = true): Promise<MethodologyAudit> {
  const standing = await campaignStanding(db, campaignId);
  if (!standing) return { state: "none" };
  const hash = standing.latest.hash;
  const [row] = await db.select().from(resultAudit).where(and(eq(resultAudit.campaignId, campaignId), eq(resultAudit.resultHash, hash)));
  const [own] = await db.select({ space: campaign.auditSpace }).from(campaign).where(eq(campaign.id, campaignId));
  const space = own?.space ?? DEFAULT_AUDIT_SPACE;
  if (row?.status === "done") return { state: "done", audit: row.audit as AuditOutcome, space, standing };
  if (row?.status === "failed") return { state: "failed", error: row.error ?? "" };
  if (!start && !row) return { state: "none" };
  // Queued, not awaited: the caller may hold the embedded database's one connection in its
  // transaction, and the queue writes through the owner's. Sent again while it runs, it is queued once.
  if (start) {
    const queued = getJobQueue()
      .then((queue) => queue.send(methodologyAuditJob, { campaignId, hash }, { id: jobIdFor("results.audit", campaignId, hash) }))
      .catch((error: Error) => getLogger().warn({ audit: `${campaignId}@${hash}`, err: errorField(error) }, "methodology audit not queued"))
      .finally(() => sending.delete(queued));
    sending.add(queued);
  }
  return { state: "running", progress: row?.progress ?? 0 };
}

/**
 * The audit of one frozen result, on the job queue (any worker, any machine; in-process on the
 * embedded database). A job for a standing that a later sign-off has replaced does nothing; a
 * worker lost mid-run has its job retried; the last attempt's failure is recorded on the row.
 */
export const methodologyAuditJob = defineJob<{ campaignId: string; hash: string }>({
  name: "results.audit",
  retryLimit: 2,
  retryDelaySeconds: 10,
  attemptTimeoutSeconds: 1800,
  async run({ campaignId, hash }, { finalAttempt }) {
    const owner = await getDb();
    const standing = await campaignStanding(owner, campaignId);
    if (standing?.latest.hash !== hash) return;
    const where = and(eq(resultAudit.campaignId, campaignId), eq(resultAudit.resultHash, hash));
    const [row] = await owner.select({ status: resultAudit.status }).from(resultAudit).where(where);
    if (row?.status === "done") return;
    const [own] = await owner.select({ space: campaign.auditSpace }).from(campaign).where(eq(campaign.id, campaignId));
    await owner.insert(resultAudit).values({ campaignId, resultHash: hash, status: "running" }).onConflictDoNothing();
    await owner.update(resultAudit).set({ status: "running", progress: 0, error: null }).where(where);
    try {
      // Progress is written one update after another, and only while the row is running: with a pool
      // of connections a late progress write could otherwise land after the final one.
      let progressWrites = Promise.resolve();
      const whileRunning = and(where, eq(resultAudit.status, "running"));
      const audit = await runInWorker(auditJob(standing, own?.space ?? DEFAULT_AUDIT_SPACE), (progress) => {
        progressWrites = progressWrites.then(() => owner.update(resultAudit).set({ progress }).where(whileRunning)).then(undefined, () => {});
      });
      await progressWrites;
      await owner.update(resultAudit).set({ status: "done", progress: 100, audit, finishedAt: new Date() }).where(where);
    } catch (error) {
      if (finalAttempt) await owner.update(resultAudit).set({ status: "failed", error: (error as Error).message, finishedAt: new Date() }).where(where);
      throw error;
    }
  },
});

/** Audits being handed to the queue right now. */
const sending = new Set<Promise<unknown>>();

/** Waits until no audit is being queued, queued or running (tests; bounded). */
export async function auditsSettled(timeoutMs = 180_000) {
  await Promise.allSettled([...sending]);
  const db = await getDb();
  const queue = await getJobQueue();
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const running = await db.select({ campaignId: resultAudit.campaignId }).from(resultAudit).where(eq(resultAudit.status, "running")).limit(1);
    if (!running.length && !(await queue.waiting())[methodologyAuditJob.name]) return;
  }
  throw new Error("a methodology audit was still running after the wait");
}

/** Names of the cohort's cities by organization id, in both languages. */
export async function cityNames(db: Db, orgIds: readonly string[]): Promise<Record<string, { name: string; nameEn: string | null }>> {
  if (!orgIds.length) return {};
  const rows = await db.select({ id: organization.id, name: organization.name, nameEn: orgProfile.nameEn }).from(organization).leftJoin(orgProfile, eq(orgProfile.organizationId, organization.id)).where(inArray(organization.id, [...orgIds]));
  return Object.fromEntries(rows.map((r) => [r.id, { name: r.name, nameEn: r.nameEn }]));
}
