import ExcelJS from "exceljs";
import { unzipSync, zipSync } from "fflate";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUNDLED_FRAMEWORKS } from "../../indicators";
import { neutraliseFormula, restoreNeutralised } from "../../app/platform/spreadsheet-cells";
import { rankingSheet, toCsv, toXlsx } from "../../app/features/results/export.server";
import { readImportFile, templateCsv, templateRows, templateXlsx, validateImport } from "../../app/features/submissions/import.server";

const FORMULAS = ['=HYPERLINK("http://evil.example","点击")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];

describe("spreadsheet exports never carry a formula", () => {
  it("prefixes text that a spreadsheet would run, and the import takes the prefix off again", () => {
    for (const f of FORMULAS) expect(neutraliseFormula(f)).toBe(`'${f}`);
    expect(neutraliseFormula("杭州市")).toBe("杭州市");
    // Found by the property below: text that merely looks neutralised keeps its own apostrophe.
    for (const text of ["'@", "''=1", "'abc"]) expect(restoreNeutralised(neutraliseFormula(text))).toBe(text);
    fc.assert(fc.property(fc.string(), (text) => restoreNeutralised(neutraliseFormula(text)) === text), { numRuns: 2000 });
    fc.assert(fc.property(fc.stringMatching(/^'*[=+@-]?.{0,5}$/), (text) => restoreNeutralised(neutraliseFormula(text)) === text));
  });

  it("the ranking export writes a city renamed to a formula as text, in CSV and XLSX", async () => {
    const row = { code: "330100", name: FORMULAS[0]!, nameEn: null, province: "@evil", region: null, tier: null, population: 1, status: "signed_off", score: -1.5, rank: 1, coverage: 1, dimensions: {}, concerns: { "citizen-engagement": null, "data-silos": null, operability: null }, concernRanks: { "citizen-engagement": null, "data-silos": null, operability: null } };
    const sheet = rankingSheet([row], [], { view: "overall" } as never, "zh-CN");
    const csv = new TextDecoder().decode(toCsv(sheet));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(csv).toContain(",'@evil,");
    expect(csv).toContain(",-1.5,"); // numbers stay numbers
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(sheet, "t")).buffer as ArrayBuffer);
    const cells = workbook.worksheets[0]!.getRow(2).values as unknown[];
    expect(cells).toContain(`'${FORMULAS[0]}`);
    expect(cells).toContain(-1.5);
    expect(cells.some((c) => typeof c === "object" && c !== null && "formula" in c)).toBe(false);
  });

  it("the import template writes a narrative that starts like a formula as text and reads it back unchanged", async () => {
    const framework = BUNDLED_FRAMEWORKS[0]!;
    const [first] = templateRows(framework, {}, "zh-CN").slice(1);
    const code = first![0]!;
    const current = { [code]: { value: 1, narrative: "=cmd|' /C calc'!A0", dataSource: "-统计局", version: 3 } };
    const rows = templateRows(framework, current, "zh-CN");
    expect(rows[1]!.slice(4)).toEqual(["'=cmd|' /C calc'!A0", "'-统计局", "3"]);
    for (const bytes of [templateCsv(rows), await templateXlsx(rows)]) {
      const read = await readImportFile(new Uint8Array(bytes));
      if (!("rows" in read)) throw new Error(JSON.stringify(read));
      // Unchanged text is no change at all.
      expect(validateImport(framework, read.rows, current)).toMatchObject({ changes: [] });
    }
  });
});

describe("a workbook is unpacked within limits before it is parsed", () => {
  it("refuses a zip bomb from its declared sizes, a damaged workbook and too many rows, each with a reason", async () => {
    const framework = BUNDLED_FRAMEWORKS[0]!;
    const template = await templateXlsx(templateRows(framework, {}, "zh-CN"));
    const parts = unzipSync(new Uint8Array(template));
    // 64 MB of zeros compresses to a few dozen kilobytes.
    const bomb = zipSync({ ...parts, "xl/media/padding.bin": new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const refused = await readImportFile(bomb);
    expect(refused).toMatchObject({ problems: [{ row: 0, message: expect.stringContaining("larger than 20 MB") }] });

    const damaged = zipSync({ ...parts, "xl/worksheets/sheet1.xml": new TextEncoder().encode("<worksheet><sheetData><row") });
    expect(await readImportFile(damaged)).toMatchObject({ problems: [{ message: expect.stringMatching(/cannot be read|no worksheet/) }] });

    const long = await templateXlsx([["指标代码"], ...Array.from({ length: 2500 }, (_, k) => [`X${k}`])]);
    expect(await readImportFile(new Uint8Array(long))).toMatchObject({ problems: [{ message: expect.stringContaining("2501 rows") }] });
    // The template itself still reads.
    expect(await readImportFile(new Uint8Array(template))).toHaveProperty("rows");
  });
});
