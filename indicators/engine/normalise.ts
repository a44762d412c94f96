import { ScoringInputError } from "./errors";
import { ascendingMinRanks, countPresent, mapColumn, meanSd, minMax } from "./stats";
import type { NormaliseSpec } from "./types";

export const DEFAULT_MINMAX_RANGE = [0, 100] as const;
export const DEFAULT_ZSCORE_MEAN_SD = [0, 1] as const;

/**
 * Normalises one indicator column as COINr's Normalise.numeric(): the values are first multiplied
 * by `direction`, then passed to the n_* function. NaN marks a missing value and stays NaN.
 */
export function normaliseColumn(raw: Float64Array, direction: 1 | -1, spec: NormaliseSpec): Float64Array {
  const x = direction === 1 ? raw : negated(raw);
  // A flipped copy is ours to overwrite, which saves allocating a second column.
  const into = direction === 1 ? undefined : x;
  switch (spec.method) {
    case "none":
      return Float64Array.from(x);
    case "minmax": {
      const [l, u] = spec.range ?? DEFAULT_MINMAX_RANGE;
      const [min, max] = minMax(x);
      // A constant column gives NaN, as COINr does (0/0): the indicator cannot discriminate.
      return rescaled(x, min, max - min, u - l, l, into);
    }
    case "zscore": {
      const [m, s] = spec.meanSd ?? DEFAULT_ZSCORE_MEAN_SD;
      const [mean, sd] = meanSd(x);
      return rescaled(x, mean, sd, s, m, into);
    }
    case "rank":
      return ascendingMinRanks(x);
    case "borda":
      return mapColumn(ascendingMinRanks(x), (r) => r - 1);
    case "prank": {
      const n = countPresent(x);
      return mapColumn(ascendingMinRanks(x), (r) => (r - 1) / (n - 1));
    }
    case "goalposts": {
      // Goalposts are given in the indicator's own units; flipping them with the direction is
      // what COINr's n_goalposts(direction = -1) does, so lower-is-better works unchanged.
      const { lower, upper } = spec;
      const scale = spec.scale ?? 1;
      const truncate = spec.truncate ?? true;
      if (lower === upper) throw new ScoringInputError("goalposts: lower and upper must differ");
      const worst = direction === 1 ? lower : -upper;
      const best = direction === 1 ? upper : -lower;
      return mapColumn(x, (v) => {
        let y = (v - worst) / (best - worst);
        if (truncate) y = y > 1 ? 1 : y < 0 ? 0 : y;
        return y * scale;
      });
    }
    case "dist2targ": {
      // COINr's n_dist2targ on direction-adjusted values; the target is flipped with them.
      const target = spec.target * direction;
      const [min] = minMax(x);
      return mapColumn(x, (v) => {
        const y = 1 - (target - v) / (target - min);
        return spec.capMax && y > 1 ? 1 : y;
      });
    }
  }
}

/*
 * The two hot paths as plain loops: mapColumn's callback differs at every call site, so V8 cannot
 * inline it and pays a call per value. Same operations in the same order, so the same numbers.
 */
function negated(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = -x[i]!;
  return out;
}

/** ((v − shift) / divisor) × scale + offset for every value; NaN stays NaN. */
function rescaled(x: Float64Array, shift: number, divisor: number, scale: number, offset: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = ((x[i]! - shift) / divisor) * scale + offset;
  return out;
}
