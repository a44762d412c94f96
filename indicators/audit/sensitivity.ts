/**
 * Variance-based sensitivity of the ranking to each uncertain input, with the design and the
 * estimators COINr's `get_sensitivity(SA_type = "SA")` uses (R/sensitivity.R: `SA_sample`,
 * `SA_estimate`): N(d + 2) runs (matrices A, B, and A with column i from B), first-order
 * Si = mean(yB (yABi − yA)) / var(y), total STi = Σ (yA − yABi)² / (2 N var(y)), and bootstrap
 * 5th/95th percentiles. The output y of a run is the mean absolute change of the index rank
 * against the nominal ranking.
 */
import { quantile7, type Cohort } from "./robustness";
import { SeededRandom } from "./sampling";
import { sensitivityRuns, uncertainInputs, type Progress, type UncertainInput, type UncertaintySpace } from "./uncertainty";
import type { MethodOptions, ScoringModel } from "../engine/types";

export interface SensitivityIndex {
  variable: UncertainInput;
  si: number;
  sti: number;
  siQ5: number;
  siQ95: number;
  stiQ5: number;
  stiQ95: number;
}

/**
 * COINr's `SA_sample`, one row of d values after another: the rows of A, then B, then for each input
 * i the rows of A with column i taken from B.
 */
export function saltelliDesign(n: number, d: number, random: SeededRandom): Float64Array {
  // Drawn row by row across both halves, as R fills its N × 2d matrix column by column.
  const base = Array.from({ length: 2 * d }, () => Float64Array.from({ length: n }, () => random.next()));
  const rows = new Float64Array(n * (d + 2) * d);
  let at = 0;
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) rows[at++] = base[i]![r]!;
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) rows[at++] = base[d + i]![r]!;
  for (let j = 0; j < d; j++) for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) rows[at++] = base[i === j ? d + i : i]![r]!;
  return rows;
}

const sampleVariance = (v: ArrayLike<number>) => {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i]!;
  mean /= v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i]! - mean) ** 2;
  return ss / (v.length - 1);
};

/** COINr's `SA_estimate` on the outputs of a `saltelliDesign`, with `boot` bootstrap draws. */
export function estimateIndices(y: Float64Array, n: number, d: number, boot: number, random: SeededRandom) {
  const yA = y.subarray(0, n);
  const yB = y.subarray(n, 2 * n);
  const variance = sampleVariance(y.subarray(0, 2 * n));
  return Array.from({ length: d }, (_, i) => {
    const yABi = y.subarray((2 + i) * n, (3 + i) * n);
    const siTerms = Float64Array.from({ length: n }, (_, r) => yB[r]! * (yABi[r]! - yA[r]!));
    const stTerms = Float64Array.from({ length: n }, (_, r) => yA[r]! - yABi[r]!);
    const si = siTerms.reduce((s, v) => s + v, 0) / n / variance;
    const sti = stTerms.reduce((s, v) => s + v * v, 0) / (2 * n * variance);
    const siBoot = new Float64Array(boot);
    const stBoot = new Float64Array(boot);
    for (let k = 0; k < boot; k++) {
      let s1 = 0;
      let s2 = 0;
      for (let r = 0; r < n; r++) {
        s1 += siTerms[random.below(n)]!;
        const t = stTerms[random.below(n)]!;
        s2 += t * t;
      }
      siBoot[k] = s1 / n / variance;
      stBoot[k] = s2 / (2 * n * variance);
    }
    siBoot.sort();
    stBoot.sort();
    return { si, sti, siQ5: quantile7(siBoot, 0.05), siQ95: quantile7(siBoot, 0.95), stiQ5: quantile7(stBoot, 0.05), stiQ95: quantile7(stBoot, 0.95) };
  });
}

/**
 * First-order and total sensitivity of the index ranking to each uncertain input of the space: the
 * weights (all noisy levels together, as COINr treats one weight distribution as one input), the
 * aggregation method, the normalisation, imputation and treatment.
 */
export function rankSensitivity(model: ScoringModel, cohort: Cohort, method: MethodOptions, space: UncertaintySpace, n: number, seed: string, boot = 500, progress: Progress = () => {}): SensitivityIndex[] {
  if (!uncertainInputs(space).length) return [];
  const random = new SeededRandom(`${seed}/sensitivity`);
  const { inputs, y } = sensitivityRuns(model, cohort, method, space, n, random, (d) => saltelliDesign(n, d, random), progress);
  return estimateIndices(y, n, inputs.length, boot, random).map((e, i) => ({ variable: inputs[i]!, ...e }));
}
