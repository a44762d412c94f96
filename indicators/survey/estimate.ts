import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { SurveyDesign } from "./design";
import { estimateBounds, isProportion } from "./score";

/** The normal quantile of a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export type IntervalMethod = "wilson" | "t";

export interface SurveyEstimate {
  /** Respondents who answered the indicator's questions. */
  n: number;
  /** Kish's effective sample size, n / deff (n when unweighted). */
  nEffective: number;
  /** Kish's design effect of the weights, n·Σw² / (Σw)²; 1 when unweighted. */
  designEffect: number;
  weighted: boolean;
  /** null when nobody answered. */
  value: number | null;
  /** The 95% interval; null below two respondents (a mean's spread is unknown). */
  lower: number | null;
  upper: number | null;
  method: IntervalMethod;
  /** Fewer respondents than the design's minimum sample. */
  belowMinimum: boolean;
}

/**
 * Wilson's score interval for a proportion p out of n (n may be an effective size, not whole).
 * Returns [lower, upper] in [0, 1].
 */
export function wilsonInterval(p: number, n: number, z = Z95): [number, number] {
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The two-sided 95% t interval of a mean with standard error `se` on `df` degrees of freedom. */
export function tInterval(mean: number, se: number, df: number): [number, number] {
  const t = tQuantile(0.975, df);
  return [mean - t * se, mean + t * se];
}

/** Kish's design effect of a set of weights. */
export function kishDesignEffect(weights: ArrayLike<number>): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
    squares += weights[i]! * weights[i]!;
  }
  return weights.length && sum > 0 ? (weights.length * squares) / (sum * sum) : 1;
}

/**
 * A city's estimate from its respondents' scores (respondentScore), optionally weighted (rake).
 * Proportions get Wilson's interval on the effective sample size; means a t interval with the
 * weighted standard deviation over √n_eff on n − 1 degrees of freedom. Intervals are clipped to
 * the indicator's range.
 */
export function estimateIndicator(design: SurveyDesign, scores: ArrayLike<number>, weights?: ArrayLike<number>): SurveyEstimate {
  const n = scores.length;
  if (weights && weights.length !== n) throw new RangeError(`${weights.length} weights for ${n} scores`);
  const method: IntervalMethod = isProportion(design) ? "wilson" : "t";
  const designEffect = weights ? kishDesignEffect(weights) : 1;
  const nEffective = n / designEffect;
  const base = { n, nEffective, designEffect, weighted: Boolean(weights), method, belowMinimum: n < design.minSample };
  if (n === 0) return { ...base, value: null, lower: null, upper: null };

  let weightSum = 0;
  let weightedSum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    weightSum += w;
    weightedSum += w * scores[i]!;
  }
  const value = weightedSum / weightSum;
  if (n < 2) return { ...base, value, lower: null, upper: null };

  const [min, max] = estimateBounds(design);
  if (method === "wilson") {
    const [lo, hi] = wilsonInterval(value / 100, nEffective);
    return { ...base, value, lower: lo * 100, upper: hi * 100 };
  }
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (weights ? weights[i]! : 1) * (scores[i]! - value) ** 2;
  // The weighted variance with Bessel's correction; equal weights give the sample variance.
  const variance = (squares / weightSum) * (n / (n - 1));
  const [lo, hi] = tInterval(value, Math.sqrt(variance / nEffective), n - 1);
  return { ...base, value, lower: Math.max(min, lo), upper: Math.min(max, hi) };
}

/** The sample size that gives `margin` points at 95% for a proportion near 50% (the planning worst case), before any design effect. */
export function plannedSampleSize(margin: number): number {
  return Math.ceil((Z95 * Z95 * 0.25) / (margin / 100) ** 2);
}
