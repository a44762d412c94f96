import { ScoringInputError } from "../engine/errors";
import type { ModelNode, NormaliseSpec, ScoringModel, UnitInput } from "../engine/types";
import { flattenFramework, frameworkRef } from "./load";
import { isIndicator, type Framework, type IndicatorNode } from "./schema";

export const ROOT_CODE = "Index";

/**
 * How an indicator's entered value becomes a number the engine normalises: rubric levels and
 * yes/no answers map to the framework's scores, then sit on fixed goalposts (0–100) so that a
 * level means the same in every campaign, whatever the cohort.
 */
export function indicatorNormalisation(ind: IndicatorNode): NormaliseSpec | undefined {
  if (ind.normalisation) return ind.normalisation;
  if (ind.kind === "rubric") {
    const scores = ind.levels.map((l) => l.score);
    return { method: "goalposts", lower: Math.min(...scores), upper: Math.max(...scores), scale: 100 };
  }
  if (ind.kind === "binary") {
    const { no, yes } = ind.scores ?? { no: 0, yes: 100 };
    return { method: "goalposts", lower: Math.min(no, yes), upper: Math.max(no, yes), scale: 100 };
  }
  return undefined;
}

/** The engine's tree for a framework: indicators at level 1, dimensions below the root "Index". */
export function toScoringModel(framework: Framework): ScoringModel {
  const flat = flattenFramework(framework);
  const indicatorDepth = Math.max(...flat.map((f) => f.depth));
  const nodes: ModelNode[] = flat.map(({ node, parent, depth }) => ({
    code: node.code,
    parent: parent ?? ROOT_CODE,
    level: indicatorDepth - depth + 1,
    weight: node.weight,
    direction: isIndicator(node) && node.direction === "lower" ? -1 : 1,
    ...(isIndicator(node) && indicatorNormalisation(node) ? { normalise: indicatorNormalisation(node) } : {}),
  }));
  nodes.push({ code: ROOT_CODE, parent: null, level: indicatorDepth + 1, weight: 1, direction: 1 });
  return { id: frameworkRef(framework), nodes };
}

export function frameworkIndicators(framework: Framework): IndicatorNode[] {
  return flattenFramework(framework).flatMap(({ node }) => (isIndicator(node) ? [node] : []));
}

/**
 * The engine's number for one entered value (numbers as they are, rubric levels and yes/no answers
 * mapped to the framework's scores), or why it is not one: the caller says where it was.
 */
function engineNumber(ind: IndicatorNode, value: unknown): number | string {
  if (ind.kind === "rubric") {
    const level = ind.levels.find((l) => l.level === value);
    return level ? level.score : `rubric level must be one of ${ind.levels.map((l) => l.level).join(", ")}, got ${String(value)}`;
  }
  if (ind.kind === "binary") {
    if (value !== 0 && value !== 1) return `expected 0 (no) or 1 (yes), got ${String(value)}`;
    const scores = ind.scores ?? { no: 0, yes: 100 };
    return value === 1 ? scores.yes : scores.no;
  }
  return typeof value === "number" && Number.isFinite(value) ? value : `expected a finite number, got ${String(value)}`;
}

type EnteredUnit = { code: string; name?: string; values: Record<string, number | null | undefined> };

const valuePath = (u: number, unitCode: string, code: string) => `units[${u}](${unitCode}).values.${code}`;

const unknownIndicator = (framework: Framework, code: string) => `"${code}" is not an indicator of ${frameworkRef(framework)}`;

/**
 * Converts what a city entered (numbers, rubric levels, 0/1 answers) into engine inputs, rejecting
 * a rubric level the framework does not define or a yes/no answer that is not 0 or 1.
 */
export function toEngineInputs(framework: Framework, units: readonly EnteredUnit[]): UnitInput[] {
  const byCode = new Map(frameworkIndicators(framework).map((i) => [i.code, i]));
  return units.map((unit, u) => {
    const values: Record<string, number | null> = {};
    for (const [code, value] of Object.entries(unit.values)) {
      const ind = byCode.get(code);
      // Named only for an error: a town-scale cohort has a million values.
      if (!ind) throw new ScoringInputError(unknownIndicator(framework, code), { path: valuePath(u, unit.code, code) });
      if (value === null || value === undefined) {
        values[code] = null;
        continue;
      }
      const number = engineNumber(ind, value);
      if (typeof number === "string") throw new ScoringInputError(number, { path: valuePath(u, unit.code, code) });
      values[code] = number;
    }
    return { code: unit.code, name: unit.name, values };
  });
}

/** A cohort as the engine's scoreColumns takes it: one column per indicator (NaN for missing), units in the order given. */
export interface EngineColumns {
  unitCodes: string[];
  columns: Record<string, Float64Array>;
}

/**
 * toEngineInputs' conversion straight into columns, without an object per unit (a town-scale
 * cohort holds a million values). With `after`, a cohort already converted for this framework,
 * the units are appended to copies of its columns: a sign-off converts one town, not every town
 * again. Neither `after` nor its columns are changed.
 */
export function toEngineColumns(framework: Framework, units: readonly EnteredUnit[], after?: EngineColumns): EngineColumns {
  const start = after?.unitCodes.length ?? 0;
  const byCode = new Map<string, { ind: IndicatorNode; column: Float64Array }>();
  for (const ind of frameworkIndicators(framework)) {
    const column = new Float64Array(start + units.length).fill(NaN);
    const before = after?.columns[ind.code];
    if (before) column.set(before);
    byCode.set(ind.code, { ind, column });
  }
  units.forEach((unit, u) => {
    const values = unit.values;
    for (const code in values) {
      const value = values[code];
      const target = byCode.get(code);
      if (!target) throw new ScoringInputError(unknownIndicator(framework, code), { path: valuePath(u, unit.code, code) });
      if (value === null || value === undefined) continue;
      const number = engineNumber(target.ind, value);
      if (typeof number === "string") throw new ScoringInputError(number, { path: valuePath(u, unit.code, code) });
      target.column[start + u] = number;
    }
  });
  return {
    unitCodes: [...(after?.unitCodes ?? []), ...units.map((u) => u.code)],
    columns: Object.fromEntries([...byCode].map(([code, { column }]) => [code, column])),
  };
}
