/** Normalisation methods, named after COINr's `n_*` functions. */
export type NormaliseMethod =
  | "minmax"
  | "zscore"
  | "borda"
  | "prank"
  | "rank"
  | "goalposts"
  | "dist2targ"
  | "none";

export type NormaliseSpec =
  | { method: "minmax"; range?: readonly [number, number] }
  | { method: "zscore"; meanSd?: readonly [number, number] }
  | { method: "borda" }
  | { method: "prank" }
  | { method: "rank" }
  | {
      method: "goalposts";
      /** Worst and best acceptable values in the indicator's own units, plus the scale. */
      lower: number;
      upper: number;
      scale?: number;
      truncate?: boolean;
    }
  | { method: "dist2targ"; target: number; capMax?: boolean }
  | { method: "none" };

/** Aggregation methods, named after COINr's `a_*` functions. */
export type AggregateMethod = "arithmetic" | "geometric" | "harmonic";

export type ImputeMethod = "none" | "mean" | "median";

/** One node of the scoring tree, flattened. Level 1 nodes are indicators. */
export interface ModelNode {
  code: string;
  /** Code of the parent one level up; null for the root. */
  parent: string | null;
  level: number;
  /** Relative to siblings; must be > 0. */
  weight: number;
  /** 1: higher is better; -1: lower is better. Only meaningful for indicators. */
  direction: 1 | -1;
  /** Per-indicator override of the campaign-wide normalisation. */
  normalise?: NormaliseSpec;
}

/** A validated scoring tree: what the engine runs on. */
export interface ScoringModel {
  /** Identifies the framework version (e.g. "zhiping-pilot@1.0.0"). */
  id: string;
  nodes: readonly ModelNode[];
}

export interface MethodOptions {
  impute?: ImputeMethod;
  /** COINr's `Treat()` with its defaults on every indicator, after imputation and before normalisation. */
  treat?: boolean;
  normalise: NormaliseSpec;
  /** One method for every level, or one per level from level 2 upwards. */
  aggregate: AggregateMethod | readonly AggregateMethod[];
  /**
   * COINr's `dat_thresh`: minimum share of non-missing children (0..1) for a node to get a score;
   * one value for every level, or one per level from level 2 upwards.
   */
  dataThreshold?: number | readonly number[];
}

export interface UnitInput {
  code: string;
  name?: string;
  /** Raw indicator values by indicator code; null or absent = missing. */
  values: Readonly<Record<string, number | null | undefined>>;
}
