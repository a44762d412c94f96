import { ScoringInputError } from "../engine/errors";
import { findModelProblems } from "../engine/model";
import type { ScoreResult } from "../engine/score";
import type { ModelNode, ScoringModel, UnitInput } from "../engine/types";
import { csvField, eachCsvRecord, formatCsv, formatNumber, parseCsv, textOfBytes, withoutUtf8Bom, type CsvRecord } from "./csv";
import { plainDecimal } from "./decimal";
import { writeNumber } from "./number-bytes";

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

/** The most bytes one table cell takes: "-0.000000" and 17 digits, or an exponent form, and a comma. */
const CELL_BYTES = 28;
const utf8 = new TextEncoder();

/** A code as a CSV field in UTF-8 at `at`; returns where it ends. */
function writeCode(code: string, out: Uint8Array, at: number): number {
  const field = csvField(code);
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c > 0x7f) return at + utf8.encodeInto(field, out.subarray(at)).written;
    out[at + i] = c;
  }
  return at + field.length;
}

/**
 * A result table in COINr's layout (uCode, then one column per node in model order) as UTF-8, in
 * chunks of about `chunkBytes`: a table of every town is written without ever being one string,
 * and its 1.5 million numbers without being strings at all. One buffer is reused, so a chunk holds
 * until the next one is asked for.
 */
export function* resultTableChunks(result: ScoreResult, table: "scores" | "ranks", chunkBytes = 1 << 20): Generator<Uint8Array> {
  const columns = result.nodeCodes.map((c) => result[table][c]!);
  let longestCode = 0;
  for (const codes of [result.nodeCodes, result.unitCodes]) for (const code of codes) longestCode = Math.max(longestCode, code.length);
  // A row never outgrows the buffer: a code takes at most 3 UTF-8 bytes per character, twice as many quoted.
  const codeBytes = 6 * longestCode + 6;
  const rowBytes = codeBytes + 1 + columns.length * Math.max(CELL_BYTES, codeBytes + 1);
  const out = new Uint8Array(Math.max(chunkBytes, rowBytes) + rowBytes);
  let at = writeCode("uCode", out, 0);
  for (const code of result.nodeCodes) {
    out[at++] = 44; // ,
    at = writeCode(code, out, at);
  }
  out[at++] = 10; // \n
  for (let u = 0; u < result.unitCodes.length; u++) {
    if (at + rowBytes > out.length) {
      yield out.subarray(0, at);
      at = 0;
    }
    at = writeCode(result.unitCodes[u]!, out, at);
    for (const column of columns) {
      out[at++] = 44;
      const v = column[u]!;
      // A rank of 0 is no rank: the cell stays empty.
      if (table === "scores" || v !== 0) at = writeNumber(v, out, at);
    }
    out[at++] = 10;
  }
  if (at > 0) yield out.subarray(0, at);
}

/** A whole result table as one text (see `resultTableChunks`). */
export function formatResultTable(result: ScoreResult, table: "scores" | "ranks"): string {
  const decoder = new TextDecoder();
  let text = "";
  for (const chunk of resultTableChunks(result, table)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
