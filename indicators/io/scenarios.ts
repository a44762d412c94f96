import { ScoringInputError } from "../engine/errors";
import type { AggregateMethod, ScoringModel } from "../engine/types";
import type { Scenario } from "../audit/robustness";
import { parseCsv } from "./csv";

const METHODS: readonly AggregateMethod[] = ["arithmetic", "geometric", "harmonic"];

/**
 * A scenario file: `scenario,aggregate,<node code>…`, one row per scenario; `aggregate` applies
 * to every level, each node column is that node's weight (nodes without a column keep theirs).
 * Any problem stops the reading with its file, line and column.
 */
export function parseScenarios(text: string, model: ScoringModel, file = "scenarios.csv"): { ids: string[]; scenarios: Scenario[] } {
  const records = parseCsv(text, file);
  const head = records[0];
  if (!head) throw new ScoringInputError("file is empty; expected a header row", { file, line: 1 });
  const names = head.fields.map((f) => f.trim());
  if (names[0] !== "scenario" || names[1] !== "aggregate")
    throw new ScoringInputError(`the header must start with scenario,aggregate; got ${names.slice(0, 2).join(",")}`, { file, line: head.line });
  const known = new Map(model.nodes.map((n) => [n.code, n]));
  names.slice(2).forEach((code, i) => {
    if (!known.has(code)) throw new ScoringInputError(`"${code}" is not a node of the framework`, { file, line: head.line, column: `${i + 3} (${code})` });
    if (!known.get(code)!.parent) throw new ScoringInputError(`"${code}" is the top node: it has no weight to vary`, { file, line: head.line, column: `${i + 3} (${code})` });
  });
  const ids: string[] = [];
  const scenarios = records.slice(1).map((rec) => {
    if (rec.fields.length !== names.length) throw new ScoringInputError(`expected ${names.length} fields as in the header, got ${rec.fields.length}`, { file, line: rec.line });
    const aggregate = rec.fields[1]!.trim() as AggregateMethod;
    if (!METHODS.includes(aggregate)) throw new ScoringInputError(`expected one of ${METHODS.join("|")}, got "${rec.fields[1]}"`, { file, line: rec.line, column: "2 (aggregate)" });
    const weights: Record<string, number> = {};
    names.slice(2).forEach((code, i) => {
      const cell = rec.fields[i + 2]!.trim();
      const weight = cell === "" ? NaN : Number(cell);
      if (!(Number.isFinite(weight) && weight >= 0)) throw new ScoringInputError(`expected a weight ≥ 0, got "${cell}"`, { file, line: rec.line, column: `${i + 3} (${code})` });
      weights[code] = weight;
    });
    ids.push(rec.fields[0]!.trim());
    return { aggregate, weights, source: { file, line: rec.line } };
  });
  return { ids, scenarios };
}
