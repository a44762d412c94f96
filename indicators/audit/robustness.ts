/**
 * How much the index ranking moves when defensible choices change: an element left out (COINr's
 * `remove_elements`) and explicit scenarios of weights and aggregation (the rank statistics COINr's
 * `get_sensitivity` reports), each scored by the same engine as the nominal result.
 */
import { ScoringInputError } from "../engine/errors";
import { scoreColumns } from "../engine/score";
import type { AggregateMethod, MethodOptions, ScoringModel } from "../engine/types";
import { IndexRanker } from "./ranker";
import { summarise } from "./uncertainty";

/** The model without a node and everything under it (COINr sets its weight to zero, which aggregates the same). */
export function withoutNode(model: ScoringModel, code: string): ScoringModel {
  const removed = new Set([code]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of model.nodes)
      if (n.parent && removed.has(n.parent) && !removed.has(n.code)) {
        removed.add(n.code);
        grew = true;
      }
  }
  // A parent left without children goes too (COINr's zero weight makes it missing, which its own parent then skips).
  let nodes = model.nodes.filter((n) => !removed.has(n.code));
  for (let emptied = true; emptied; ) {
    const parents = new Set(nodes.map((n) => n.parent));
    const kept = nodes.filter((n) => n.level === 1 || !n.parent || parents.has(n.code));
    emptied = kept.length < nodes.length;
    nodes = kept;
  }
  return { id: `${model.id}-without-${code}`, nodes };
}

export interface Cohort {
  unitCodes: readonly string[];
  /** Raw indicator columns by code, NaN for missing. */
  columns: Readonly<Record<string, Float64Array>>;
}

const rootOf = (model: ScoringModel) => model.nodes.find((n) => !n.parent)!.code;

/** Index ranks (1 = best, 0 = no score) of a cohort under a model and method. */
export function indexRanks(model: ScoringModel, cohort: Cohort, method: MethodOptions): Int32Array {
  const result = scoreColumns(model, cohort.unitCodes, pick(cohort.columns, model), method);
  return result.ranks[rootOf(model)]!;
}

/** Only the columns the model still has (a model without a node has fewer indicators). */
function pick(columns: Cohort["columns"], model: ScoringModel) {
  const keep = new Set(model.nodes.map((n) => n.code));
  return Object.fromEntries(Object.entries(columns).filter(([code]) => keep.has(code)));
}

function meanAbsChange(a: Int32Array, b: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/**
 * For each node of a level, the mean absolute change of the index rank when it is left out. The
 * index itself is never left out: in a framework of two levels, level 2 has nothing to remove.
 */
export function leaveOneOut(model: ScoringModel, cohort: Cohort, method: MethodOptions, level = 2): { code: string; meanAbsRankChange: number }[] {
  const nominal = indexRanks(model, cohort, method);
  return model.nodes
    .filter((n) => n.level === level && n.parent)
    .map((n) => ({ code: n.code, meanAbsRankChange: meanAbsChange(nominal, indexRanks(withoutNode(model, n.code), cohort, method)) }));
}

/** One alternative: an aggregation method for every level, and new weights for some nodes (the rest keep theirs). */
export interface Scenario {
  aggregate: AggregateMethod;
  weights: Readonly<Record<string, number>>;
  /** Where it was read from, so a scenario that cannot be scored is named by its line. */
  source?: { file: string; line: number };
}

export function applyScenario(model: ScoringModel, scenario: Scenario): ScoringModel {
  return { id: model.id, nodes: model.nodes.map((n) => (n.code in scenario.weights ? { ...n, weight: scenario.weights[n.code]! } : n)) };
}

/** R's quantile(type = 7): linear interpolation between order statistics. */
export function quantile7(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface RankInterval {
  unit: string;
  nominal: number;
  mean: number;
  median: number;
  q5: number;
  q95: number;
  /** Share of the scenarios in which the unit ranks in the top 10, and in the top quarter. */
  top10: number;
  topQuarter: number;
}

/** Each unit's index rank across explicit scenarios: mean, median and the 5th and 95th percentiles. */
export function rankIntervals(model: ScoringModel, cohort: Cohort, method: MethodOptions, scenarios: readonly Scenario[]): RankInterval[] {
  const ranker = new IndexRanker(model, cohort, method);
  const nominal = Int32Array.from(ranker.rank(null));
  const n = cohort.unitCodes.length;
  const ranks = new Int32Array(n * scenarios.length);
  const weights = new Float64Array(model.nodes.length);
  scenarios.forEach((s, k) => {
    weights.set(ranker.nominalWeights);
    for (const [code, w] of Object.entries(s.weights)) weights[ranker.indexOf(code)] = w;
    let r: Int32Array;
    try {
      r = ranker.rank(weights, ranker.nominalAggregate.map(() => s.aggregate));
    } catch (error) {
      if (!(error instanceof ScoringInputError)) throw error;
      // A method that cannot apply (a geometric mean over a zero): the scenario is named, not just the engine's complaint.
      throw new ScoringInputError(`scenario ${k + 1} cannot be scored: ${error.message}`, s.source ? { file: s.source.file, line: s.source.line, column: "2 (aggregate)" } : {});
    }
    ranks.set(r, k * n);
  });
  return summarise(cohort.unitCodes, nominal, ranks, scenarios.length);
}
