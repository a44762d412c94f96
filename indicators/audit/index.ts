/**
 * The statistical audit of a scored cohort (the JRC's checks, as COINr computes them): outlier
 * treatment, coherence, leave-one-out, and rank intervals over scenarios.
 */
import { scoreColumns, type ScoreResult } from "../engine/score";
import type { MethodOptions, ScoringModel } from "../engine/types";
import { aggregateAlphas, parentCorrelations } from "./coherence";
import { leaveOneOut, rankIntervals, type Cohort, type RankInterval, type Scenario } from "./robustness";
import { treatCohort, type TreatmentRecord } from "./treat";
import { rankSensitivity, type SensitivityIndex } from "./sensitivity";
import { sampledRankIntervals, uncertainInputs, type Progress, type UncertaintySpace } from "./uncertainty";

export * from "./treat";
export * from "./coherence";
export * from "./robustness";
export * from "./sampling";
export * from "./sensitivity";
export * from "./uncertainty";
export * from "./ranker";

export interface CohortAudit {
  /** The cohort as scored: treated when asked. */
  scored: ScoreResult;
  /** Per indicator, what treatment did (only when treated). */
  treatment: { code: string; record: TreatmentRecord }[] | null;
  treated: Cohort | null;
  correlations: { code: string; parent: string; r: number }[];
  alphas: { code: string; alpha: number }[];
  leaveOneOut: { code: string; meanAbsRankChange: number }[];
  rankIntervals: RankInterval[] | null;
  sensitivity: SensitivityIndex[] | null;
}

/** The whole audit of one cohort under one method; every table is computed on what is scored. */
export function auditCohort(
  model: ScoringModel,
  cohort: Cohort,
  method: MethodOptions,
  options: {
    treat?: boolean;
    /** Explicit scenarios, or a space to sample (seeded by `seed`, else by the nominal result's hash: the same result always shows the same intervals). */
    scenarios?: readonly Scenario[];
    sample?: { space: UncertaintySpace; samples: number; seed?: string; sensitivity?: boolean };
    /** The level whose elements are left out one at a time (COINr's default in the reference tables: 2). */
    leaveOneOutLevel?: number;
    /** Told the share of the audit done, about every 1% of the sampling and sensitivity runs. */
    progress?: Progress;
  } = {},
): CohortAudit {
  const treated = options.treat ? treatCohort(model, cohort) : null;
  const input = treated?.cohort ?? cohort;
  const scored = scoreColumns(model, input.unitCodes, input.columns, method);
  const seed = options.sample?.seed ?? scored.hash;
  // Sampled methods start from the raw cohort: treatment on or off is then one of their choices.
  const nominalMethod = options.treat ? { ...method, treat: true } : method;
  const progress = options.progress ?? (() => {});
  // A sensitivity design ranks (inputs + 2) × samples scenarios against the samples' one each.
  const sampling = options.sample?.sensitivity ? 1 / (uncertainInputs(options.sample.space).length + 3) : 1;
  return {
    scored,
    treatment: treated?.treatment ?? null,
    treated: treated?.cohort ?? null,
    correlations: parentCorrelations(model.nodes, scored.scores),
    alphas: aggregateAlphas(model.nodes, scored.scores),
    leaveOneOut: leaveOneOut(model, input, method, options.leaveOneOutLevel ?? 2),
    rankIntervals: options.scenarios
      ? rankIntervals(model, input, method, options.scenarios)
      : options.sample
        ? sampledRankIntervals(model, cohort, nominalMethod, options.sample.space, options.sample.samples, seed, (share) => progress(sampling * share))
        : null,
    sensitivity: options.sample?.sensitivity
      ? rankSensitivity(model, cohort, nominalMethod, options.sample.space, options.sample.samples, seed, undefined, (share) => progress(sampling + (1 - sampling) * share))
      : null,
  };
}
