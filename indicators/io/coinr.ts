import { ScoringInputError } from "../engine/errors";
import { findModelProblems } from "../engine/model";
import type { ScoreResult } from "../engine/score";
import type { ModelNode, ScoringModel, UnitInput } from "../engine/types";
import { formatCsv, formatNumber, parseCsv, type CsvRecord } from "./csv";

/** Columns of COINr's iMeta table that Zhiping reads; others are allowed and ignored. */
export const IMETA_COLUMNS = ["iCode", "iName", "Level", "Parent", "Weight", "Direction"] as const;

function header(records: CsvRecord[], file: string, required: readonly string[]): Map<string, number> {
  const first = records[0];
  if (!first) throw new ScoringInputError("file is empty; expected a header row", { file, line: 1 });
  const columns = new Map(first.fields.map((name, i) => [name.trim(), i]));
  for (const name of required)
    if (!columns.has(name))
      throw new ScoringInputError(`missing column "${name}"; the header must contain ${required.join(",")}`, { file, line: first.line });
  return columns;
}

function numberCell(text: string, where: { file: string; line: number; column: string }, what: string): number {
  const trimmed = text.trim();
  const value = trimmed === "" ? NaN : Number(trimmed);
  if (!Number.isFinite(value)) throw new ScoringInputError(`expected ${what}, got "${text}"`, where);
  return value;
}

export interface ParsedMeta {
  model: ScoringModel;
  names: Map<string, string>;
  /** 1-based line of each node, for error messages. */
  lines: number[];
}

/** Reads COINr's iMeta CSV into a validated scoring tree; every problem names its line and column. */
export function parseIMeta(text: string, file = "iMeta.csv", id = "imeta"): ParsedMeta {
  const records = parseCsv(text, file);
  const col = header(records, file, IMETA_COLUMNS);
  const nodes: ModelNode[] = [];
  const names = new Map<string, string>();
  const lines: number[] = [];
  for (const rec of records.slice(1)) {
    const cell = (name: string) => rec.fields[col.get(name)!] ?? "";
    const at = (column: string) => ({ file, line: rec.line, column });
    const code = cell("iCode").trim();
    const direction = numberCell(cell("Direction"), at("Direction"), "1 or -1");
    nodes.push({
      code,
      parent: cell("Parent").trim() || null,
      level: numberCell(cell("Level"), at("Level"), "a level number"),
      weight: numberCell(cell("Weight"), at("Weight"), "a weight > 0"),
      direction: direction as 1 | -1,
    });
    names.set(code, cell("iName"));
    lines.push(rec.line);
  }
  const problems = findModelProblems(nodes);
  if (problems.length) {
    const columnName: Record<string, string> = { code: "iCode", parent: "Parent", level: "Level", weight: "Weight", direction: "Direction" };
    const first = problems[0]!;
    const rest = problems.slice(1).map((p) => `\n${file}, line ${lines[p.index]}, column ${columnName[p.field] ?? p.field}: ${p.message}`);
    throw new ScoringInputError(first.message + rest.join(""), { file, line: lines[first.index], column: columnName[first.field] ?? first.field });
  }
  return { model: { id, nodes }, names, lines };
}

/** Reads COINr's iData CSV (uCode, uName, one column per indicator; empty = missing). */
export function parseIData(text: string, meta: ScoringModel, file = "iData.csv"): UnitInput[] {
  const records = parseCsv(text, file);
  const col = header(records, file, ["uCode"]);
  const levelOf = new Map(meta.nodes.map((n) => [n.code, n.level]));
  const headerLine = records[0]!.line;
  const indicatorColumns: [string, number][] = [];
  for (const [name, index] of col) {
    if (name === "uCode" || name === "uName") continue;
    const level = levelOf.get(name);
    if (level === undefined)
      throw new ScoringInputError(`"${name}" is not an indicator in the iMeta file`, { file, line: headerLine, column: `${index + 1} (${name})` });
    if (level !== 1)
      throw new ScoringInputError(`"${name}" is an aggregate (level ${level}), not an indicator`, { file, line: headerLine, column: `${index + 1} (${name})` });
    indicatorColumns.push([name, index]);
  }
  const width = records[0]!.fields.length;
  const seen = new Map<string, number>();
  return records.slice(1).map((rec) => {
    if (rec.fields.length !== width)
      throw new ScoringInputError(`expected ${width} fields as in the header, got ${rec.fields.length}`, { file, line: rec.line });
    const code = rec.fields[col.get("uCode")!]!.trim();
    if (!code) throw new ScoringInputError("uCode is empty", { file, line: rec.line, column: "uCode" });
    if (seen.has(code))
      throw new ScoringInputError(`duplicate uCode "${code}" (first on line ${seen.get(code)})`, { file, line: rec.line, column: "uCode" });
    seen.set(code, rec.line);
    const values: Record<string, number | null> = {};
    for (const [name, index] of indicatorColumns) {
      const text = rec.fields[index]!.trim();
      if (text === "" || text === "NA") values[name] = null;
      else values[name] = numberCell(text, { file, line: rec.line, column: `${index + 1} (${name})` }, "a number or an empty cell");
    }
    const nameIndex = col.get("uName");
    return { code, name: nameIndex === undefined ? undefined : rec.fields[nameIndex], values };
  });
}

/** COINr's iMeta CSV for a scoring tree (with optional display names). */
export function formatIMeta(model: ScoringModel, names: ReadonlyMap<string, string> = new Map()): string {
  return formatCsv([
    [...IMETA_COLUMNS],
    ...model.nodes.map((n) => [n.code, names.get(n.code) ?? n.code, String(n.level), n.parent ?? "", formatNumber(n.weight), String(n.direction)]),
  ]);
}

/** A result table in COINr's layout: uCode, then one column per node in model order. */
export function formatResultTable(result: ScoreResult, table: "scores" | "ranks"): string {
  const rows = result.unitCodes.map((code, u) => [
    code,
    ...result.nodeCodes.map((c) => {
      const v = result[table][c]![u]!;
      return table === "ranks" ? (v === 0 ? "" : String(v)) : formatNumber(v);
    }),
  ]);
  return formatCsv([["uCode", ...result.nodeCodes], ...rows]);
}
