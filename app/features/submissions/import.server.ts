import ExcelJS from "exceljs";
import { frameworkIndicators, isSurveySourced, type Framework, formatCsv } from "../../../indicators";
import { invalidValue, type ValueChange, type ValueConflict } from "./values.server";
import { parseTypedNumber } from "../../platform/typed-number";
import type { Locale } from "../i18n/index.server";
import { problem, problemText, type Problem } from "../i18n/index.server";
import { readSheetRows } from "../../platform/spreadsheet-file.server";
import { neutraliseFormula, restoreNeutralised } from "../../platform/spreadsheet-cells";

/** The template's columns, in order; a file may use the Chinese or the English headers. */
export const IMPORT_COLUMNS = [
  { key: "code", zh: "指标代码", en: "Indicator code" },
  { key: "name", zh: "指标名称", en: "Indicator" },
  { key: "unit", zh: "单位", en: "Unit" },
  { key: "value", zh: "取值", en: "Value" },
  { key: "narrative", zh: "说明", en: "Narrative" },
  { key: "dataSource", zh: "数据来源", en: "Data source" },
  // The version each row was downloaded at: an import of an old file must not overwrite newer values.
  { key: "version", zh: "版本（请勿修改）", en: "Version (do not edit)" },
] as const;

type ColumnKey = (typeof IMPORT_COLUMNS)[number]["key"];
const VERSION_COLUMN = IMPORT_COLUMNS.find((c) => c.key === "version")!.zh;
export interface ImportProblem {
  /** 1-based row of the file (the header is row 1); 0 for the file as a whole. */
  row: number;
  /** The column's Chinese header, or an indicator code for problems found on saving; "" for the file as a whole. */
  column: string;
  /** In English; `problem` says it in the reader's language. */
  message: string;
  problem: Problem;
}
type Current = Record<string, { value: number | null; narrative: string; dataSource: string; version: number }>;

/** The template for a city: every indicator of the framework, with what the city has saved so far. */
export function templateRows(framework: Framework, current: Current, locale: "zh-CN" | "en"): string[][] {
  const lang = locale === "en" ? "en" : "zh";
  return [
    IMPORT_COLUMNS.map((c) => c[lang]),
    // Survey-sourced indicators are the citizens' answers, not the city's to fill: the template leaves them out.
    ...frameworkIndicators(framework).filter((ind) => !isSurveySourced(ind)).map((ind) => {
      const saved = current[ind.code];
      const value = saved?.value === null || saved?.value === undefined ? "" : String(saved.value);
      // Text a city wrote must open as text in the editor's spreadsheet, never run as a formula.
      return [ind.code, ind.name[lang], ind.unit[lang], value, neutraliseFormula(saved?.narrative ?? ""), neutraliseFormula(saved?.dataSource ?? ""), String(saved?.version ?? 0)];
    }),
  ];
}

/** CSV as Excel opens it: UTF-8 with a BOM, CRLF. */
export const templateCsv = (rows: string[][]) => Buffer.from(`\ufeff${formatCsv(rows).replace(/\n/g, "\r\n")}`, "utf8");

export async function templateXlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("indicators");
  sheet.addRows(rows);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((col, i) => (col.width = [12, 36, 16, 12, 40, 28, 16][i]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const importProblem = (row: number, column: string, p: Problem): ImportProblem => ({ row, column, message: problemText("en", p), problem: p });

/** The problems in the reader's language, columns under the headers of the reader's template. */
export function localizeImportProblems(locale: Locale, problems: ImportProblem[]) {
  return problems.map((p) => ({
    row: p.row,
    column: locale === "en" ? (IMPORT_COLUMNS.find((c) => c.zh === p.column)?.en ?? p.column) : p.column,
    message: problemText(locale, p.problem),
  }));
}
/** An import template has one row per indicator; a workbook far beyond that is not one. */
const IMPORT_MAX_ROWS = 2000;

/** The file's rows as text, XLSX recognised by its content, CSV otherwise. */
export async function readImportFile(bytes: Uint8Array): Promise<{ rows: string[][] } | { problems: ImportProblem[] }> {
  const read = await readSheetRows(bytes, { width: IMPORT_COLUMNS.length, maxRows: IMPORT_MAX_ROWS, tooMany: (rows) => problem("p_importTooManyRows", { rows, max: IMPORT_MAX_ROWS }) });
  return "problem" in read ? { problems: [importProblem(0, "", read.problem)] } : read;
}

/**
 * Checks every row against the template and the framework, reporting each problem by row and
 * column; only a file without problems yields changes.
 */
export function validateImport(framework: Framework, fileRows: string[][], current: Current): { changes: ValueChange[]; rows: Map<string, number> } | { problems: ImportProblem[] } {
  const [header = [], ...body] = fileRows;
  const rows = new Map<string, number>();
  const problems: ImportProblem[] = [];
  IMPORT_COLUMNS.forEach((c, i) => {
    const got = (header[i] ?? "").replace(/^\ufeff/, "");
    // A file from before templates carried versions: every row then counts as started from nothing,
    // so it cannot overwrite a saved value unnoticed (that is reported as a conflict).
    if (c.key === "version" && got === "") return;
    if (got !== c.zh && got !== c.en) problems.push(importProblem(1, c.zh, problem("p_importHeader", { n: i + 1, zh: c.zh, en: c.en, got })));
  });
  if (problems.length) return { problems };
  const indicators = new Map(frameworkIndicators(framework).map((i) => [i.code, i]));
  const seen = new Map<string, number>();
  const changes: ValueChange[] = [];
  body.forEach((cells, k) => {
    const row = k + 2;
    if (cells.every((c) => c === "")) return;
    const cell = (key: ColumnKey) => cells[IMPORT_COLUMNS.findIndex((c) => c.key === key)] ?? "";
    const code = cell("code");
    const ind = indicators.get(code);
    if (!ind) return void problems.push(importProblem(row, "指标代码", code ? problem("p_notAnIndicator", { code, framework: `${framework.id}@${framework.version}` }) : problem("p_importEmptyCode")));
    if (seen.has(code)) return void problems.push(importProblem(row, "指标代码", problem("p_importDuplicate", { code, first: seen.get(code)! })));
    seen.set(code, row);
    if (isSurveySourced(ind)) return void problems.push(importProblem(row, "指标代码", problem("p_surveySourced")));
    const value = parseTypedNumber(cell("value"));
    if (value === undefined) return void problems.push(importProblem(row, "取值", problem("p_importNotNumber", { code, got: cell("value") })));
    const baseVersion = cell("version") === "" ? 0 : Number(cell("version"));
    if (!Number.isSafeInteger(baseVersion) || baseVersion < 0) return void problems.push(importProblem(row, VERSION_COLUMN, problem("p_importBadVersion", { code, got: cell("version") })));
    const invalid = invalidValue(ind, value);
    if (invalid) return void problems.push(importProblem(row, "取值", problem("p_importInvalid", { code, detail: { problem: invalid } })));
    const before = current[code];
    const next = { value, narrative: restoreNeutralised(cell("narrative")), dataSource: restoreNeutralised(cell("dataSource")) };
    if (before && before.value === next.value && before.narrative === next.narrative && before.dataSource === next.dataSource) return;
    if (!before && next.value === null && !next.narrative && !next.dataSource) return;
    changes.push({ code, ...next, baseVersion });
    rows.set(code, row);
  });
  return problems.length ? { problems } : { changes, rows };
}

/** Values saved by someone else since the file was downloaded, by the file's row: nothing was imported. */
export const importConflictProblems = (conflicts: ValueConflict[], rows: Map<string, number>) =>
  conflicts.map((c) => importProblem(rows.get(c.code) ?? 0, "取值", problem("p_importStale", { code: c.code, by: c.theirs.by, at: { date: c.theirs.at }, value: String(c.theirs.value ?? "—") })));
