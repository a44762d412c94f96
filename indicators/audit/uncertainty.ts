/**
 * Monte Carlo over a declared uncertainty space, on the fast ranker: weight noise per level
 * (COINr's `get_noisy_weights`), alternative aggregation methods and normalisations, imputation
 * on/off and outlier treatment on/off. Rankers are built once per combination of the choices that
 * change the normalised columns; each draw then only re-aggregates. Draws come from one seeded
 * generator in a documented order (weights, aggregation, normalisation, imputation, treatment), so
 * the same seed always gives the same numbers.
 */
import { ScoringInputError } from "../engine/errors";
import type { AggregateMethod, MethodOptions, NormaliseSpec, ScoringModel } from "../engine/types";
import { IndexRanker } from "./ranker";
import { quantile7, type Cohort, type RankInterval } from "./robustness";
import { SeededRandom } from "./sampling";

export interface UncertaintySpace {
  /** Weight noise per level: ±factor of each nominal weight (COINr's NoiseFactor). */
  noise: readonly { level: number; factor: number }[];
  /** Aggregation methods drawn from uniformly, for every level at once; empty: the nominal method. */
  aggregates: readonly AggregateMethod[];
  /** Normalisations drawn from uniformly; empty: the nominal one. */
  normalisations?: readonly NormaliseSpec[];
  /** Imputation drawn on or off (on: the nominal method, or the mean when the nominal is none). */
  imputation?: boolean;
  /** COINr's outlier treatment drawn on or off. */
  treatment?: boolean;
}

export const UNCERTAIN_INPUTS = ["weights", "aggregation", "normalisation", "imputation", "treatment"] as const;
export type UncertainInput = (typeof UNCERTAIN_INPUTS)[number];

/** The inputs the space makes uncertain, in the order draws are made. */
export function uncertainInputs(space: UncertaintySpace): UncertainInput[] {
  const on: Record<UncertainInput, boolean> = {
    weights: space.noise.length > 0,
    aggregation: space.aggregates.length > 0,
    normalisation: (space.normalisations?.length ?? 0) > 0,
    imputation: !!space.imputation,
    treatment: !!space.treatment,
  };
  return UNCERTAIN_INPUTS.filter((i) => on[i]);
}

export function checkSpace(model: ScoringModel, space: UncertaintySpace) {
  const levels = new Set(model.nodes.map((n) => n.level));
  const top = Math.max(...levels);
  for (const { level, factor } of space.noise) {
    if (!levels.has(level) || level === top) throw new ScoringInputError(`noise: level ${level} has no weights to vary (levels with weights: ${[...levels].filter((l) => l !== top).join(", ")})`);
    if (!(factor >= 0 && factor < 1)) throw new ScoringInputError(`noise: the factor of level ${level} must be in [0, 1), got ${factor}`);
  }
}

/** One choice of everything uncertain: indexes into the space's lists, and the weights (model order). */
interface Draw {
  weights: Float64Array;
  aggregate: number;
  normalisation: number;
  impute: boolean;
  treat: boolean;
}

/** The rankers of the combinations drawn so far (normalisation × imputation × treatment), each built once; `cohort` is untreated. */
class RankerPool {
  private readonly rankers = new Map<string, IndexRanker>();
  constructor(
    private readonly model: ScoringModel,
    private readonly cohort: Cohort,
    private readonly method: MethodOptions,
    private readonly space: UncertaintySpace,
  ) {}

  get(draw: Pick<Draw, "normalisation" | "impute" | "treat">): IndexRanker {
    const key = `${draw.normalisation}|${draw.impute}|${draw.treat}`;
    let ranker = this.rankers.get(key);
    if (!ranker) {
      const normalise = draw.normalisation >= 0 ? this.space.normalisations![draw.normalisation]! : this.method.normalise;
      const nominalImpute = this.method.impute ?? "none";
      const impute = !this.space.imputation ? nominalImpute : draw.impute ? (nominalImpute === "none" ? "mean" : nominalImpute) : "none";
      ranker = new IndexRanker(this.model, this.cohort, { ...this.method, normalise, impute, treat: draw.treat });
      this.rankers.set(key, ranker);
    }
    return ranker;
  }
}

/** The nodes each noisy level moves, in model order, with the level's factor. */
const noisyNodes = (model: ScoringModel, noise: UncertaintySpace["noise"]) =>
  noise.map(({ level, factor }) => ({ factor, nodes: Int32Array.from(model.nodes.flatMap((node, i) => (node.level === level ? [i] : []))) }));

/** Draws weights into `into` (a copy of the nominal weights moved by up to ±factor each), in model order per noisy level. */
function drawWeights(nominal: Float64Array, noisy: ReturnType<typeof noisyNodes>, random: SeededRandom, into: Float64Array) {
  into.set(nominal);
  for (const { factor, nodes } of noisy)
    for (let j = 0; j < nodes.length; j++) {
      const i = nodes[j]!;
      into[i] = nominal[i]! + (random.next() * 2 - 1) * factor * nominal[i]!;
    }
}

const pickIndex = (u: number, count: number) => Math.min(count - 1, Math.floor(u * count));

/** Told the share of a long computation done so far, about every 1%. */
export type Progress = (share: number) => void;
const progressStep = (total: number) => Math.max(1, Math.floor(total / 100));

/**
 * Each unit's index rank over `samples` draws from the space: nominal, mean, median, 5th and 95th
 * percentile (R's quantile type 7), and the share of draws in the top 10 and the top quarter.
 */
export function sampledRankIntervals(model: ScoringModel, cohort: Cohort, method: MethodOptions, space: UncertaintySpace, samples: number, seed: string, progress: Progress = () => {}): RankInterval[] {
  const nominalTreated = !!method.treat;
  if (!Number.isInteger(samples) || samples < 1) throw new ScoringInputError(`samples: expected a whole number ≥ 1, got ${samples}`);
  checkSpace(model, space);
  const pool = new RankerPool(model, cohort, method, space);
  const nominalRanker = pool.get({ normalisation: -1, impute: !!space.imputation && (method.impute ?? "none") !== "none", treat: nominalTreated });
  const nominal = Int32Array.from(nominalRanker.rank(null));
  const levels = nominalRanker.nominalAggregate.length;
  const aggregate = new Array<AggregateMethod>(levels);
  const random = new SeededRandom(seed);
  const n = cohort.unitCodes.length;
  const weights = new Float64Array(model.nodes.length);
  const ranks = new Int32Array(n * samples);
  const normalisations = space.normalisations?.length ?? 0;
  const noisy = noisyNodes(model, space.noise);
  const every = progressStep(samples);
  for (let k = 0; k < samples; k++) {
    drawWeights(nominalRanker.nominalWeights, noisy, random, weights);
    const a = space.aggregates.length ? space.aggregates[Math.floor(random.next() * space.aggregates.length)]! : null;
    const normalisation = normalisations ? Math.floor(random.next() * normalisations) : -1;
    const impute = space.imputation ? random.next() < 0.5 : false;
    const treat = space.treatment ? random.next() < 0.5 : nominalTreated;
    const ranker = pool.get({ normalisation, impute, treat });
    for (let l = 0; l < levels; l++) aggregate[l] = a ?? ranker.nominalAggregate[l]!;
    ranks.set(ranker.rank(weights, aggregate), k * n);
    if (k % every === every - 1) progress((k + 1) / samples);
  }
  return summarise(cohort.unitCodes, nominal, ranks, samples);
}

/** Rank statistics per unit from a draw-major matrix of ranks (each draw's ranking contiguous). */
export function summarise(unitCodes: readonly string[], nominal: Int32Array, ranks: Int32Array, samples: number): RankInterval[] {
  const n = unitCodes.length;
  const topQuarter = Math.max(1, Math.ceil(n / 4));
  const sorted = new Float64Array(samples);
  // Ranks are whole numbers from 0 (no score) to n: a counting sort orders a unit's draws.
  const counts = new Int32Array(n + 1);
  return unitCodes.map((unit, u) => {
    let sum = 0;
    let top10 = 0;
    let quarter = 0;
    counts.fill(0);
    for (let k = 0; k < samples; k++) {
      const r = ranks[k * n + u]!;
      counts[r]!++;
      sum += r;
      if (r >= 1 && r <= 10) top10++;
      if (r >= 1 && r <= topQuarter) quarter++;
    }
    for (let r = 0, k = 0; r <= n; r++) sorted.fill(r, k, (k += counts[r]!));
    return { unit, nominal: nominal[u]!, mean: sum / samples, median: quantile7(sorted, 0.5), q5: quantile7(sorted, 0.05), q95: quantile7(sorted, 0.95), top10: top10 / samples, topQuarter: quarter / samples };
  });
}

/**
 * The runs of COINr's variance-based design for the space's inputs: y of a run is the mean absolute
 * change of the index rank against the nominal ranking. The weight input picks one of n noisy
 * weight sets drawn beforehand (COINr's `get_noisy_weights`); every other input picks its option
 * from the design's uniform draw.
 */
export function sensitivityRuns(model: ScoringModel, cohort: Cohort, method: MethodOptions, space: UncertaintySpace, n: number, random: SeededRandom, design: (d: number) => Float64Array, progress: Progress = () => {}) {
  const nominalTreated = !!method.treat;
  checkSpace(model, space);
  const inputs = uncertainInputs(space);
  const pool = new RankerPool(model, cohort, method, space);
  const nominalImpute = !!space.imputation && (method.impute ?? "none") !== "none";
  const nominalRanker = pool.get({ normalisation: -1, impute: nominalImpute, treat: nominalTreated });
  const nominal = Int32Array.from(nominalRanker.rank(null));
  const nodes = model.nodes.length;
  const weightSets = new Float64Array(space.noise.length ? n * nodes : 0);
  const noisy = noisyNodes(model, space.noise);
  for (let s = 0; s < (space.noise.length ? n : 0); s++) drawWeights(nominalRanker.nominalWeights, noisy, random, weightSets.subarray(s * nodes, (s + 1) * nodes));
  const d = inputs.length;
  const rows = design(d);
  const levels = nominalRanker.nominalAggregate.length;
  const aggregate = new Array<AggregateMethod>(levels);
  const [weightsAt, aggregationAt, normalisationAt, imputationAt, treatmentAt] = UNCERTAIN_INPUTS.map((input) => inputs.indexOf(input)) as [number, number, number, number, number];
  const y = new Float64Array(rows.length / d);
  // A run is a function of its discrete choices; the design repeats many (a row of A with input i
  // from B often picks the same option), so each distinct run is ranked once.
  const done = new Map<number, number>();
  const options = { normalisation: space.normalisations?.length ?? 1, aggregation: space.aggregates.length || 1 };
  const every = progressStep(y.length);
  for (let i = 0; i < y.length; i++) {
    if (i % every === every - 1) progress((i + 1) / y.length);
    const row = i * d;
    const choice = {
      weights: weightsAt >= 0 ? pickIndex(rows[row + weightsAt]!, n) : -1,
      aggregation: aggregationAt >= 0 ? pickIndex(rows[row + aggregationAt]!, space.aggregates.length) : -1,
      normalisation: normalisationAt >= 0 ? pickIndex(rows[row + normalisationAt]!, options.normalisation) : -1,
      impute: imputationAt >= 0 ? rows[row + imputationAt]! < 0.5 : nominalImpute,
      treat: treatmentAt >= 0 ? rows[row + treatmentAt]! < 0.5 : nominalTreated,
    };
    const key = ((((choice.weights + 1) * (options.aggregation + 1) + choice.aggregation + 1) * (options.normalisation + 1) + choice.normalisation + 1) * 2 + Number(choice.impute)) * 2 + Number(choice.treat);
    const known = done.get(key);
    if (known !== undefined) {
      y[i] = known;
      continue;
    }
    const ranker = pool.get(choice);
    const a = choice.aggregation >= 0 ? space.aggregates[choice.aggregation]! : null;
    for (let l = 0; l < levels; l++) aggregate[l] = a ?? ranker.nominalAggregate[l]!;
    const w = choice.weights >= 0 ? weightSets.subarray(choice.weights * nodes, (choice.weights + 1) * nodes) : null;
    const r = ranker.rank(w, aggregate);
    let change = 0;
    for (let u = 0; u < r.length; u++) change += Math.abs(r[u]! - nominal[u]!);
    y[i] = change / r.length;
    done.set(key, y[i]!);
  }
  return { inputs, y };
}
