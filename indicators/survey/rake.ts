/** Population shares of one weighting variable's categories (age band, gender, district…), summing to 1. */
export interface RakingMargin {
  variable: string;
  shares: Readonly<Record<string, number>>;
}

export interface RakingResult {
  /** One weight per respondent, scaled to average 1 (they sum to n). */
  weights: Float64Array;
  iterations: number;
  converged: boolean;
  /** The largest gap left between a weighted share and its target. */
  maxGap: number;
}

export class RakingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RakingError";
  }
}

/**
 * Raking (iterative proportional fitting, Deming & Stephan 1940): weights scaled to each variable's
 * population shares in turn, cycling until every weighted share is within `tolerance` of its
 * target. Each respondent gives one category per variable. A category with a target share but no
 * respondent cannot be reached: that is an error, as is a respondent's category the margins lack.
 */
export function rake(
  respondents: readonly Readonly<Record<string, string>>[],
  margins: readonly RakingMargin[],
  { maxIterations = 100, tolerance = 1e-9 } = {},
): RakingResult {
  const n = respondents.length;
  const weights = new Float64Array(n).fill(1);
  if (n === 0 || margins.length === 0) return { weights, iterations: 0, converged: true, maxGap: 0 };

  const columns = margins.map((margin) => {
    const categories = Object.keys(margin.shares);
    const total = categories.reduce((s, c) => s + margin.shares[c]!, 0);
    if (!(Math.abs(total - 1) < 1e-6)) throw new RakingError(`the shares of ${margin.variable} sum to ${total}, not 1`);
    const index = new Map(categories.map((c, i) => [c, i]));
    const categoryOf = new Int32Array(n);
    respondents.forEach((r, i) => {
      const category = r[margin.variable];
      const at = category === undefined ? undefined : index.get(category);
      if (at === undefined) throw new RakingError(`respondent ${i + 1}: ${margin.variable} "${category ?? ""}" is not one of ${categories.join(", ")}`);
      categoryOf[i] = at;
    });
    const present = new Set(categoryOf);
    categories.forEach((c, i) => {
      if (margin.shares[c]! > 0 && !present.has(i)) throw new RakingError(`${margin.variable} "${c}" has a population share but no respondent`);
    });
    return { targets: categories.map((c) => (margin.shares[c]! / total) * n), categoryOf };
  });

  const totals = (categoryOf: Int32Array, size: number) => {
    const sums = new Float64Array(size);
    for (let i = 0; i < n; i++) sums[categoryOf[i]!] = sums[categoryOf[i]!]! + weights[i]!;
    return sums;
  };
  const gap = () =>
    Math.max(...columns.map(({ targets, categoryOf }) => Math.max(...Array.from(totals(categoryOf, targets.length), (s, c) => Math.abs(s - targets[c]!) / n))));

  let iterations = 0;
  let maxGap = gap();
  while (maxGap > tolerance && iterations < maxIterations) {
    for (const { targets, categoryOf } of columns) {
      const sums = totals(categoryOf, targets.length);
      for (let i = 0; i < n; i++) {
        const c = categoryOf[i]!;
        weights[i] = sums[c]! > 0 ? (weights[i]! * targets[c]!) / sums[c]! : 0;
      }
    }
    iterations += 1;
    maxGap = gap();
  }
  return { weights, iterations, converged: maxGap <= tolerance, maxGap };
}
