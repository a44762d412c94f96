import { desc, eq, max } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { result } from "../../../db/schema";
import { scoreColumns, type ScoreResult, toEngineColumns, toScoringModel, weightedMean, competitionRanks, median, flattenFramework, frameworkRef, type EngineColumns, type Framework, type MethodOptions } from "../../../indicators";
import { loadFramework } from "../frameworks/index.server";
import { frozenCohort, type CohortPoint, type FrozenUnit } from "./frozen-cohort.server";
import { CONCERNS as CONCERN_KEYS, type ConcernKey } from "./ranking-query";


/**
 * A campaign's current standing: every signed-off city scored together. The latest result's
 * cohort is every city signed off so far (decision 016), and re-scoring it reproduces that
 * result's hash exactly (checked here, refused if it does not). Null while nobody is signed off.
 */
export async function campaignStanding(db: Db, campaignId: string) {
  const [latest] = await db
    .select({ id: result.id })
    .from(result)
    .where(eq(result.campaignId, campaignId))
    .orderBy(desc(result.cohortSeq))
    .limit(1);
  if (!latest) return null;
  // A frozen result never changes, so its re-scoring is kept instead of being redone, with the
  // cohort's inputs read again, on every page view: the latest only, one campaign's standing being
  // tens of megabytes at town scale.
  const kept = standingCache.get(campaignId);
  if (kept?.latest.id === latest.id) return kept;
  const [row] = await db.select().from(result).where(eq(result.id, latest.id));
  const cohort = await frozenCohort(db, row!);
  const framework = await loadFramework(db, row!.frameworkRef);
  const columns = toEngineColumns(framework, cohort);
  return keepStanding(row!, cohort, framework, columns, scoreCohort(framework, columns, row!.method));
}

/** A cohort scored as every standing is: its columns in sign-off order. */
export const scoreCohort = (framework: Framework, columns: EngineColumns, method: MethodOptions) =>
  scoreColumns(toScoringModel(framework), columns.unitCodes, columns.columns, method);

/**
 * The cohort the next sign-off after `latest` scores: every unit frozen so far, then `own`, as
 * units and as engine columns. When this process keeps `latest`'s standing for the same framework,
 * its columns are extended by one unit instead of converting every town again.
 */
export async function cohortAfter(db: Pick<Db, "select">, framework: Framework, latest: CohortPoint | undefined, own: FrozenUnit) {
  const cohort = [...(latest ? await frozenCohort(db, latest) : []), own];
  const kept = latest && standingCache.get(latest.campaignId);
  const keptColumns = kept && kept.latest.id === latest.id && kept.latest.frameworkRef === frameworkRef(framework) ? kept.columns : null;
  return { cohort, columns: keptColumns ? toEngineColumns(framework, [own], keptColumns) : toEngineColumns(framework, cohort) };
}

/**
 * Scores the standings of the campaigns signed off in most recently, for a process that has just
 * started: otherwise its first sign-off or ranking of a town-scale campaign reads and scores the
 * whole cohort (about a second) while someone waits. Readers still reach a kept standing only
 * through their own query for its latest result, which row-level security answers.
 */
export async function warmStandings(db: Db, campaigns = 4) {
  const recent = await db
    .select({ campaignId: result.campaignId })
    .from(result)
    .groupBy(result.campaignId)
    .orderBy(desc(max(result.signedOffAt)))
    .limit(campaigns);
  for (const { campaignId } of recent) await campaignStanding(db, campaignId);
  return recent.length;
}

/** Campaigns whose latest standing this process keeps; the least recently kept goes first. */
const KEPT_STANDINGS = 16;
const standingCache = new Map<string, ReturnType<typeof checkedStanding>>();

/**
 * Keeps a result's standing from its cohort scored (by the page that asked, or by the sign-off
 * that froze it, which has just scored exactly that cohort).
 */
export function keepStanding(latest: ResultRow, cohort: FrozenUnit[], framework: Framework, columns: EngineColumns, scored: ScoreResult) {
  const standing = checkedStanding(latest, cohort, framework, columns, scored);
  const kept = standingCache.get(latest.campaignId);
  // Parallel requests may finish out of order: never replace a later standing by an earlier one.
  if (kept && kept.latest.cohortSeq > latest.cohortSeq) return standing;
  standingCache.delete(latest.campaignId);
  standingCache.set(latest.campaignId, standing);
  if (standingCache.size > KEPT_STANDINGS) standingCache.delete(standingCache.keys().next().value!);
  return standing;
}

type ResultRow = typeof result.$inferSelect;

function checkedStanding(latest: ResultRow, cohort: FrozenUnit[], framework: Framework, columns: EngineColumns, scored: ScoreResult) {
  if (scored.hash !== latest.hash)
    throw new Error(`Result ${latest.id} does not reproduce: stored hash ${latest.hash}, recomputed ${scored.hash} (engine ${scored.engineVersion}, frozen with ${latest.engineVersion})`);
  return { latest, framework, method: latest.method, cohort, columns, scored };
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
/** A unit's contribution (points of the overall score) from a node, null for missing. */
export const contributionAt = (scored: ScoreResult, node: string, unit: number) => {
  const v = scored.contributions?.[node]?.[unit];
  return v === undefined || Number.isNaN(v) ? null : v;
};

/** A city's place in its cohort: one entry per top-level dimension with the cohort's median and best. */
export function dimensionStanding(standing: Standing, u: number) {
  const { framework, scored } = standing;
  const cohort = dimensionSummaries(framework, scored);
  return framework.dimensions.map((d) => ({
    code: d.code,
    name: d.name,
    score: scoreAt(scored, d.code, u),
    rank: rankAt(scored, d.code, u),
    ...cohort.get(d.code)!,
  }));
}

/**
 * A summary of a standing's whole cohort, computed once and kept with the scored standing it
 * describes: a report batch asks for it once per town, 20,401 times at town scale.
 */
function keptFor<T>(kept: WeakMap<ScoreResult, T>, scored: ScoreResult, compute: () => T): T {
  let value = kept.get(scored);
  if (value === undefined) kept.set(scored, (value = compute()));
  return value;
}

const summariesKept = new WeakMap<ScoreResult, Map<string, { median: number | null; best: number | null }>>();

function dimensionSummaries(framework: Framework, scored: ScoreResult) {
  return keptFor(summariesKept, scored, () => {
    const summaries = new Map<string, { median: number | null; best: number | null }>();
    for (const d of framework.dimensions) {
      const column = scored.scores[d.code]!;
      const present = column.filter((v) => !Number.isNaN(v));
      summaries.set(d.code, { median: present.length ? median(column) : null, best: present.length ? present.reduce((a, b) => Math.max(a, b)) : null });
    }
    return summaries;
  });
}

export { CONCERN_KEYS };

/** Each node's nominal share of the overall score: the product of its weight shares up the tree. */
export function nominalShares(framework: Framework): Map<string, number> {
  const flat = flattenFramework(framework);
  const siblingsTotal = new Map<string | null, number>();
  for (const { node, parent } of flat) siblingsTotal.set(parent, (siblingsTotal.get(parent) ?? 0) + node.weight);
  const shares = new Map<string, number>();
  for (const { node, parent } of flat) shares.set(node.code, (parent === null ? 1 : shares.get(parent)!) * (node.weight / siblingsTotal.get(parent)!));
  return shares;
}

type ConcernColumns = ReturnType<typeof concernColumns>;

/** One unit's concern scores and ranks (null where missing). */
export function concernsAt(concerns: ConcernColumns, u: number) {
  const scores = {} as Record<ConcernKey, number | null>;
  const ranks = {} as Record<ConcernKey, number | null>;
  for (const k of CONCERN_KEYS) {
    const v = concerns[k].values[u]!;
    scores[k] = Number.isNaN(v) ? null : v;
    ranks[k] = concerns[k].ranks[u] || null;
  }
  return { scores, ranks };
}

const concernsKept = new WeakMap<ScoreResult, Record<ConcernKey, { values: Float64Array; ranks: Int32Array }>>();

/**
 * Concern scores for every unit: the weighted mean of the top-level dimensions tagged with it.
 * Kept with the scored standing (whose framework it always is).
 */
export function concernColumns(framework: Framework, scored: ScoreResult) {
  return keptFor(concernsKept, scored, () =>
    Object.fromEntries(
      CONCERN_KEYS.map((key) => {
        const dims = framework.dimensions.filter((d) => d.concerns?.includes(key));
        const values = Float64Array.from(scored.unitCodes, (_, u) =>
          dims.length ? weightedMean("arithmetic", dims.map((d) => scored.scores[d.code]![u]!), dims.map((d) => d.weight)) : NaN,
        );
        return [key, { values, ranks: competitionRanks(values) }];
      }),
    ) as Record<ConcernKey, { values: Float64Array; ranks: Int32Array }>,
  );
}
