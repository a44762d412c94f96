import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../../db/client";
import { cohortStatistics, MIN_COHORT, type CohortStatistics } from "../../../indicators";

export type CohortStatisticsByCode = Readonly<Record<string, CohortStatistics>>;

/** Campaigns whose statistics a process keeps: 60 indicators' figures each, a few KB. */
const CAMPAIGNS_KEPT = 16;
const kept = new Map<string, Promise<CohortStatisticsByCode>>();

/** Every value of the campaign per indicator, as zhiping_cohort_values gives them (sorted, without the cities). */
async function cohortColumns(db: Db, campaignId: string) {
  const rows = rowsOf<{ indicator_code: string; value: number }>(await db.execute(sql`select indicator_code, value from zhiping_cohort_values(${campaignId})`));
  const byCode: Record<string, number[]> = {};
  for (const r of rows) (byCode[r.indicator_code] ??= []).push(Number(r.value));
  return byCode;
}

/**
 * The outlier statistics of the campaign's whole cohort for each of `codes` (an indicator without
 * values gets those of an empty cohort: too small to judge).
 *
 * Kept per process under the campaign's values fingerprint (migration 0022), which moves with every
 * value written or removed: a campaign of 20,401 towns has 1.1 million values, and a city's page,
 * its saves and each report of a batch need the same figures. A campaign the caller may not see has
 * no fingerprint, and no statistics.
 */
export async function campaignCohortStatistics(db: Db, campaignId: string, codes: readonly string[]): Promise<CohortStatisticsByCode> {
  const [row] = rowsOf<{ f: string | null }>(await db.execute(sql`select zhiping_values_fingerprint(${campaignId}) as f`));
  if (!row?.f) return Object.fromEntries(codes.map((code) => [code, cohortStatistics([], MIN_COHORT)]));
  const key = `${campaignId}|${row.f}`;
  let statistics = kept.get(key);
  if (statistics) {
    // Most recently used last: the first key is the one to drop.
    kept.delete(key);
  } else {
    statistics = cohortColumns(db, campaignId).then((columns) => Object.fromEntries(Object.entries(columns).map(([code, values]) => [code, cohortStatistics(values, MIN_COHORT)])));
    statistics.catch(() => kept.delete(key));
  }
  kept.set(key, statistics);
  if (kept.size > CAMPAIGNS_KEPT) kept.delete(kept.keys().next().value!);
  const known = await statistics;
  return Object.fromEntries(codes.map((code) => [code, known[code] ?? cohortStatistics([], MIN_COHORT)]));
}
