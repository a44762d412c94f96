/**
 * Outlier treatment as COINr's `Treat()` does it with its defaults (COINr 1.1.14, R/treat.R):
 * an indicator fails when |skew| ≥ 2 and kurtosis ≥ 3.5 (e1071 type 2, as Excel); a failing
 * indicator is winsorised one extreme at a time; if it still fails, COINr's `log_CT` transform is
 * applied to the original values instead (`combine_treat = FALSE`).
 */

export const TREAT_DEFAULTS = { winmax: 5, skewThreshold: 2, kurtThreshold: 3.5 } as const;

export type TreatSpec = { winmax: number; skewThreshold: number; kurtThreshold: number };

export interface TreatmentRecord {
  /** What was done in the end: nothing, winsorisation, or the log transform of the original values. */
  treatment: "none" | "winsorise" | "log_CT";
  /** Points winsorised, counted as COINr counts them (see `winsorise`). */
  winsorised: number;
  /** Units whose value was changed at the high or low end (their index in the column). */
  points: { unit: number; end: "high" | "low" }[];
  skewBefore: number;
  kurtBefore: number;
  skewAfter: number;
  kurtAfter: number;
  /** Whether the treated column passes the check; a column that still fails is reported, not hidden. */
  passes: boolean;
}

function present(x: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) out.push(x[i]!);
  return out;
}

/** R's mean(): the sum divided by n, refined by the mean of the residuals. */
function rMean(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  s /= v.length;
  let t = 0;
  for (const x of v) t += x - s;
  return s + t / v.length;
}

/** The count and the 2nd, 3rd and 4th central sums of the values present, around R's mean. */
function centralSums(x: Float64Array) {
  const v = present(x);
  const m = v.length ? rMean(v) : NaN;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (const value of v) {
    const d = value - m;
    s2 += d * d;
    s3 += d * d * d;
    s4 += d * d * d * d;
  }
  return { n: v.length, s2, s3, s4 };
}

/** Sample skewness, e1071 type 2 (what COINr's `skew()` computes); NaN below three values. */
export function skewness(x: Float64Array): number {
  const { n, s2, s3 } = centralSums(x);
  if (n < 3) return NaN;
  return ((Math.sqrt(n) * s3) / s2 ** 1.5) * (Math.sqrt(n * (n - 1)) / (n - 2));
}

/** Sample excess kurtosis, e1071 type 2 (COINr's `kurt()`); NaN below four values. */
export function kurtosis(x: Float64Array): number {
  const { n, s2, s4 } = centralSums(x);
  if (n < 4) return NaN;
  const r = (n * s4) / (s2 * s2);
  return (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
}

/** COINr's `check_SkewKurt`: passes when |skew| < threshold or kurtosis < threshold. */
export function passesSkewKurt(x: Float64Array, spec: TreatSpec = TREAT_DEFAULTS): boolean {
  return Math.abs(skewness(x)) < spec.skewThreshold || kurtosis(x) < spec.kurtThreshold;
}

function extremes(x: Float64Array, high: boolean): number[] {
  let best = high ? -Infinity : Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isNaN(v) && (high ? v > best : v < best)) best = v;
  }
  const at: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === best) at.push(i);
  return at;
}

/**
 * COINr's `winsorise()`: while the column fails, the highest (positive skew) or lowest value(s)
 * take the next value in. COINr counts only the points of the latest step at each end (its `imax`
 * and `imin` are overwritten, not accumulated), so with distinct values the `winmax` limit rarely
 * binds; this reproduces that, and reports every point actually changed.
 */
export function winsorise(column: Float64Array, spec: TreatSpec = TREAT_DEFAULTS): { values: Float64Array; counted: number; points: TreatmentRecord["points"] } {
  const x = Float64Array.from(column);
  const changed = new Map<number, "high" | "low">();
  let lastHigh: number[] = [];
  let lastLow: number[] = [];
  let counted = 0;
  let passing = passesSkewKurt(x, spec);
  while (!passing && counted < spec.winmax) {
    const high = skewness(x) >= 0;
    const at = extremes(x, high);
    if (at.length === countPresentValues(x)) break; // every value is the extreme: nothing left to winsorise to
    const next = nextValue(x, at, high);
    for (const i of at) {
      x[i] = next;
      changed.set(i, high ? "high" : "low");
    }
    if (high) lastHigh = at;
    else lastLow = at;
    counted = lastHigh.length + lastLow.length;
    passing = passesSkewKurt(x, spec);
  }
  return { values: x, counted, points: [...changed].map(([unit, end]) => ({ unit, end })) };
}

const countPresentValues = (x: Float64Array) => present(x).length;

function nextValue(x: Float64Array, exclude: number[], high: boolean): number {
  const skip = new Set(exclude);
  let best = high ? -Infinity : Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (skip.has(i) || Number.isNaN(v)) continue;
    if (high ? v > best : v < best) best = v;
  }
  return best;
}

/** COINr's `log_CT`: log(x − min + 0.01 (max − min)), missing values kept missing. */
export function logCT(column: Float64Array): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of column) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const shift = 0.01 * (max - min);
  return column.map((v) => (Number.isNaN(v) ? NaN : Math.log(v - min + shift)));
}

/** One indicator's raw values treated, with the record of what was done. */
export function treatColumn(column: Float64Array, spec: TreatSpec = TREAT_DEFAULTS): { values: Float64Array; record: TreatmentRecord } {
  const skewBefore = skewness(column);
  const kurtBefore = kurtosis(column);
  const record = (values: Float64Array, treatment: TreatmentRecord["treatment"], winsorised = 0, points: TreatmentRecord["points"] = []) => ({
    values,
    record: { treatment, winsorised, points, skewBefore, kurtBefore, skewAfter: skewness(values), kurtAfter: kurtosis(values), passes: passesSkewKurt(values, spec) },
  });
  // Too few values to judge (COINr stops there): left as it is.
  if (Number.isNaN(skewBefore) || Number.isNaN(kurtBefore) || passesSkewKurt(column, spec)) return record(column, "none");
  const won = winsorise(column, spec);
  if (passesSkewKurt(won.values, spec)) return record(won.values, "winsorise", won.counted, won.points);
  return record(logCT(column), "log_CT");
}
