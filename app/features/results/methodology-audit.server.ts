import { errorField, getLogger } from "../../platform/observability/logger.server";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, organization, orgProfile, resultAudit, type AuditSpace } from "../../../db/schema";
import { frameworkIndicators, runAudit, toEngineInputs, toScoringModel, type AuditJob, type AuditOutcome, type NormaliseSpec } from "../../../indicators";
import { getDb } from "../../platform/db.server";
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
  const { framework, method, cohort, latest } = standing;
  const model = toScoringModel(framework);
  const inputs = toEngineInputs(framework, cohort);
  const top = Math.max(...model.nodes.map((n) => n.level));
  const levels = [...new Set(model.nodes.map((n) => n.level))].filter((l) => l < top).sort();
  return {
    model,
    unitCodes: inputs.map((u) => u.code),
    columns: Object.fromEntries(frameworkIndicators(framework).map((ind) => [ind.code, inputs.map((u) => u.values[ind.code] ?? null)])),
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

/** Audits running in this process, by campaign and hash: a row left "running" by a process that died is started again. */
const running = new Map<string, Promise<void>>();

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
  const key = `${campaignId}@${hash}`;
  if (!start && !row) return { state: "none" };
  if (!running.has(key))
    running.set(
      key,
      startAudit(campaignId, hash, auditJob(standing, space))
        // The audit is recomputed on the next request that asks; a failure to record it (a database gone at shutdown) is only logged.
        .catch((error: Error) => getLogger().warn({ audit: key, err: errorField(error) }, "methodology audit not recorded"))
        .finally(() => running.delete(key)),
    );
  return { state: "running", progress: row?.progress ?? 0 };
}

async function startAudit(campaignId: string, hash: string, job: AuditJob) {
  const owner = await getDb();
  await owner.insert(resultAudit).values({ campaignId, resultHash: hash, status: "running" }).onConflictDoNothing();
  const where = and(eq(resultAudit.campaignId, campaignId), eq(resultAudit.resultHash, hash));
  try {
    // Progress is written one update after another, and only while the row is running: with a pool
    // of connections a late progress write could otherwise land after the final one.
    let progressWrites = Promise.resolve();
    const whileRunning = and(where, eq(resultAudit.status, "running"));
    const audit = await runInWorker(job, (progress) => {
      progressWrites = progressWrites.then(() => owner.update(resultAudit).set({ progress }).where(whileRunning)).then(undefined, () => {});
    });
    await progressWrites;
    await owner.update(resultAudit).set({ status: "done", progress: 100, audit, finishedAt: new Date() }).where(where);
  } catch (error) {
    await owner.update(resultAudit).set({ status: "failed", error: (error as Error).message, finishedAt: new Date() }).where(where);
  }
}

/** Waits for the audits this process is running (tests, and a graceful shutdown). */
export async function auditsSettled() {
  await Promise.allSettled([...running.values()]);
}

/** Names of the cohort's cities by organization id, in both languages. */
export async function cityNames(db: Db, orgIds: readonly string[]): Promise<Record<string, { name: string; nameEn: string | null }>> {
  if (!orgIds.length) return {};
  const rows = await db.select({ id: organization.id, name: organization.name, nameEn: orgProfile.nameEn }).from(organization).leftJoin(orgProfile, eq(orgProfile.organizationId, organization.id)).where(inArray(organization.id, [...orgIds]));
  return Object.fromEntries(rows.map((r) => [r.id, { name: r.name, nameEn: r.nameEn }]));
}
