/**
 * One methodology audit as plain data in and out (what a worker thread receives and posts back):
 * the engine's tables with codes, no typed arrays, so they can be stored as JSON.
 */
import type { MethodOptions, NormaliseSpec, ScoringModel } from "../engine/types";
import { pearson } from "./coherence";
import { auditCohort } from "./index";
import type { Cohort, RankInterval } from "./robustness";
import type { SensitivityIndex } from "./sensitivity";
import type { TreatmentRecord } from "../engine/treat";
import type { UncertaintySpace } from "./uncertainty";

export interface AuditJob {
  model: ScoringModel;
  unitCodes: string[];
  /** Raw values by indicator code, null for missing (JSON has no NaN). */
  columns: Record<string, (number | null)[]>;
  method: MethodOptions;
  space: Omit<UncertaintySpace, "normalisations"> & { normalisations?: NormaliseSpec[] };
  samples: number;
  /** The frozen result's hash: the same result always shows the same intervals. */
  seed: string;
}

export interface AuditOutcome {
  hash: string;
  correlations: { code: string; parent: string; r: number | null }[];
  /** Each indicator's correlation with the index beside its nominal effective weight (the JRC's "effective vs nominal"). */
  withIndex: { code: string; r: number | null; nominalShare: number }[];
  alphas: { code: string; alpha: number | null }[];
  leaveOneOut: { code: string; meanAbsRankChange: number }[];
  rankIntervals: RankInterval[];
  sensitivity: SensitivityIndex[];
  treatment: { code: string; record: TreatmentRecord }[] | null;
  samples: number;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** Indicators' Pearson r with the index (pairwise complete) and their nominal share of it. */
function indexCorrelations(model: ScoringModel, scores: Record<string, Float64Array>) {
  const root = model.nodes.find((n) => !n.parent)!.code;
  const byCode = new Map(model.nodes.map((n) => [n.code, n]));
  const siblingsTotal = (parent: string | null) => model.nodes.filter((n) => n.parent === parent).reduce((s, n) => s + n.weight, 0);
  const share = (code: string): number => {
    const node = byCode.get(code)!;
    return node.parent ? (node.weight / siblingsTotal(node.parent)) * (node.parent === root ? 1 : share(node.parent)) : 1;
  };
  return model.nodes.filter((n) => n.level === 1).map((n) => ({ code: n.code, r: finite(pearson(scores[n.code]!, scores[root]!)), nominalShare: share(n.code) }));
}

export function runAudit(job: AuditJob, progress: (share: number) => void = () => {}): AuditOutcome {
  const cohort: Cohort = { unitCodes: job.unitCodes, columns: Object.fromEntries(Object.entries(job.columns).map(([code, values]) => [code, Float64Array.from(values, (v) => (v === null ? NaN : v))])) };
  progress(5);
  // Leaving out a whole dimension (the level under the index) is what a ministry asks about.
  const dimensions = Math.max(...job.model.nodes.map((n) => n.level)) - 1;
  let told = 5;
  const percent = (share: number) => {
    const now = 5 + Math.floor(94 * share);
    if (now > told) progress((told = now));
  };
  const audit = auditCohort(job.model, cohort, job.method, { sample: { space: job.space, samples: job.samples, seed: job.seed, sensitivity: true }, leaveOneOutLevel: dimensions, progress: percent });
  progress(100);
  return {
    hash: audit.scored.hash,
    correlations: audit.correlations.map((c) => ({ ...c, r: finite(c.r) })),
    withIndex: indexCorrelations(job.model, audit.scored.scores),
    alphas: audit.alphas.map((a) => ({ ...a, alpha: finite(a.alpha) })),
    leaveOneOut: audit.leaveOneOut,
    rankIntervals: audit.rankIntervals ?? [],
    sensitivity: (audit.sensitivity ?? []).map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === "number" ? (finite(v) ?? 0) : v])) as unknown as SensitivityIndex),
    treatment: audit.treatment,
    samples: job.samples,
  };
}
