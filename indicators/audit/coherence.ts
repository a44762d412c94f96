/**
 * The statistical coherence of a framework on a scored cohort, as COINr computes it: the Pearson
 * correlation of every node with its parent (`get_corr(..., withparent = TRUE)`, pairwise complete
 * observations) and Cronbach's alpha of each aggregate's children (`get_cronbach`, pairwise
 * covariances).
 */

/** Centred sums over the units where both columns have a value (R's `use = "pairwise.complete.obs"`). */
function pairwiseMoments(x: Float64Array, y: Float64Array) {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    n++;
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return { n, sxy, sxx, syy };
}

/** Pearson r over the units where both columns have a value; NaN below two. */
export function pearson(x: Float64Array, y: Float64Array): number {
  const m = pairwiseMoments(x, y);
  return m.n < 2 ? NaN : m.sxy / Math.sqrt(m.sxx * m.syy);
}

/** Sample covariance (n − 1) over the units where both have a value; NaN below two. */
export function covariance(x: Float64Array, y: Float64Array): number {
  const m = pairwiseMoments(x, y);
  return m.n < 2 ? NaN : m.sxy / (m.n - 1);
}

/**
 * Cronbach's alpha of a set of columns, COINr's formula: k² × (mean off-diagonal covariance) / (sum
 * of all covariances). Undefined (NaN) below two columns.
 */
export function cronbachAlpha(columns: readonly Float64Array[]): number {
  const k = columns.length;
  if (k < 2) return NaN;
  let all = 0;
  let diagonal = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const c = covariance(columns[i]!, columns[j]!);
      if (Number.isNaN(c)) continue;
      all += c;
      if (i === j) diagonal += c;
    }
  const offDiagonalMean = (all - diagonal) / (k * (k - 1));
  return (k * k * offDiagonalMean) / all;
}

export interface CoherenceNode {
  code: string;
  parent: string | null;
}

/** Correlation of each node with its parent, in the order given (the root has none). */
export function parentCorrelations(nodes: readonly CoherenceNode[], scores: Readonly<Record<string, Float64Array>>) {
  return nodes.filter((n) => n.parent).map((n) => ({ code: n.code, parent: n.parent!, r: pearson(scores[n.code]!, scores[n.parent!]!) }));
}

/** Cronbach's alpha of every aggregate's children (NaN for an aggregate with one child). */
export function aggregateAlphas(nodes: readonly CoherenceNode[], scores: Readonly<Record<string, Float64Array>>) {
  const parents = [...new Set(nodes.map((n) => n.parent).filter((p): p is string => !!p))];
  const order = nodes.map((n) => n.code).filter((c) => parents.includes(c));
  return order.map((code) => ({ code, alpha: cronbachAlpha(nodes.filter((n) => n.parent === code).map((n) => scores[n.code]!)) }));
}
