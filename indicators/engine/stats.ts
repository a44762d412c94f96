/** Column statistics over Float64Arrays in which NaN marks a missing value. */

export function finiteSorted(x: Float64Array): Float64Array {
  const present = x.filter((v) => !Number.isNaN(v));
  return present.sort();
}

/** Index of the first element of ascending `sorted` that is >= v. */
export function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of ascending `sorted` that is > v. */
export function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function countPresent(x: Float64Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) n++;
  return n;
}

export function minMax(x: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** Mean and sample standard deviation (n − 1), as R's mean() and sd(). */
export function meanSd(x: Float64Array): [number, number] {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    ss += (v - mean) * (v - mean);
  }
  return [mean, Math.sqrt(ss / (n - 1))];
}

export function median(x: Float64Array): number {
  const s = finiteSorted(x);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Ascending "sport" ranks as R's rank(x, ties.method = "min", na.last = "keep"):
 * the smallest value gets 1, ties share the lowest rank, NaN stays NaN.
 */
export function ascendingMinRanks(x: Float64Array): Float64Array {
  const sorted = finiteSorted(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = Number.isNaN(v) ? NaN : lowerBound(sorted, v) + 1;
  }
  return out;
}

/** Competition ranks, 1 = highest score; ties share the best rank; missing gives 0. */
export function competitionRanks(scores: Float64Array): Int32Array {
  const sorted = finiteSorted(scores);
  const n = sorted.length;
  const out = new Int32Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    out[i] = Number.isNaN(v) ? 0 : n - upperBound(sorted, v) + 1;
  }
  return out;
}
