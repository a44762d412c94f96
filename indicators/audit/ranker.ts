/**
 * The index ranking under many scenarios, fast: what `scoreColumns` computes for the index rank,
 * with the normalised indicator columns computed once (they depend on the normalisation,
 * imputation and treatment, not on weights or aggregation) and every buffer allocated once. The
 * arithmetic is the engine's, operation for operation, so the ranks are the engine's (a property
 * test holds the two together).
 */
import { ScoringInputError } from "../engine/errors";
import { compileModel, type CompiledModel } from "../engine/model";
import { normaliseColumn } from "../engine/normalise";
import { meanRefusal, preparedColumn, resolveOptions } from "../engine/score";
import { competitionRanksInto } from "../engine/stats";
import type { AggregateMethod, MethodOptions, ScoringModel } from "../engine/types";
import type { Cohort } from "./robustness";

/** Up to this many units a comparison sort ranks faster than the engine's radix sort. */
const SMALL_COHORT = 2048;

export class IndexRanker {
  readonly compiled: CompiledModel;
  readonly units: number;
  /** The nominal weight of every node, in model order: a scenario's weights start from a copy. */
  readonly nominalWeights: Float64Array;
  /** The nominal method of each level from 2 up. */
  readonly nominalAggregate: AggregateMethod[];
  private readonly thresholds: number[];
  private readonly values: Float64Array[];
  private readonly available: Uint32Array;
  private readonly weightSum: Float64Array;
  private readonly accumulator: Float64Array;
  private readonly invalid: Int32Array;
  private readonly logs: (Float64Array | undefined)[];
  private readonly isIndicator: Uint8Array;
  /** Whether a node's column has any missing value (for aggregates: as of the last draw). */
  private readonly hasMissing: Uint8Array;
  /** Children with a value per unit, for aggregates of indicators (they never change). */
  private readonly availability: (Uint32Array | undefined)[];
  /** For an aggregate of indicators: the units that lack some child's value (they never change). */
  private readonly incomplete: (Uint32Array | undefined)[];
  /** For an aggregate of indicators: whether a geometric (bit 1) and a harmonic (bit 2) mean can take every present value. */
  private readonly meansTaken: Uint8Array;
  private readonly unitCodes: readonly string[];
  private readonly ranks: Int32Array;
  private readonly sorted: Float64Array;

  constructor(model: ScoringModel, cohort: Cohort, method: MethodOptions) {
    this.compiled = compileModel(model);
    const nodes = this.compiled.model.nodes;
    const options = resolveOptions(method, this.compiled.maxLevel);
    const n = (this.units = cohort.unitCodes.length);
    this.nominalWeights = Float64Array.from(nodes, (node) => node.weight);
    this.nominalAggregate = options.aggregate;
    this.thresholds = options.dataThreshold;
    this.values = new Array(nodes.length);
    for (const i of this.compiled.indicators) {
      const node = nodes[i]!;
      const raw = cohort.columns[node.code] ?? new Float64Array(n).fill(NaN);
      this.values[i] = normaliseColumn(preparedColumn(raw, options), node.direction, node.normalise ?? options.normalise);
    }
    for (const a of this.compiled.aggregates) this.values[a] = new Float64Array(n);
    this.available = new Uint32Array(n);
    this.weightSum = new Float64Array(n);
    this.accumulator = new Float64Array(n);
    this.invalid = new Int32Array(n);
    this.logs = new Array(nodes.length);
    this.isIndicator = new Uint8Array(nodes.length);
    this.hasMissing = new Uint8Array(nodes.length);
    this.availability = new Array(nodes.length);
    for (const i of this.compiled.indicators) {
      this.isIndicator[i] = 1;
      this.hasMissing[i] = this.values[i]!.some((x) => x !== x) ? 1 : 0;
    }
    this.incomplete = new Array(nodes.length);
    this.meansTaken = new Uint8Array(nodes.length);
    for (const a of this.compiled.aggregates) {
      const kids = this.compiled.children[a]!;
      if (!kids.every((k) => this.isIndicator[k])) continue;
      const columns = kids.map((k) => this.values[k]!);
      this.incomplete[a] = Uint32Array.from({ length: n }, (_, u) => u).filter((u) => columns.some((v) => v[u] !== v[u]));
      const present = columns.flatMap((v) => Array.from(v).filter((x) => x === x));
      this.meansTaken[a] = (present.every((x) => x > 0) ? 1 : 0) | (present.every((x) => x !== 0) ? 2 : 0);
    }
    this.unitCodes = cohort.unitCodes;
    this.ranks = new Int32Array(n);
    this.sorted = new Float64Array(n);
  }

  /**
   * Index ranks (1 = best, 0 = no score) with these weights (one per node, model order; null for
   * the nominal ones) and aggregation (one per level from 2 up). The array is reused by the next call.
   */
  rank(weights: Float64Array | null, aggregate: readonly AggregateMethod[] = this.nominalAggregate): Int32Array {
    const { compiled, values, units: n } = this;
    const w = weights ?? this.nominalWeights;
    for (const a of compiled.aggregates) {
      const level = compiled.model.nodes[a]!.level;
      const method = aggregate[level - 2]!;
      const kids = compiled.children[a]!;
      const out = values[a]!;
      if (kids.every((k) => !this.hasMissing[k])) this.aggregateComplete(a, method, kids, w, out);
      else if (method === "arithmetic") this.arithmeticPartial(a, this.thresholds[level - 2]!, kids, w, out);
      else if (this.meansTaken[a]! & (method === "geometric" ? 1 : 2)) this.otherMeanOfIndicators(method, this.thresholds[level - 2]!, kids, w, out, this.incomplete[a]!);
      else this.aggregatePartial(a, method, this.thresholds[level - 2]!, kids, w, out);
      let missing = 0;
      for (let u = 0; u < n; u++) if (out[u] !== out[u]) missing = 1;
      this.hasMissing[a] = missing;
    }
    const index = values[compiled.root]!;
    return n > SMALL_COHORT ? competitionRanksInto(index, this.ranks) : this.smallRanks(index);
  }

  /** Every child has a value for every unit: one weight sum for all units, the same sum weightedMean makes. */
  private aggregateComplete(a: number, method: AggregateMethod, kids: number[], w: Float64Array, out: Float64Array) {
    const { values, units: n } = this;
    let total = 0;
    for (let k = 0; k < kids.length; k++) total += w[kids[k]!]!;
    out.fill(0);
    if (method === "arithmetic") {
      for (let k = 0; k < kids.length; k++) {
        const v = values[kids[k]!]!;
        const share = w[kids[k]!]! / total;
        for (let u = 0; u < n; u++) out[u]! += share * v[u]!;
      }
      return;
    }
    for (let k = 0; k < kids.length; k++) {
      const kid = kids[k]!;
      const v = values[kid]!;
      const wk = w[kid]!;
      const logs = method === "geometric" ? this.logsOf(kid) : null;
      for (let u = 0; u < n; u++) {
        const x = v[u]!;
        if (method === "geometric" ? x <= 0 : x === 0) this.refuseFirst(a, method, kids);
        out[u]! += method === "geometric" ? wk * (logs ? logs[u]! : Math.log(x)) : wk / x;
      }
    }
    for (let u = 0; u < n; u++) out[u] = method === "geometric" ? Math.exp(out[u]! / total) : total / out[u]!;
  }

  /**
   * Arithmetic means when some children lack values: the units with every child present share one
   * weight sum (one multiply-add per value); the others are summed unit by unit as weightedMean
   * does, with COINr's data threshold.
   */
  private arithmeticPartial(a: number, threshold: number, kids: number[], w: Float64Array, out: Float64Array) {
    const { values, units: n } = this;
    const available = this.availabilityOf(a, kids);
    let total = 0;
    for (let k = 0; k < kids.length; k++) total += w[kids[k]!]!;
    out.fill(0);
    for (let k = 0; k < kids.length; k++) {
      const v = values[kids[k]!]!;
      const share = w[kids[k]!]! / total;
      for (let u = 0; u < n; u++) {
        const x = v[u]!;
        if (x === x) out[u]! += share * x;
      }
    }
    for (let u = 0; u < n; u++) {
      const present = available[u]!;
      if (present === kids.length) continue;
      if (!(present > 0 && present / kids.length >= threshold)) {
        out[u] = NaN;
        continue;
      }
      let sum = 0;
      for (let k = 0; k < kids.length; k++) if (values[kids[k]!]![u] === values[kids[k]!]![u]) sum += w[kids[k]!]!;
      let mean = 0;
      for (let k = 0; k < kids.length; k++) {
        const x = values[kids[k]!]![u]!;
        if (x === x) mean += (w[kids[k]!]! / sum) * x;
      }
      out[u] = mean;
    }
  }

  /** How many children of an aggregate have a value, per unit: fixed for an aggregate of indicators, counted afresh above. */
  private availabilityOf(a: number, kids: number[]): Uint32Array {
    const cached = this.availability[a];
    if (cached) return cached;
    const { values, units: n } = this;
    const counts = kids.every((k) => this.isIndicator[k]) ? new Uint32Array(n) : this.available;
    counts.fill(0);
    for (let k = 0; k < kids.length; k++) {
      const v = values[kids[k]!]!;
      for (let u = 0; u < n; u++) if (v[u] === v[u]) counts[u]!++;
    }
    if (counts !== this.available) this.availability[a] = counts;
    return counts;
  }

  /**
   * A geometric or harmonic mean of indicators that can take every present value: the units with
   * every child present share one weight sum and are computed column by column; the others one by
   * one. Either way the sums run in child order, as weightedMean's do, with COINr's data threshold.
   */
  private otherMeanOfIndicators(method: AggregateMethod, threshold: number, kids: number[], w: Float64Array, out: Float64Array, incomplete: Uint32Array) {
    const { values, units: n } = this;
    const geometric = method === "geometric";
    let total = 0;
    for (let k = 0; k < kids.length; k++) total += w[kids[k]!]!;
    out.fill(0);
    for (let k = 0; k < kids.length; k++) {
      const wk = w[kids[k]!]!;
      if (geometric) {
        const logs = this.logsOf(kids[k]!)!;
        for (let u = 0; u < n; u++) out[u]! += wk * logs[u]!;
      } else {
        const v = values[kids[k]!]!;
        for (let u = 0; u < n; u++) out[u]! += wk / v[u]!;
      }
    }
    if (geometric) for (let u = 0; u < n; u++) out[u] = Math.exp(out[u]! / total);
    else for (let u = 0; u < n; u++) out[u] = total / out[u]!;
    for (let j = 0; j < incomplete.length; j++) {
      const u = incomplete[j]!;
      let present = 0;
      let sum = 0;
      let acc = 0;
      for (let k = 0; k < kids.length; k++) {
        const x = values[kids[k]!]![u]!;
        if (x !== x) continue;
        const wk = w[kids[k]!]!;
        present++;
        sum += wk;
        acc += geometric ? wk * this.logsOf(kids[k]!)![u]! : wk / x;
      }
      out[u] = present > 0 && present / kids.length >= threshold ? (geometric ? Math.exp(acc / sum) : sum / acc) : NaN;
    }
  }

  /** Some children lack values: per-unit weight sums over the present ones, and COINr's data threshold. */
  private aggregatePartial(a: number, method: AggregateMethod, threshold: number, kids: number[], w: Float64Array, out: Float64Array) {
    const { values, available, weightSum, units: n } = this;
    const acc = this.accumulator;
    const invalid = this.invalid;
    available.fill(0);
    weightSum.fill(0);
    acc.fill(0);
    invalid.fill(-1);
    // The children in order, as weightedMean sums them: the weights of the present children, and
    // for geometric and harmonic means their running sum (w·ln x, w/x).
    for (let k = 0; k < kids.length; k++) {
      const v = values[kids[k]!]!;
      const wk = w[kids[k]!]!;
      for (let u = 0; u < n; u++)
        if (v[u] === v[u]) {
          available[u]!++;
          weightSum[u]! += wk;
        }
    }
    out.fill(0);
    for (let k = 0; k < kids.length; k++) {
      const kid = kids[k]!;
      const v = values[kid]!;
      const wk = w[kid]!;
      if (method === "arithmetic") {
        for (let u = 0; u < n; u++) {
          const x = v[u]!;
          if (x === x) out[u]! += (wk / weightSum[u]!) * x;
        }
        continue;
      }
      const logs = method === "geometric" ? this.logsOf(kid) : null;
      for (let u = 0; u < n; u++) {
        const x = v[u]!;
        if (x !== x) continue;
        if (method === "geometric" ? x <= 0 : x === 0) {
          if (invalid[u] === -1) invalid[u] = k;
        } else acc[u]! += method === "geometric" ? wk * (logs ? logs[u]! : Math.log(x)) : wk / x;
      }
    }
    for (let u = 0; u < n; u++) {
      if (!(available[u]! > 0 && available[u]! / kids.length >= threshold)) {
        out[u] = NaN;
        continue;
      }
      if (method === "arithmetic") continue;
      if (invalid[u] !== -1) this.refuse(a, method, invalid[u]!, u);
      out[u] = method === "geometric" ? Math.exp(acc[u]! / weightSum[u]!) : weightSum[u]! / acc[u]!;
    }
  }

  /** The refusal of a mean over complete children, for the unit the engine meets first (units in order, then children). */
  private refuseFirst(a: number, method: AggregateMethod, kids: number[]): never {
    for (let u = 0; u < this.units; u++)
      for (let k = 0; k < kids.length; k++) {
        const x = this.values[kids[k]!]![u]!;
        if (method === "geometric" ? x <= 0 : x === 0) this.refuse(a, method, k, u);
      }
    throw new Error("refuseFirst: no value to refuse");
  }

  /** A mean that cannot take a value (geometric: ≤ 0, harmonic: 0), named as the engine names it. */
  private refuse(a: number, method: AggregateMethod, k: number, u: number): never {
    const nodes = this.compiled.model.nodes;
    const kid = this.compiled.children[a]![k]!;
    throw meanRefusal(method, nodes[a]!.code, this.values[kid]![u]!, nodes[kid]!.code, this.unitCodes[u]!);
  }

  /** ln of an indicator's normalised column, computed once (aggregates' columns change with every draw). */
  private logsOf(node: number): Float64Array | null {
    if (!this.isIndicator[node]) return null;
    let logs = this.logs[node];
    if (!logs) {
      const v = this.values[node]!;
      logs = this.logs[node] = Float64Array.from(v, (x) => (x > 0 ? Math.log(x) : NaN));
    }
    return logs;
  }

  /**
   * Competition ranks for a few hundred units: the present scores sorted by the native numeric
   * sort, then each unit's rank is one plus the number of scores above it (a binary search). The
   * engine's radix sort spends more on its histograms than on so few values; ties share a rank
   * either way, so the ranks are the same.
   */
  private smallRanks(scores: Float64Array): Int32Array {
    const out = this.ranks;
    const sorted = this.sorted;
    let m = 0;
    for (let u = 0; u < scores.length; u++) if (scores[u] === scores[u]) sorted[m++] = scores[u]!;
    const present = sorted.subarray(0, m).sort();
    for (let u = 0; u < scores.length; u++) {
      const x = scores[u]!;
      if (x !== x) {
        out[u] = 0;
        continue;
      }
      // The first position whose score is above x.
      let low = 0;
      let high = m;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (present[mid]! <= x) low = mid + 1;
        else high = mid;
      }
      out[u] = m - low + 1;
    }
    return out;
  }

  /** A node's index in model order (for weights arrays). */
  indexOf(code: string): number {
    const i = this.compiled.indexOf.get(code);
    if (i === undefined) throw new ScoringInputError(`"${code}" is not a node of the framework`);
    return i;
  }
}
