import { ScoringInputError } from "../engine/errors";
import { findModelProblems } from "../engine/model";
import type { ScoreResult } from "../engine/score";
import type { ModelNode, ScoringModel, UnitInput } from "../engine/types";
import { csvField, eachCsvRecord, formatCsv, formatNumber, parseCsv, textOfBytes, withoutUtf8Bom, type CsvRecord } from "./csv";
import { plainDecimal } from "./decimal";

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

/** An iData table as columns: what the engine scores, without one object per unit. */
export interface IDataColumns {
  unitCodes: string[];
  /** uName per unit, when the file has that column. */
  names: string[] | null;
  /** One column per indicator of the file, NaN for missing. */
  columns: Record<string, Float64Array>;
}

/** An upper bound on the records of a CSV text: its line breaks plus one. */
function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/**
 * Reads COINr's iData CSV (uCode, uName, one column per indicator; empty or NA = missing) straight
 * into columns; every problem names its line and column. `encoding: "utf8-bytes"` takes the file's
 * bytes one per character (see `textOfBytes`), which spares a large file's decoding.
 */
export function readIDataColumns(input: string, meta: ScoringModel, file = "iData.csv", encoding: "text" | "utf8-bytes" = "text"): IDataColumns {
  const bytes = encoding === "utf8-bytes";
  const text = bytes ? withoutUtf8Bom(input) : input;
  const asText = bytes ? textOfBytes : (field: string) => field;
  const levelOf = new Map(meta.nodes.map((n) => [n.code, n.level]));
  const capacity = lineCount(text);
  let width = -1;
  let codeAt = -1;
  let nameAt = -1;
  const indicatorColumns: { name: string; index: number; values: Float64Array }[] = [];
  const unitCodes: string[] = [];
  const names: string[] = [];
  const seen = new Map<string, number>();
  eachCsvRecord(text, file, (fields, line) => {
    if (width === -1) {
      const columns = header([{ line, fields: fields.map(asText) }], file, ["uCode"]);
      codeAt = columns.get("uCode")!;
      nameAt = columns.get("uName") ?? -1;
      for (const [name, index] of columns) {
        if (name === "uCode" || name === "uName") continue;
        const level = levelOf.get(name);
        if (level === undefined)
          throw new ScoringInputError(`"${name}" is not an indicator in the iMeta file`, { file, line, column: `${index + 1} (${name})` });
        if (level !== 1)
          throw new ScoringInputError(`"${name}" is an aggregate (level ${level}), not an indicator`, { file, line, column: `${index + 1} (${name})` });
        indicatorColumns.push({ name, index, values: new Float64Array(capacity) });
      }
      width = fields.length;
      return;
    }
    if (fields.length !== width) throw new ScoringInputError(`expected ${width} fields as in the header, got ${fields.length}`, { file, line });
    const code = asText(fields[codeAt]!).trim();
    if (!code) throw new ScoringInputError("uCode is empty", { file, line, column: "uCode" });
    const first = seen.get(code);
    if (first !== undefined) throw new ScoringInputError(`duplicate uCode "${code}" (first on line ${first})`, { file, line, column: "uCode" });
    seen.set(code, line);
    const u = unitCodes.length;
    unitCodes.push(code);
    if (nameAt !== -1) names.push(asText(fields[nameAt]!));
    for (const { name, index, values } of indicatorColumns) {
      const cell = fields[index]!;
      // Most cells are plain decimals; the rest (blank, NA, exponents, spaces, mistakes) take the
      // careful path, where Number("") would be 0.
      let value = plainDecimal(cell);
      if (value !== value) {
        const trimmed = asText(cell).trim();
        if (trimmed === "" || trimmed === "NA") value = NaN;
        else value = numberCell(trimmed, { file, line, column: `${index + 1} (${name})` }, "a number or an empty cell");
      }
      values[u] = value;
    }
  });
  if (width === -1) throw new ScoringInputError("file is empty; expected a header row", { file, line: 1 });
  return {
    unitCodes,
    names: nameAt === -1 ? null : names,
    columns: Object.fromEntries(indicatorColumns.map((c) => [c.name, c.values.subarray(0, unitCodes.length)])),
  };
}

/** Reads COINr's iData CSV into one object per unit (see `readIDataColumns`). */
export function parseIData(text: string, meta: ScoringModel, file = "iData.csv"): UnitInput[] {
  const { unitCodes, names, columns } = readIDataColumns(text, meta, file);
  const codes = Object.keys(columns);
  return unitCodes.map((code, u) => ({
    code,
    name: names ? names[u] : undefined,
    values: Object.fromEntries(codes.map((c) => [c, columns[c]![u] === columns[c]![u] ? columns[c]![u]! : null])),
  }));
}

/** COINr's iMeta CSV for a scoring tree (with optional display names). */
export function formatIMeta(model: ScoringModel, names: ReadonlyMap<string, string> = new Map()): string {
  return formatCsv([
    [...IMETA_COLUMNS],
    ...model.nodes.map((n) => [n.code, names.get(n.code) ?? n.code, String(n.level), n.parent ?? "", formatNumber(n.weight), String(n.direction)]),
  ]);
}

/**
 * A result table in COINr's layout (uCode, then one column per node in model order), in pieces of
 * about `pieceChars` characters: a table of every town is written without ever being one string.
 * `codeText` turns the codes into the text written (say, their UTF-8 bytes one per character).
 */
export function* resultTablePieces(result: ScoreResult, table: "scores" | "ranks", codeText: (code: string) => string = (code) => code, pieceChars = 1 << 20): Generator<string> {
  const columns = result.nodeCodes.map((c) => result[table][c]!);
  let piece = ["uCode", ...result.nodeCodes].map((code) => csvField(codeText(code))).join(",") + "\n";
  for (let u = 0; u < result.unitCodes.length; u++) {
    let row = csvField(codeText(result.unitCodes[u]!));
    for (const column of columns) {
      const v = column[u]!;
      row += table === "ranks" ? (v === 0 ? "," : `,${v}`) : `,${formatNumber(v)}`;
    }
    piece += `${row}\n`;
    if (piece.length >= pieceChars) {
      yield piece;
      piece = "";
    }
  }
  if (piece) yield piece;
}

/** A whole result table as one text (see `resultTablePieces`). */
export function formatResultTable(result: ScoreResult, table: "scores" | "ranks"): string {
  return [...resultTablePieces(result, table)].join("");
}
