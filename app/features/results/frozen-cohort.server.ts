import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { result, type FrozenInputs } from "../../../db/schema";

export type FrozenUnit = FrozenInputs["units"][number];

/** Which frozen result a cohort is asked for: its place in the campaign's sign-off order, and its id. */
export interface CohortPoint {
  campaignId: string;
  cohortSeq: number;
  id: string;
}

interface Kept {
  /** The unit of the result with cohortSeq k + 1 at index k, and that result's id. */
  units: FrozenUnit[];
  ids: string[];
}

/** Campaigns whose frozen cohort this process keeps; the least recently used goes first. */
const KEPT_CAMPAIGNS = 8;
const kept = new Map<string, Kept>();

function remember(campaignId: string, entry: Kept) {
  kept.delete(campaignId);
  kept.set(campaignId, entry);
  if (kept.size > KEPT_CAMPAIGNS) kept.delete(kept.keys().next().value!);
}

/**
 * The inputs a frozen result was scored on (decision 016): each result freezes its own city's
 * reviewed values, and the cohort of the k-th sign-off of a campaign is the units of its results
 * 1..k, in that order. Results are never changed, so a process keeps the cohorts it has read and
 * reads only the results frozen since; what it kept is used only when the result it ends with
 * is the very row the database holds (ids are random, so a copy of the database that went its own
 * way after the copy never passes for this one).
 */
export async function frozenCohort(db: Pick<Db, "select">, at: CohortPoint): Promise<FrozenUnit[]> {
  let entry = kept.get(at.campaignId);
  if (entry && entry.ids.length >= at.cohortSeq) {
    if (entry.ids[at.cohortSeq - 1] === at.id) return prefix(entry, at.cohortSeq);
    entry = undefined;
  }
  const have = entry?.ids.length ?? 0;
  const rows = await db
    .select({ id: result.id, cohortSeq: result.cohortSeq, cityOrgId: result.cityOrgId, inputs: result.inputs })
    .from(result)
    .where(and(eq(result.campaignId, at.campaignId), gte(result.cohortSeq, Math.max(1, have)), lte(result.cohortSeq, at.cohortSeq)))
    .orderBy(asc(result.cohortSeq));
  // The kept part is still this database's only if the last result it holds is still there.
  if (entry && rows[0]?.id !== entry.ids[have - 1]) {
    kept.delete(at.campaignId);
    return frozenCohort(db, at);
  }
  const fresh: Kept = entry ? { units: [...entry.units], ids: [...entry.ids] } : { units: [], ids: [] };
  for (const row of entry ? rows.slice(1) : rows) {
    if (row.cohortSeq !== fresh.ids.length + 1) throw new Error(`campaign ${at.campaignId}: result ${row.cohortSeq} follows result ${fresh.ids.length}; the sign-off order has a gap`);
    const own = row.inputs.units.find((u) => u.code === row.cityOrgId);
    if (!own || row.inputs.units.length !== 1) throw new Error(`result ${row.id} does not hold exactly its own city's inputs`);
    fresh.units.push(own);
    fresh.ids.push(row.id);
  }
  if (fresh.ids[at.cohortSeq - 1] !== at.id) throw new Error(`campaign ${at.campaignId}: result ${at.cohortSeq} is not ${at.id}`);
  remember(at.campaignId, fresh);
  return prefix(fresh, at.cohortSeq);
}

function prefix(entry: Kept, cohortSeq: number): FrozenUnit[] {
  return cohortSeq === entry.units.length ? entry.units : entry.units.slice(0, cohortSeq);
}
