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
 * Converts what a city entered (numbers, rubric levels, 0/1 answers) into engine inputs, rejecting
 * a rubric level the framework does not define or a yes/no answer that is not 0 or 1.
 */
export function toEngineInputs(
  framework: Framework,
  units: readonly { code: string; name?: string; values: Record<string, number | null | undefined> }[],
): UnitInput[] {
  const byCode = new Map(frameworkIndicators(framework).map((i) => [i.code, i]));
  return units.map((unit, u) => {
    const values: Record<string, number | null> = {};
    for (const [code, value] of Object.entries(unit.values)) {
      const ind = byCode.get(code);
      // Named only for an error: a town-scale cohort has a million values.
      const path = () => `units[${u}](${unit.code}).values.${code}`;
      if (!ind) throw new ScoringInputError(`"${code}" is not an indicator of ${frameworkRef(framework)}`, { path: path() });
      if (value === null || value === undefined) {
        values[code] = null;
        continue;
      }
      if (ind.kind === "rubric") {
        const level = ind.levels.find((l) => l.level === value);
        if (!level) throw new ScoringInputError(`rubric level must be one of ${ind.levels.map((l) => l.level).join(", ")}, got ${value}`, { path: path() });
        values[code] = level.score;
      } else if (ind.kind === "binary") {
        if (value !== 0 && value !== 1) throw new ScoringInputError(`expected 0 (no) or 1 (yes), got ${value}`, { path: path() });
        const scores = ind.scores ?? { no: 0, yes: 100 };
        values[code] = value === 1 ? scores.yes : scores.no;
      } else values[code] = value;
    }
    return { code: unit.code, name: unit.name, values };
  });
}
