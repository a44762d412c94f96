import { count, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { reportBatch } from "../../../db/schema";

/** Background work not finished yet, per queue: the figure an operator scales workers by. */
export async function jobsWaiting(db: Db): Promise<Record<string, number>> {
  const [batches] = await db.select({ n: count() }).from(reportBatch).where(eq(reportBatch.status, "running"));
  return { "report-batch": batches?.n ?? 0 };
}
