import type { AggregateMethod } from "./types";

/**
 * Weighted means over the present (non-NaN) children of one unit, with the weights of the present
 * children re-normalised to sum to 1 (COINr's a_amean, a_gmean, a_hmean). Returns NaN when no
 * child is present. Geometric mean needs positive values and harmonic mean non-zero values:
 * callers check that first (see `firstInvalidForMean`).
 */
export function weightedMean(method: AggregateMethod, values: ArrayLike<number>, weights: ArrayLike<number>): number {
  let wsum = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) wsum += weights[i]!;
  if (wsum === 0) return NaN;
  let acc = 0;
  switch (method) {
    case "arithmetic":
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isNaN(v)) acc += (weights[i]! / wsum) * v;
      }
      return acc;
    case "geometric":
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isNaN(v)) acc += weights[i]! * Math.log(v);
      }
      return Math.exp(acc / wsum);
    case "harmonic":
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isNaN(v)) acc += weights[i]! / v;
      }
      return wsum / acc;
  }
}

/** The first value a mean cannot take (geometric: ≤ 0; harmonic: 0), or undefined. */
export function firstInvalidForMean(method: AggregateMethod, values: ArrayLike<number>): number | undefined {
  if (method === "arithmetic") return undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (method === "geometric" ? v <= 0 : v === 0) return i;
  }
  return undefined;
}
