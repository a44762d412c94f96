export * from "./engine/types";
export { ScoringInputError } from "./engine/errors";
export { findModelProblems, compileModel } from "./engine/model";
export { normaliseColumn } from "./engine/normalise";
export { weightedMean } from "./engine/aggregate";
export { scoreUnits, unitResult, resolveOptions, ENGINE_VERSION, type ScoreResult, type ResolvedOptions } from "./engine/score";
export { canonicalJson } from "./engine/canonical";
export { parseCsv, formatCsv, formatNumber } from "./io/csv";
export { parseIMeta, parseIData, formatIMeta, formatResultTable } from "./io/coinr";
