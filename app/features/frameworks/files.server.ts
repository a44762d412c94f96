import ExcelJS from "exceljs";
import { canonicalJson, type Framework, frameworkProblems, frameworkToIMeta, frameworkToSheets, iMetaToFramework, pathText, sheetsToFramework, type Sheet, type SheetProblem } from "../../../indicators";
import { cellPlain, readSpreadsheetFile } from "../../platform/spreadsheet-file.server";
import type { Problem } from "../i18n/index.server";

import type { FrameworkFormat } from "./formats";

/** A framework version as a download in one of the three formats. */
export async function exportFramework(framework: Framework, format: FrameworkFormat): Promise<{ body: Uint8Array; contentType: string; filename: string }> {
  const base = `${framework.id}@${framework.version}`;
  if (format === "json") return { body: Buffer.from(`${JSON.stringify(framework, null, 2)}\n`, "utf8"), contentType: "application/json; charset=utf-8", filename: `${base}.json` };
  if (format === "imeta") return { body: Buffer.from(`\ufeff${frameworkToIMeta(framework)}`, "utf8"), contentType: "text/csv; charset=utf-8", filename: `${base}-iMeta.csv` };
  const workbook = new ExcelJS.Workbook();
  for (const sheet of frameworkToSheets(framework)) {
    const ws = workbook.addWorksheet(sheet.name);
    ws.addRows(sheet.rows);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
  }
  return { body: new Uint8Array(await workbook.xlsx.writeBuffer()), contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename: `${base}.xlsx` };
}

/** A problem of an imported file, located as precisely as its format allows. */
export type FrameworkFileProblem = { file: Problem } | SheetProblem;

const WORKBOOK_MAX_ROWS = 5000;

/**
 * A framework from an uploaded file, whatever its format: XLSX by content, else JSON when it
 * parses as an object, else a COINr iMeta CSV. Every problem is reported with where it is; nothing
 * is returned unless the whole file is good.
 */
export async function readFrameworkFile(bytes: Uint8Array, name: string, meta: { id: string; version: string }): Promise<{ framework: Framework } | { problems: FrameworkFileProblem[] }> {
  const read = await readSpreadsheetFile(bytes);
  if ("problem" in read) return { problems: [{ file: read.problem }] };
  if ("workbook" in read) {
    const sheets: Sheet[] = [];
    let rows = 0;
    for (const ws of read.workbook.worksheets) {
      const sheet: Sheet = { name: ws.name, rows: [] };
      ws.eachRow({ includeEmpty: true }, (row, n) => {
        sheet.rows[n - 1] = (row.values as ExcelJS.CellValue[]).slice(1).map(cellPlain);
      });
      sheet.rows = Array.from(sheet.rows, (r) => r ?? []);
      rows += sheet.rows.length;
      sheets.push(sheet);
    }
    if (rows > WORKBOOK_MAX_ROWS) return { problems: [{ file: { key: "p_importTooManyRows", vars: { rows, max: WORKBOOK_MAX_ROWS } } }] };
    const result = sheetsToFramework(sheets);
    return result.framework ? { framework: result.framework } : { problems: result.problems };
  }
  const text = read.text.trim();
  if (text.startsWith("{") || name.toLowerCase().endsWith(".json")) {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (e) {
      return { problems: [{ sheet: name, code: "badJson", path: [], vars: { detail: (e as Error).message }, message: (e as Error).message }] };
    }
    const problems = frameworkProblems(document);
    if (problems.length) return { problems: problems.map((p) => ({ ...p, sheet: name, column: pathText(p.path) })) };
    return { framework: JSON.parse(canonicalJson(document)) as Framework };
  }
  const result = iMetaToFramework(text, { ...meta, file: name });
  return result.framework ? { framework: result.framework } : { problems: result.problems };
}
