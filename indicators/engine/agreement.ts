import { ScoringInputError } from "./errors";

export type KappaWeights = "linear" | "quadratic";

export interface Agreement {
  /** Weighted Cohen's kappa; null when it is undefined (fewer than one pair, or no expected disagreement). */
  kappa: number | null;
  /** Share of pairs on which both raters chose the same level. */
  observedAgreement: number | null;
  pairs: number;
}

/**
 * Weighted Cohen's kappa of two raters on ordered levels (Cohen 1968):
 *   kappa_w = 1 − Σ w_ij·o_ij / Σ w_ij·e_ij,
 * with o the observed joint proportions, e = row × column marginals, and disagreement weights
 * w_ij = |i − j| / (k − 1) (linear) or (|i − j| / (k − 1))² (quadratic) over the k levels in order.
 * Level values are looked up in `levels` (ascending); a rating outside them is an input error.
 */
export function weightedKappa(a: readonly number[], b: readonly number[], levels: readonly number[], weights: KappaWeights = "quadratic"): Agreement {
  if (a.length !== b.length) throw new ScoringInputError(`the raters scored different numbers of items (${a.length} and ${b.length})`);
  const k = levels.length;
  const index = new Map(levels.map((l, i) => [l, i]));
  const n = a.length;
  if (n === 0) return { kappa: null, observedAgreement: null, pairs: 0 };
  const observed = Array.from({ length: k }, () => new Float64Array(k));
  const rows = new Float64Array(k);
  const cols = new Float64Array(k);
  let same = 0;
  for (let p = 0; p < n; p++) {
    const i = index.get(a[p]!);
    const j = index.get(b[p]!);
    if (i === undefined || j === undefined) throw new ScoringInputError(`rating ${i === undefined ? a[p] : b[p]} of item ${p + 1} is not one of the levels ${levels.join(", ")}`);
    observed[i]![j]! += 1;
    rows[i]! += 1;
    cols[j]! += 1;
    if (i === j) same++;
  }
  const w = (i: number, j: number) => {
    if (k < 2) return 0;
    const d = Math.abs(i - j) / (k - 1);
    return weights === "linear" ? d : d * d;
  };
  let disagreeObserved = 0;
  let disagreeExpected = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      disagreeObserved += w(i, j) * (observed[i]![j]! / n);
      disagreeExpected += w(i, j) * ((rows[i]! / n) * (cols[j]! / n));
    }
  return { kappa: disagreeExpected === 0 ? null : 1 - disagreeObserved / disagreeExpected, observedAgreement: same / n, pairs: n };
}
