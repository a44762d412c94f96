import { firstInvalidForMean, weightedMean } from "./aggregate";
import { createHash } from "node:crypto";
import { canonicalDoubles, canonicalJson } from "./canonical";
import { ScoringInputError } from "./errors";
import { compileModel, type CompiledModel } from "./model";
import { normaliseColumn } from "./normalise";
import { treatColumn } from "./treat";
import { competitionRanks, mapColumn, meanSd, median } from "./stats";
import type { AggregateMethod, MethodOptions, NormaliseSpec, ScoringModel, UnitInput } from "./types";

/** Version of the pipeline and of the hash's canonical form; bump when either changes. */
export const ENGINE_VERSION = "zhiping-engine/1";

export interface ResolvedOptions {
  impute: "none" | "mean" | "median";
  normalise: NormaliseSpec;
  /** One entry per level from 2 to the top. */
  aggregate: AggregateMethod[];
  dataThreshold: number[];
  /** Present (and true) only when values are treated: results without treatment keep the hash they always had. */
  treat?: true;
}

export interface ScoreResult {
  engineVersion: string;
  modelId: string;
  options: ResolvedOptions;
  /** SHA-256 of (engine version, scoring tree, options, input values): see README, "Reproducibility". */
  hash: string;
  nodeCodes: string[];
  unitCodes: string[];
  /** Normalised values for indicators, aggregate scores above; NaN = missing. */
  scores: Record<string, Float64Array>;
  /** Competition ranks (1 = best); 0 = no score. */
  ranks: Record<string, Int32Array>;
  /** Share of the node's indicators that had a raw value (0..1). */
  coverage: Record<string, Float64Array>;
  /**
   * Points each indicator adds to the top score (effective weight × normalised value). Only defined
   * when every level aggregates arithmetically, where they add up to the top score exactly.
   */
  contributions: Record<string, Float64Array> | null;
}

export function resolveOptions(options: MethodOptions, maxLevel: number): ResolvedOptions {
  const levels = maxLevel - 1;
  const perLevel = <T>(value: T | readonly T[] | undefined, fallback: T, name: string): T[] => {
    if (value === undefined) return Array(levels).fill(fallback);
    if (!Array.isArray(value)) return Array(levels).fill(value);
    if (value.length !== levels)
      throw new ScoringInputError(`${name}: give one value, or one per level from 2 to ${maxLevel} (${levels}); got ${value.length}`);
    return [...(value as T[])];
  };
  const dataThreshold = perLevel(options.dataThreshold, 0, "dataThreshold");
  dataThreshold.forEach((t, i) => {
    if (!(t >= 0 && t <= 1)) throw new ScoringInputError(`dataThreshold[${i}]: must be between 0 and 1, got ${t}`);
  });
  return {
    impute: options.impute ?? "none",
    normalise: options.normalise,
    aggregate: perLevel(options.aggregate as AggregateMethod | AggregateMethod[], "arithmetic", "aggregate"),
    dataThreshold,
    ...(options.treat ? { treat: true as const } : {}),
  };
}

/** Raw values as one column per indicator, NaN for missing; rejects anything else. */
function rawColumns(compiled: CompiledModel, units: readonly UnitInput[]): Float64Array[] {
  const nodes = compiled.model.nodes;
  const columnOf = new Map(compiled.indicators.map((i, c) => [nodes[i]!.code, c]));
  // Every cell starts missing; a unit's own keys then fill in what it has, so the work is one
  // pass over the keys actually given.
  const columns = compiled.indicators.map(() => new Float64Array(units.length).fill(NaN));
  const seen = new Set<string>();
  units.forEach((unit, u) => {
    if (!unit.code) throw new ScoringInputError("unit code is empty", { path: `units[${u}].code` });
    if (seen.has(unit.code)) throw new ScoringInputError(`duplicate unit "${unit.code}"`, { path: `units[${u}].code` });
    seen.add(unit.code);
    const values = unit.values;
    for (const code in values) {
      const c = columnOf.get(code);
      if (c === undefined) {
        const what = compiled.indexOf.has(code) ? "is an aggregate, not an indicator" : "is not an indicator of the framework";
        throw new ScoringInputError(`"${code}" ${what}`, { path: `units[${u}].values.${code}` });
      }
      const value = values[code];
      if (value === null || value === undefined) continue;
      if (typeof value === "number" && Number.isFinite(value)) columns[c]![u] = value;
      else throw new ScoringInputError(`expected a finite number, got ${String(value)}`, { path: `units[${u}].values.${code}` });
    }
  });
  return columns;
}

/** The values normalisation starts from: imputed, then treated when the method says so. */
export function preparedColumn(raw: Float64Array, options: ResolvedOptions): Float64Array {
  const imputed = imputeColumn(raw, options.impute);
  return options.treat ? treatColumn(imputed).values : imputed;
}

export function imputeColumn(column: Float64Array, method: ResolvedOptions["impute"]): Float64Array {
  if (method === "none") return column;
  const fill = method === "mean" ? meanSd(column)[0] : median(column);
  return mapColumn(column, (v) => (Number.isNaN(v) ? fill : v));
}

function hashInputs(compiled: CompiledModel, options: ResolvedOptions, unitCodes: readonly string[], raw: Float64Array[]): string {
  const nodes = compiled.model.nodes;
  // Cohorts usually arrive ordered by code; checking is linear, sorting 20,000 strings is not.
  const alreadySorted = unitCodes.every((code, u) => u === 0 || unitCodes[u - 1]! < code);
  const unitOrder = Uint32Array.from(unitCodes.keys());
  if (!alreadySorted) unitOrder.sort((a, b) => (unitCodes[a]! < unitCodes[b]! ? -1 : 1));
  const indOrder = compiled.indicators.map((_, c) => c).sort((a, b) => (nodes[compiled.indicators[a]!]!.code < nodes[compiled.indicators[b]!]!.code ? -1 : 1));
  const header = canonicalJson({
    engine: ENGINE_VERSION,
    model: {
      id: compiled.model.id,
      nodes: [...nodes].sort((a, b) => (a.code < b.code ? -1 : 1)),
    },
    options,
    indicators: indOrder.map((c) => nodes[compiled.indicators[c]!]!.code),
    units: Array.from(unitOrder, (u) => unitCodes[u]!),
  });
  // Indicator by indicator (sorted by code), unit by unit (sorted by code), through one buffer.
  const hash = createHash("sha256").update(header).update("\n");
  const column = new Float64Array(unitCodes.length);
  for (const c of indOrder) {
    const values = raw[c]!;
    if (alreadySorted) hash.update(canonicalDoubles(values, column));
    else {
      for (let k = 0; k < unitOrder.length; k++) column[k] = values[unitOrder[k]!]!;
      hash.update(canonicalDoubles(column, column));
    }
  }
  return hash.digest("hex");
}

/**
 * The whole pipeline: imputation → treatment (when asked) → normalisation → aggregation up the tree → ranks, coverage and
 * contributions at every node. Pure and deterministic.
 */
export function scoreUnits(model: ScoringModel, units: readonly UnitInput[], methodOptions: MethodOptions): ScoreResult {
  const compiled = compileModel(model);
  const raw = rawColumns(compiled, units);
  return scoreCompiled(compiled, units.map((u) => u.code), raw, methodOptions);
}

/**
 * The same pipeline for inputs already held as columns (one Float64Array per indicator, NaN for
 * missing), as large cohorts are loaded: no per-unit objects are built.
 */
export function scoreColumns(
  model: ScoringModel,
  unitCodes: readonly string[],
  columns: Readonly<Record<string, Float64Array>>,
  methodOptions: MethodOptions,
): ScoreResult {
  const compiled = compileModel(model);
  const seen = new Set<string>();
  unitCodes.forEach((code, u) => {
    if (!code) throw new ScoringInputError("unit code is empty", { path: `unitCodes[${u}]` });
    if (seen.has(code)) throw new ScoringInputError(`duplicate unit "${code}"`, { path: `unitCodes[${u}]` });
    seen.add(code);
  });
  for (const code of Object.keys(columns))
    if (!compiled.indicators.some((i) => model.nodes[i]!.code === code))
      throw new ScoringInputError(`"${code}" is not an indicator of the framework`, { path: `columns.${code}` });
  const raw = compiled.indicators.map((i) => {
    const code = model.nodes[i]!.code;
    const column = columns[code] ?? new Float64Array(unitCodes.length).fill(NaN);
    if (column.length !== unitCodes.length)
      throw new ScoringInputError(`expected ${unitCodes.length} values, got ${column.length}`, { path: `columns.${code}` });
    for (let u = 0; u < column.length; u++)
      if (column[u] === Infinity || column[u] === -Infinity)
        throw new ScoringInputError("expected a finite number or NaN (missing)", { path: `columns.${code}[${u}]` });
    return column;
  });
  return scoreCompiled(compiled, unitCodes, raw, methodOptions);
}

function scoreCompiled(compiled: CompiledModel, unitCodes: readonly string[], raw: Float64Array[], methodOptions: MethodOptions): ScoreResult {
  const model = compiled.model;
  const nodes = model.nodes;
  const options = resolveOptions(methodOptions, compiled.maxLevel);
  const n = unitCodes.length;

  const values: Float64Array[] = new Array(nodes.length);
  const present: Float64Array[] = new Array(nodes.length);
  compiled.indicators.forEach((nodeIndex, col) => {
    const node = nodes[nodeIndex]!;
    values[nodeIndex] = normaliseColumn(preparedColumn(raw[col]!, options), node.direction, node.normalise ?? options.normalise);
    const rawColumn = raw[col]!;
    const has = new Float64Array(n);
    for (let u = 0; u < n; u++) has[u] = rawColumn[u] === rawColumn[u] ? 1 : 0;
    present[nodeIndex] = has;
  });

  for (const a of compiled.aggregates) {
    const node = nodes[a]!;
    const method = options.aggregate[node.level - 2]!;
    const threshold = options.dataThreshold[node.level - 2]!;
    const kids = compiled.children[a]!;
    const kidValues = kids.map((c) => values[c]!);
    const weights = compiled.childWeights[a]!;
    const presentLeaves = new Float64Array(n);
    const available = new Uint32Array(n);
    const weightSum = new Float64Array(n);
    for (let k = 0; k < kids.length; k++) {
      const v = kidValues[k]!;
      const p = present[kids[k]!]!;
      const w = weights[k]!;
      for (let u = 0; u < n; u++) {
        presentLeaves[u]! += p[u]!;
        if (v[u] === v[u]) {
          available[u]!++;
          weightSum[u]! += w;
        }
      }
    }
    const scored = new Uint8Array(n);
    for (let u = 0; u < n; u++) scored[u] = available[u]! > 0 && available[u]! / kids.length >= threshold ? 1 : 0;
    const out =
      method === "arithmetic"
        ? arithmeticColumn(kidValues, weights, weightSum)
        : otherMeanColumn(compiled, a, method, kidValues, scored, unitCodes);
    for (let u = 0; u < n; u++) if (!scored[u]) out[u] = NaN;
    values[a] = out;
    present[a] = presentLeaves;
  }

  const scores: Record<string, Float64Array> = {};
  const ranks: Record<string, Int32Array> = {};
  const coverage: Record<string, Float64Array> = {};
  nodes.forEach((node, i) => {
    scores[node.code] = values[i]!;
    rankWhenRead(ranks, node.code, values[i]!);
    // `present` counts are not needed after this, so they become the coverage shares in place.
    const shares = present[i]!;
    const leaves = compiled.leafCount[i]!;
    if (leaves > 1) for (let u = 0; u < shares.length; u++) shares[u] = shares[u]! / leaves;
    coverage[node.code] = shares;
  });

  return {
    engineVersion: ENGINE_VERSION,
    modelId: model.id,
    options,
    hash: hashInputs(compiled, options, unitCodes, raw),
    nodeCodes: nodes.map((nd) => nd.code),
    unitCodes: [...unitCodes],
    scores,
    ranks,
    coverage,
    contributions: options.aggregate.every((m) => m === "arithmetic") ? contributions(compiled, values) : null,
  };
}

/**
 * Puts a node's competition ranks in `ranks`, computed the first time they are read and then kept.
 * A sign-off freezes one unit's ranks (unitResult counts them) and a page reads a few nodes, while
 * sorting every node of a 20,000-town cohort took a quarter of its scoring. `scores` must not
 * change afterwards: it is a result's own column.
 */
function rankWhenRead(ranks: Record<string, Int32Array>, code: string, scores: Float64Array) {
  Object.defineProperty(ranks, code, {
    enumerable: true,
    configurable: true,
    get() {
      const column = competitionRanks(scores);
      Object.defineProperty(ranks, code, { value: column, enumerable: true, writable: false, configurable: false });
      return column;
    },
  });
}

/** A unit's competition rank at a node, counted without sorting the node when nobody has read its ranks yet. */
function countedRank(result: ScoreResult, code: string, u: number): number {
  const ranked = Object.getOwnPropertyDescriptor(result.ranks, code)?.value as Int32Array | undefined;
  if (ranked) return ranked[u]!;
  const scores = result.scores[code]!;
  const own = scores[u]!;
  if (own !== own) return 0;
  // 1 + how many score higher: the rank competitionRanks gives, ties sharing the best.
  let higher = 0;
  for (let k = 0; k < scores.length; k++) if (scores[k]! > own) higher++;
  return higher + 1;
}

/**
 * Weighted arithmetic mean over the present children, weights re-normalised per unit (`wsum`:
 * the weights of each unit's present children, summed in child order); computed
 * child column by child column in the same order of operations as weightedMean(), so the numbers
 * are identical, but without touching every child array once per unit.
 */
function arithmeticColumn(kidValues: Float64Array[], weights: Float64Array, wsum: Float64Array): Float64Array {
  const n = wsum.length;
  const out = new Float64Array(n);
  for (let k = 0; k < kidValues.length; k++) {
    const v = kidValues[k]!;
    const w = weights[k]!;
    for (let u = 0; u < n; u++) {
      const x = v[u]!;
      if (x === x) out[u]! += (w / wsum[u]!) * x;
    }
  }
  return out; // units with no child present are marked missing by the caller
}

/** A geometric mean of a value ≤ 0 or a harmonic mean of 0: the node, the child and the unit named. */
export function meanRefusal(method: AggregateMethod, node: string, value: number, child: string, unit: string): ScoringInputError {
  return new ScoringInputError(
    `${method} mean of "${node}" cannot take ${value} ("${child}" of unit "${unit}"): ` +
      (method === "geometric" ? "every value must be > 0; normalise to a positive range first" : "no value may be 0"),
  );
}

/** Geometric or harmonic means unit by unit, refusing values the mean cannot take. */
function otherMeanColumn(
  compiled: CompiledModel,
  a: number,
  method: AggregateMethod,
  kidValues: Float64Array[],
  scored: Uint8Array,
  unitCodes: readonly string[],
): Float64Array {
  const nodes = compiled.model.nodes;
  const kids = compiled.children[a]!;
  const weights = compiled.childWeights[a]!;
  const n = unitCodes.length;
  const out = new Float64Array(n);
  const buf = new Float64Array(kids.length);
  for (let u = 0; u < n; u++) {
    if (!scored[u]) continue;
    for (let k = 0; k < kids.length; k++) buf[k] = kidValues[k]![u]!;
    const bad = firstInvalidForMean(method, buf);
    if (bad !== undefined)
      throw meanRefusal(method, nodes[a]!.code, buf[bad]!, nodes[kids[bad]!]!.code, unitCodes[u]!);
    out[u] = weightedMean(method, buf, weights);
  }
  return out;
}

/** Effective weight of every indicator in the top score (re-normalised over present children), × its value. */
function contributions(compiled: CompiledModel, values: Float64Array[]): Record<string, Float64Array> {
  const nodes = compiled.model.nodes;
  const n = values[compiled.root]!.length;
  const effective: Float64Array[] = new Array(nodes.length);
  effective[compiled.root] = new Float64Array(n).fill(1);
  const wsum = new Float64Array(n);
  for (let k = compiled.aggregates.length - 1; k >= 0; k--) {
    const a = compiled.aggregates[k]!;
    const kids = compiled.children[a]!;
    const weights = compiled.childWeights[a]!;
    const own = effective[a]!;
    const score = values[a]!;
    wsum.fill(0);
    kids.forEach((c, j) => {
      const kv = values[c]!;
      const w = weights[j]!;
      for (let u = 0; u < n; u++) if (kv[u] === kv[u]) wsum[u]! += w;
    });
    kids.forEach((c, j) => {
      const kv = values[c]!;
      const w = weights[j]!;
      const kidEffective = (effective[c] = new Float64Array(n));
      for (let u = 0; u < n; u++) {
        const e = own[u]!;
        if (e !== 0 && score[u] === score[u] && kv[u] === kv[u]) kidEffective[u] = (e * w) / wsum[u]!;
      }
    });
  }
  const out: Record<string, Float64Array> = {};
  for (const i of compiled.indicators) {
    const v = values[i]!;
    const points = effective[i]!; // the weights become the points in place
    for (let u = 0; u < n; u++) if (points[u]! !== 0) points[u] = points[u]! * v[u]!;
    out[nodes[i]!.code] = points;
  }
  return out;
}

/** One unit's results as plain objects, for callers that store or display one unit at a time. */
/** One unit's share of a result: what a sign-off freezes for the city. */
export type UnitResult = ReturnType<typeof unitResult>;

/** Results unitResult has been asked about. */
const askedBefore = new WeakSet<ScoreResult>();

export function unitResult(result: ScoreResult, unitCode: string) {
  const u = result.unitCodes.indexOf(unitCode);
  if (u < 0) throw new ScoringInputError(`no unit "${unitCode}" in this result`);
  // One unit's ranks are counted (a sign-off's); from the second unit of a result on, its nodes are
  // sorted once instead, as counting every unit's would be quadratic (a seed freezes thousands).
  const rankOf = askedBefore.has(result) ? (c: string) => result.ranks[c]![u]! : (c: string) => countedRank(result, c, u);
  askedBefore.add(result);
  const pick = <T extends ArrayLike<number>>(table: Record<string, T>, missing: (v: number) => boolean) =>
    Object.fromEntries(result.nodeCodes.filter((c) => c in table).map((c) => [c, missing(table[c]![u]!) ? null : table[c]![u]!]));
  return {
    code: unitCode,
    scores: pick(result.scores, Number.isNaN),
    ranks: Object.fromEntries(result.nodeCodes.filter((c) => c in result.ranks).map((c) => [c, rankOf(c) || null])),
    coverage: pick(result.coverage, () => false) as Record<string, number>,
    contributions: result.contributions ? (pick(result.contributions, () => false) as Record<string, number>) : null,
  };
}
