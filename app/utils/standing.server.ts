import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { result } from "../../db/schema";
import { scoreUnits, type ScoreResult } from "../../indicators/engine/score";
import type { MethodOptions } from "../../indicators/engine/types";
import { toEngineInputs, toScoringModel } from "../../indicators/framework/model";
import { getFramework } from "../../indicators/frameworks/index";

type FrozenInputs = { units: { code: string; values: Record<string, number | null> }[] };

/**
 * A campaign's current standing: every signed-off city scored together. Each sign-off freezes
 * the inputs of all cities signed off so far, so the latest result holds the whole cohort and
 * re-scoring it reproduces that result's hash exactly (checked here, refused if it does not).
 * Null while nobody is signed off.
 */
export async function campaignStanding(db: Db, campaignId: string) {
  const [latest] = await db.select().from(result).where(eq(result.campaignId, campaignId)).orderBy(desc(result.signedOffAt), desc(result.id)).limit(1);
  if (!latest) return null;
  const framework = getFramework(latest.frameworkRef);
  const method = latest.method as MethodOptions;
  const cohort = (latest.inputs as FrozenInputs).units;
  const scored: ScoreResult = scoreUnits(toScoringModel(framework), toEngineInputs(framework, cohort), method);
  if (scored.hash !== latest.hash)
    throw new Error(`Result ${latest.id} does not reproduce: stored hash ${latest.hash}, recomputed ${scored.hash} (engine ${scored.engineVersion}, frozen with ${latest.engineVersion})`);
  return { latest, framework, method, cohort, scored };
}

export type Standing = NonNullable<Awaited<ReturnType<typeof campaignStanding>>>;

/** A unit's value at a node, null for missing. */
export const scoreAt = (scored: ScoreResult, node: string, unit: number) => {
  const v = scored.scores[node]?.[unit];
  return v === undefined || Number.isNaN(v) ? null : v;
};
export const rankAt = (scored: ScoreResult, node: string, unit: number) => {
  const r = scored.ranks[node]?.[unit];
  return r ? r : null;
};
