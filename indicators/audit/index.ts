/**
 * The statistical audit of a scored cohort (the JRC's checks, as COINr computes them): outlier
 * treatment, coherence, leave-one-out, and rank intervals over scenarios.
 */
import { scoreColumns, type ScoreResult } from "../engine/score";
import type { MethodOptions, ScoringModel } from "../engine/types";
import { aggregateAlphas, parentCorrelations } from "./coherence";
import { leaveOneOut, rankIntervals, type Cohort, type RankInterval, type Scenario } from "./robustness";
import { treatColumn, type TreatmentRecord } from "./treat";
import { sampleScenarios, type UncertaintySpace } from "./sampling";
import { rankSensitivity, type SensitivityIndex } from "./sensitivity";

export * from "./treat";
export * from "./coherence";
export * from "./robustness";
export * from "./sampling";
export * from "./sensitivity";

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

/** Every indicator column treated (COINr `Treat()` defaults), with the record of each. */
export function treatCohort(model: ScoringModel, cohort: Cohort): { cohort: Cohort; treatment: CohortAudit["treatment"] & object } {
  const treatment: { code: string; record: TreatmentRecord }[] = [];
  const columns: Record<string, Float64Array> = {};
  for (const node of model.nodes) {
    if (node.level !== 1) continue;
    const raw = cohort.columns[node.code] ?? new Float64Array(cohort.unitCodes.length).fill(NaN);
    const { values, record } = treatColumn(raw);
    columns[node.code] = values;
    treatment.push({ code: node.code, record });
  }
  return { cohort: { unitCodes: cohort.unitCodes, columns }, treatment };
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
  } = {},
): CohortAudit {
  const treated = options.treat ? treatCohort(model, cohort) : null;
  const input = treated?.cohort ?? cohort;
  const scored = scoreColumns(model, input.unitCodes, input.columns, method);
  const nominalAggregate = scored.options.aggregate[0]!;
  const scenarios = options.scenarios ?? (options.sample ? sampleScenarios(model, options.sample.space, options.sample.samples, options.sample.seed ?? scored.hash, nominalAggregate) : undefined);
  return {
    scored,
    treatment: treated?.treatment ?? null,
    treated: treated?.cohort ?? null,
    correlations: parentCorrelations(model.nodes, scored.scores),
    alphas: aggregateAlphas(model.nodes, scored.scores),
    leaveOneOut: leaveOneOut(model, input, method, 2),
    rankIntervals: scenarios ? rankIntervals(model, input, method, scenarios) : null,
    sensitivity: options.sample?.sensitivity ? rankSensitivity(model, input, method, options.sample.space, options.sample.samples, options.sample.seed ?? scored.hash) : null,
  };
}
