/**
 * A value far from its cohort, by two robust rules that do not let the outliers hide themselves
 * (a mean and standard deviation would):
 * - the modified z-score of Iglewicz and Hoaglin, M = 0.6745 (x − median) / MAD, flagged when
 *   |M| > 3.5. When more than half the cohort shares one value the MAD is 0; M then uses the mean
 *   absolute deviation, M = (x − median) / (1.253314 · meanAD), as is usual;
 * - Tukey's far-out fences, below Q1 − 3 IQR or above Q3 + 3 IQR (quartiles as R's type 7).
 * Below a minimum cohort size neither is computed, and the result says so.
 */
import { quantile7 } from "../audit/robustness";

export const MODIFIED_Z_LIMIT = 3.5;
export const TUKEY_FAR_OUT = 3;
/** Fewer present values than this and a cohort is too small to call anything an outlier. */
export const MIN_COHORT = 8;

export interface CohortStatistics {
  /** Present values. */
  n: number;
  /** Whether the cohort was too small to judge (n < minimum): then nothing is flagged. */
  tooSmall: boolean;
  median: number;
  mad: number;
  /** Mean absolute deviation from the median, the scale when the MAD is 0. */
  meanAbsoluteDeviation: number;
  q1: number;
  q3: number;
  lowerFence: number;
  upperFence: number;
}

export interface OutlierVerdict {
  modifiedZ: number;
  /** |M| > 3.5 */
  byModifiedZ: boolean;
  /** Outside Tukey's far-out fences. */
  byFences: boolean;
}

export function cohortStatistics(column: ArrayLike<number>, minimum = MIN_COHORT): CohortStatistics {
  const present = Float64Array.from(Array.prototype.filter.call(column, (x: number) => x === x) as number[]).sort();
  const n = present.length;
  const median = n ? quantile7(present, 0.5) : NaN;
  const deviations = present.map((x) => Math.abs(x - median)).sort();
  const mad = n ? quantile7(deviations, 0.5) : NaN;
  let total = 0;
  for (let i = 0; i < n; i++) total += deviations[i]!;
  const q1 = n ? quantile7(present, 0.25) : NaN;
  const q3 = n ? quantile7(present, 0.75) : NaN;
  return {
    n,
    tooSmall: n < minimum,
    median,
    mad,
    meanAbsoluteDeviation: n ? total / n : NaN,
    q1,
    q3,
    lowerFence: q1 - TUKEY_FAR_OUT * (q3 - q1),
    upperFence: q3 + TUKEY_FAR_OUT * (q3 - q1),
  };
}

/** How far one value lies from its cohort; nothing is flagged in a cohort too small to judge. */
export function outlierVerdict(x: number, stats: CohortStatistics): OutlierVerdict {
  const scale = stats.mad > 0 ? stats.mad / 0.6745 : 1.253314 * stats.meanAbsoluteDeviation;
  const modifiedZ = x !== stats.median && scale > 0 ? (x - stats.median) / scale : 0;
  return {
    modifiedZ,
    byModifiedZ: !stats.tooSmall && Math.abs(modifiedZ) > MODIFIED_Z_LIMIT,
    byFences: !stats.tooSmall && (x < stats.lowerFence || x > stats.upperFence),
  };
}
