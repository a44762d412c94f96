import ExcelJS from "exceljs";
import { viewRank, viewScore, type RankingQuery, type RankingRow } from "./ranking-query";
import { neutraliseFormula } from "../../platform/spreadsheet-cells";
import { makeT, type Locale, localName, localText, placeName, termKey } from "../i18n/index.server";

type Cell = string | number | null;

/** The ranking as it is on screen (same filter and order), as a header row and value rows. */
export function rankingSheet(rows: readonly RankingRow[], dimensions: { code: string; name: { zh: string; en: string } }[], query: RankingQuery, locale: Locale) {
  const t = makeT(locale);
  const view = query.view === "overall" ? t("viewOverall") : t(`view_${query.view}`);
  const header = [
    t("rank"),
    t("divisionCode"),
    t("city"),
    t("province"),
    t("region"),
    t("tier"),
    t("population"),
    t("submissionStatus"),
    view,
    ...dimensions.map((d) => `${d.code} ${localText(locale, d.name)}`),
    t("view_citizen-engagement"),
    t("view_data-silos"),
    t("view_operability"),
    t("coverage"),
  ];
  const body: Cell[][] = rows.map((r) => [
    viewRank(r, query.view),
    r.code,
    localName(locale, r.name, r.nameEn),
    placeName(locale, r.province),
    r.region,
    placeName(locale, r.tier),
    r.population,
    t(termKey("subStatus", r.status)),
    viewScore(r, query.view),
    ...dimensions.map((d) => r.dimensions[d.code] ?? null),
    r.concerns["citizen-engagement"],
    r.concerns["data-silos"],
    r.concerns.operability,
    r.coverage,
  ]);
  return { header, body, scoreColumns: [8, ...dimensions.map((_, i) => 9 + i), 9 + dimensions.length, 10 + dimensions.length, 11 + dimensions.length] };
}

/** Text cells as a spreadsheet must show them, never as a formula; numbers stay numbers. */
const safeCell = (v: Cell): Cell => (typeof v === "string" ? neutraliseFormula(v) : v);

const csvCell = (v: Cell) => {
  if (v === null) return "";
  const s = typeof v === "number" ? String(v) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV in UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly. */
export function toCsv(sheet: ReturnType<typeof rankingSheet>): Uint8Array {
  const lines = [sheet.header, ...sheet.body].map((row) => row.map((v) => csvCell(safeCell(v))).join(","));
  return new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
}

/** XLSX with numbers as numbers (shown to one decimal, as on screen) and a frozen header row. */
export async function toXlsx(sheet: ReturnType<typeof rankingSheet>, title: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Zhiping";
  const ws = workbook.addWorksheet(title.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(sheet.header).font = { bold: true };
  for (const row of sheet.body) ws.addRow(row.map((v) => (v === null ? "" : safeCell(v))));
  for (const c of sheet.scoreColumns) ws.getColumn(c + 1).numFmt = "0.0";
  ws.getColumn(sheet.header.length).numFmt = "0%";
  ws.columns.forEach((col) => (col.width = 14));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
