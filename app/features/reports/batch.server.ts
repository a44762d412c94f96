import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import { and, desc, eq, sql } from "drizzle-orm";
import { Zip, ZipPassThrough } from "fflate";
import type { Db } from "../../../db/client";
import { reportBatch, reportBatchItem } from "../../../db/schema";
import type { ReportLocale } from "../../../reports/types";
import { getDb } from "../../platform/db.server";
import { defineJob, jobIdFor } from "../../platform/jobs/job";
import { getJobQueue } from "../../platform/jobs/queue.server";
import { getStorage } from "../../platform/storage.server";
import { problem } from "../i18n/index.server";
import { ReportUnavailableError, signedOffCityCodes } from "./data.server";
import { cityReportPdf, cohortReportPdf } from "./pdf.server";

/** A running batch whose reports stopped arriving for this long has lost every worker's attempts. */
const STALE_AFTER_MS = 30 * 60_000;

/** The campaign's latest batch; a "running" batch that stopped making progress long ago shows as failed. */
export async function latestBatch(db: Db, campaignId: string) {
  const [row] = await db.select().from(reportBatch).where(eq(reportBatch.campaignId, campaignId)).orderBy(desc(reportBatch.createdAt)).limit(1);
  if (row?.status === "running" && Date.now() - row.updatedAt.getTime() > STALE_AFTER_MS) return { ...row, status: "failed" as const, error: "interrupted: no report was finished for 30 minutes" };
  return row ?? null;
}

const fileKey = (batchId: string, file: string) => `reports/${batchId}/${file}`;
const COHORT_FILE = "cohort.pdf";

/** Records a batch's failure where its page shows it (the last attempt of one of its jobs failed). */
async function failBatch(db: Db, batchId: string, error: unknown) {
  await db
    .update(reportBatch)
    .set({ status: "failed", error: error instanceof Error ? error.message : String(error), updatedAt: new Date() })
    .where(and(eq(reportBatch.id, batchId), eq(reportBatch.status, "running")));
}

/**
 * Stores one report of a batch unless an earlier attempt did, and counts it once: the row in
 * report_batch_item and the progress move together, so a retried job never counts twice.
 * Returns whether every report of the batch is now in.
 */
async function storeBatchFile(db: Db, batchId: string, file: string, build: () => Promise<Uint8Array>): Promise<boolean> {
  const storage = getStorage();
  const key = fileKey(batchId, file);
  if (!(await storage.get(key))) await storage.put(key, await build(), "application/pdf");
  return db.transaction(async (tx) => {
    const added = await tx.insert(reportBatchItem).values({ batchId, file }).onConflictDoNothing().returning({ file: reportBatchItem.file });
    const [row] = added.length
      ? await tx.update(reportBatch).set({ done: sql`${reportBatch.done} + 1`, updatedAt: new Date() }).where(eq(reportBatch.id, batchId)).returning()
      : await tx.select().from(reportBatch).where(eq(reportBatch.id, batchId));
    return !!row && row.done >= row.total;
  });
}

type CityReportPayload = { batchId: string; cityOrgId: string; code: string };

async function batchRow(db: Db, batchId: string) {
  const [row] = await db.select().from(reportBatch).where(eq(reportBatch.id, batchId));
  return row?.status === "running" ? row : null;
}

/** One report of a batch: any worker on any machine takes the next one. */
export const cityReportJob = defineJob<CityReportPayload | { batchId: string; cohort: true }>({
  name: "report.file",
  retryLimit: 3,
  retryDelaySeconds: 5,
  attemptTimeoutSeconds: 180,
  // A take of 16 reports is a few seconds' work, well inside one attempt's timeout.
  takenTogether: 16,
  async run(payload, { finalAttempt }) {
    const db = await getDb();
    const batch = await batchRow(db, payload.batchId);
    if (!batch) return;
    const locale = batch.locale as ReportLocale;
    try {
      const complete =
        "cohort" in payload
          ? await storeBatchFile(db, batch.id, COHORT_FILE, async () => (await cohortReportPdf(db, batch.campaignId, locale)).pdf)
          : await storeBatchFile(db, batch.id, `${payload.code}.pdf`, async () => (await cityReportPdf(db, batch.campaignId, payload.cityOrgId, locale)).pdf);
      if (complete) await (await getJobQueue()).send(assembleBatchJob, { batchId: batch.id }, { id: jobIdFor("report.assemble", batch.id) });
    } catch (error) {
      if (finalAttempt) await failBatch(db, batch.id, error);
      throw error;
    }
  },
});

/**
 * Writes every report of a batch into one ZIP as it goes to storage: a batch of every town is
 * about 1.8 GB, so neither the ZIP nor its PDFs are ever held in memory together.
 */
async function writeBatchZip(batchId: string, files: readonly string[], key: string) {
  const storage = getStorage();
  const zipped = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) return void zipped.destroy(error);
    zipped.write(chunk);
    if (final) zipped.end();
  });
  const stored = storage.putStream(key, zipped, "application/zip");
  // Should storage stop reading (a failed upload), waiting for it to drain must end too.
  const storageFailed = stored.then(() => new Promise<never>(() => {}));
  // Its failure is awaited below (through `stored`) even when no race was waiting on it.
  storageFailed.catch(() => {});
  try {
    for (const file of files) {
      const pdf = await Promise.race([storage.get(fileKey(batchId, file)), storageFailed]);
      if (!pdf) throw new Error(`report ${file} of batch ${batchId} is missing from storage`);
      // PDFs are already compressed: stored as they are.
      const entry = new ZipPassThrough(file);
      zip.add(entry);
      entry.push(new Uint8Array(pdf), true);
      if (zipped.writableNeedDrain) await Promise.race([once(zipped, "drain"), storageFailed]);
    }
    zip.end();
  } catch (error) {
    zipped.destroy(error as Error);
    await stored.catch(() => {});
    throw error;
  }
  await stored;
}

/** When every report of a batch is stored: one ZIP of them as one stored object. */
export const assembleBatchJob = defineJob<{ batchId: string }>({
  name: "report.assemble",
  retryLimit: 3,
  retryDelaySeconds: 10,
  attemptTimeoutSeconds: 900,
  async run({ batchId }, { finalAttempt }) {
    const db = await getDb();
    const batch = await batchRow(db, batchId);
    if (!batch) return;
    try {
      const files = (await db.select({ file: reportBatchItem.file }).from(reportBatchItem).where(eq(reportBatchItem.batchId, batchId))).map((r) => r.file).sort();
      const key = `reports/${batchId}.zip`;
      await writeBatchZip(batchId, files, key);
      await db.update(reportBatch).set({ status: "done", storageKey: key, updatedAt: new Date() }).where(eq(reportBatch.id, batchId));
    } catch (error) {
      if (finalAttempt) await failBatch(db, batchId, error);
      throw error;
    }
  },
});

/** Every job this domain runs in the background. */
export const REPORT_JOBS = [cityReportJob, assembleBatchJob];

/**
 * Queues a campaign's reports (one job per signed-off city, one for the cohort report) and returns
 * at once; workers anywhere build them, progress is kept in the batch row, so the page can be left
 * and revisited. One running batch per campaign.
 */
export async function startBatch(db: Db, campaignId: string, userId: string, locale: ReportLocale): Promise<string> {
  const current = await latestBatch(db, campaignId);
  if (current?.status === "running") return current.id;
  const cities = await signedOffCityCodes(db, campaignId);
  if (!cities.length) throw new ReportUnavailableError(problem("p_reportNothingSignedOff"));
  const id = randomUUID();
  await db.insert(reportBatch).values({ id, campaignId, requestedBy: userId, locale, total: cities.length + 1 });
  const jobs = [
    ...cities.map((city) => ({ id: jobIdFor("report.file", id, city.cityOrgId), payload: { batchId: id, cityOrgId: city.cityOrgId, code: city.code } })),
    { id: jobIdFor("report.file", id, "cohort"), payload: { batchId: id, cohort: true as const } },
  ];
  await (await getJobQueue()).sendMany(cityReportJob, jobs);
  return id;
}

/** A finished batch's ZIP as it is read from storage (a batch of every town is too large to hold in memory). */
export async function batchZip(db: Db, campaignId: string, batchId: string): Promise<Readable | null> {
  const [row] = await db.select().from(reportBatch).where(and(eq(reportBatch.id, batchId), eq(reportBatch.campaignId, campaignId)));
  if (row?.status !== "done" || !row.storageKey) return null;
  return getStorage().getStream(row.storageKey);
}
