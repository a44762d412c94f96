/**
 * Every plausibility check of a cohort's submitted values: the framework's validation rules, each
 * value against its cohort (robust outliers) and against the unit's own previous value. Flags are
 * computed from the values, never stored as truth: the same values always give the same flags,
 * whatever the order of the units.
 */
import { checkRule, parseRule, type ParsedRule } from "./rule";
import { cohortStatistics, MIN_COHORT, outlierVerdict, type CohortStatistics } from "./outliers";

/** A rule as a framework version declares it. */
export interface ValidationRule {
  id: string;
  expression: string;
  /** error: blocks submission; warning: asks the city for an explanation. */
  severity: "error" | "warning";
  message: { zh: string; en: string };
}

/** What the framework says about one indicator's plausibility. */
export interface IndicatorExpectations {
  code: string;
  /** The expected range; a value exactly on either edge is worth a look. */
  expectedRange?: readonly [number, number];
  /** Largest plausible change from the previous value, relative (0.5 = ±50%). */
  maxChange?: number;
  /** The value is expected to move from one campaign to the next: an identical value is worth a look. */
  expectsChange?: boolean;
}

export const DEFAULT_MAX_CHANGE = 0.5;

export type FlagKind = "rule" | "outlier" | "change" | "unchanged" | "rangeEdge";

export interface PlausibilityFlag {
  unit: string;
  kind: FlagKind;
  /** error: blocks submission; warning: needs the city's explanation; notice: worth a look, nothing to explain. */
  severity: "error" | "warning" | "notice";
  /** The indicators the flag concerns (a rule's: every one it reads). */
  indicators: string[];
  /** The rule's id for a rule flag. */
  rule?: string;
  /** The figures behind the flag, for the reader to judge: left/right, median/MAD/fences, previous value… */
  detail: Record<string, number>;
}

export interface CohortValues {
  unitCodes: readonly string[];
  /** Each indicator's values, unit order, NaN for missing. */
  columns: Readonly<Record<string, ArrayLike<number>>>;
}

export interface CheckInput {
  rules: readonly ValidationRule[];
  /** The indicators whose values are checked against the cohort and their history (quantitative ones: a rubric level is no measurement). */
  indicators: readonly IndicatorExpectations[];
  /** Every code the rules may read; defaults to the checked indicators'. */
  codes?: readonly string[];
  current: CohortValues;
  /**
   * Every cohort value per indicator, when `current` holds only some of the units (a reader who may
   * see a few cities is still told how they sit in the whole cohort); defaults to current's columns.
   */
  cohort?: Readonly<Record<string, ArrayLike<number>>>;
  /**
   * The cohort's statistics per indicator, when a caller keeps them (`cohortStatistics` of each
   * column): used instead of `cohort` or `current` for the indicators they cover.
   */
  cohortStatistics?: Readonly<Record<string, CohortStatistics>>;
  /** The same units' values in the previous campaign (mapped to this version's codes); missing units or codes: no history. */
  previous?: CohortValues;
  minCohort?: number;
}

/** Rules parsed once against the framework's codes (a framework version's rules were checked when it was saved). */
export const compileRules = (rules: readonly ValidationRule[], codes: Iterable<string>) => {
  const known = [...codes];
  return rules.map((rule) => ({ rule, parsed: parseRule(rule.expression, known) }));
};

function ruleFlags(unit: string, u: number, compiled: { rule: ValidationRule; parsed: ParsedRule }[], columns: CohortValues["columns"], out: PlausibilityFlag[]) {
  const value = (code: string) => {
    const x = columns[code]?.[u];
    return x === undefined || x !== x ? null : x;
  };
  for (const { rule, parsed } of compiled) {
    const { outcome, left, right } = checkRule(parsed, value);
    if (outcome === "broken") out.push({ unit, kind: "rule", severity: rule.severity, indicators: parsed.codes, rule: rule.id, detail: { left, right } });
  }
}

function valueFlags(unit: string, x: number, indicator: IndicatorExpectations, stats: CohortStatistics, previous: number | undefined, out: PlausibilityFlag[]) {
  if (x !== x) return;
  const indicators = [indicator.code];
  const verdict = outlierVerdict(x, stats);
  if (verdict.byModifiedZ || verdict.byFences)
    out.push({
      unit,
      kind: "outlier",
      severity: "warning",
      indicators,
      detail: { value: x, modifiedZ: verdict.modifiedZ, median: stats.median, mad: stats.mad, lowerFence: stats.lowerFence, upperFence: stats.upperFence, cohort: stats.n },
    });
  if (previous !== undefined && previous === previous) {
    const limit = indicator.maxChange ?? DEFAULT_MAX_CHANGE;
    const change = previous === 0 ? (x === 0 ? 0 : Infinity) : (x - previous) / Math.abs(previous);
    if (Math.abs(change) > limit) out.push({ unit, kind: "change", severity: "warning", indicators, detail: { value: x, previous, change: Number.isFinite(change) ? change : x - previous, limit } });
    if (indicator.expectsChange && Object.is(x, previous)) out.push({ unit, kind: "unchanged", severity: "warning", indicators, detail: { value: x, previous } });
  }
  const range = indicator.expectedRange;
  if (range && (x === range[0] || x === range[1])) out.push({ unit, kind: "rangeEdge", severity: "notice", indicators, detail: { value: x, lower: range[0], upper: range[1] } });
}

/** Each unit's previous value of an indicator, by unit code. */
function previousLookup(previous: CohortValues | undefined) {
  const at = new Map(previous?.unitCodes.map((code, u) => [code, u]) ?? []);
  return (code: string, unit: string) => {
    const u = at.get(unit);
    return u === undefined ? undefined : previous!.columns[code]?.[u];
  };
}

/** One indicator's cohort statistics: as given, or from the cohort's (or else current's) column. */
const statisticsOf = (input: CheckInput, code: string, missing: ArrayLike<number> = []) =>
  input.cohortStatistics?.[code] ?? cohortStatistics((input.cohort ?? input.current.columns)[code] ?? missing, input.minCohort ?? MIN_COHORT);

/** Every flag of the cohort, unit by unit in the cohort's order, then rules before values, indicators in framework order. */
export function plausibilityFlags(input: CheckInput): PlausibilityFlag[] {
  const { current } = input;
  const compiled = compileRules(input.rules, input.codes ?? input.indicators.map((i) => i.code));
  const stats = new Map(input.indicators.map((i) => [i.code, statisticsOf(input, i.code)]));
  const previous = previousLookup(input.previous);
  const out: PlausibilityFlag[] = [];
  current.unitCodes.forEach((unit, u) => {
    ruleFlags(unit, u, compiled, current.columns, out);
    for (const indicator of input.indicators) {
      const column = current.columns[indicator.code];
      if (column) valueFlags(unit, column[u]!, indicator, stats.get(indicator.code)!, previous(indicator.code, unit), out);
    }
  });
  return out;
}

/**
 * The flags that one saved value can change: the rules that read the indicator (for that unit) and
 * the indicator's value checks for every unit (its cohort statistics moved with the value). The
 * flags of other indicators stand as they were.
 */
export function flagsAfterSave(input: CheckInput, indicatorCode: string, unit: string): { rules: PlausibilityFlag[]; values: PlausibilityFlag[] } {
  const { current } = input;
  const u = current.unitCodes.indexOf(unit);
  // A rule that reads the indicator names it: only those are parsed.
  const mentioning = input.rules.filter((rule) => rule.expression.includes(indicatorCode));
  const compiled = compileRules(mentioning, input.codes ?? input.indicators.map((i) => i.code)).filter((c) => c.parsed.codes.includes(indicatorCode));
  const rules: PlausibilityFlag[] = [];
  if (u >= 0) ruleFlags(unit, u, compiled, current.columns, rules);
  const indicator = input.indicators.find((i) => i.code === indicatorCode);
  const column = current.columns[indicatorCode];
  const values: PlausibilityFlag[] = [];
  if (indicator && column) {
    const stats = statisticsOf(input, indicatorCode, column);
    const previous = previousLookup(input.previous);
    current.unitCodes.forEach((code, v) => valueFlags(code, column[v]!, indicator, stats, previous(indicatorCode, code), values));
  }
  return { rules, values };
}
