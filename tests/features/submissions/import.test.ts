import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { indicatorValue } from "../../../db/schema";
import * as importRoute from "../../../app/routes/campaigns.$slug.cities.$code.import";
import * as localeRoute from "../../../app/routes/settings.locale";
import * as pageRoute from "../../../app/routes/campaigns.$slug.cities.$code._index/route";
import { signIn, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

const HZ = { slug: "pilot-2026", code: "330100" };
const path = "/campaigns/pilot-2026/cities/330100/import";
const HEADER = "指标代码,指标名称,单位,取值,说明,数据来源,版本（请勿修改）";

const file = (bytes: Uint8Array<ArrayBuffer>, name: string) => {
  const body = new FormData();
  body.set("file", new File([bytes], name));
  return body;
};
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
type Problems = { ok: false; problems: { row: number; column: string; message: string }[] };

describe.each(DRIVERS)("bulk import on %s", (driver) => {
  const database = useApp(driver);
  const values = () => database.db.select().from(indicatorValue);

  it("offers the template as CSV (UTF-8 with BOM) and XLSX, one row per indicator", async () => {
    const editor = await signIn("editor.330100@zhiping.demo");
    const csv = await editor.load(importRoute, `${path}?format=csv`, HZ);
    const bytes = new Uint8Array(await csv.response!.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split("\r\n");
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(35);
    const xlsx = await editor.load(importRoute, `${path}?format=xlsx`, HZ);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.response!.arrayBuffer()) as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(35);
    expect((await editor.load(importRoute, `${path}?format=pdf`, HZ)).status).toBe(400);
  });

  it("reports every problem by row and column and imports nothing until the file is clean", async () => {
    const editor = await signIn("editor.330100@zhiping.demo");
    const send = (bytes: Uint8Array<ArrayBuffer>, name = "import.csv") => editor.send(importRoute, path, file(bytes, name), HZ);

    const wrongHeader = await send(utf8("代码,名称,单位,取值,说明,数据来源,版本（请勿修改）\r\nCE1.1,,,50,,\r\n"));
    expect(wrongHeader.status).toBe(400);
    expect((wrongHeader.body as Problems).problems).toEqual([
      { row: 1, column: "指标代码", message: "表头第 1 列应为“指标代码”（或“Indicator code”），实际为“代码”" },
      { row: 1, column: "指标名称", message: "表头第 2 列应为“指标名称”（或“Indicator”），实际为“名称”" },
    ]);

    const badFile = utf8(`${HEADER}\r\nCE1.1,,,55,,\r\nCE1.2,,,many,,\r\nCE1.1,,,60,,\r\nXX9.9,,,1,,\r\nCE1.3,,,7,,\r\nCE2.2,,,1e308,,\r\nCE2.3,,,50,,,v2\r\n`);
    const bad = await send(badFile);
    expect(bad.status).toBe(400);
    expect((bad.body as Problems).problems).toEqual([
      { row: 3, column: "取值", message: "CE1.2 的取值应为数字，实际为“many”" },
      { row: 4, column: "指标代码", message: "CE1.1 重复出现（首次在第 2 行）" },
      { row: 5, column: "指标代码", message: "“XX9.9”不是评估框架 zhiping-pilot@1.2.0 的指标" },
      { row: 6, column: "取值", message: "CE1.3：应为等级之一：0, 1, 2, 3, 4" },
      { row: 7, column: "取值", message: expect.stringMatching(/^CE2\.2：数值远超可能范围，未保存；预期范围为 \d+–\d+ /) },
      { row: 8, column: "版本（请勿修改）", message: "CE2.3 的版本应为模板中的整数，实际为“v2”；请勿修改此列" },
    ]);

    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\nCE1.1,,,55,,\r\n`, "utf16le")]));
    const encoding = await send(utf16);
    expect((encoding.body as Problems).problems[0]!.message).toMatch(/不是 UTF-8 或 GBK 文本（看起来是 UTF-16）/);
    const pdf = await send(utf8("%PDF-1.4\n%%EOF\n"), "values.pdf");
    expect((pdf.body as Problems).problems[0]!.message).toBe("按文件内容识别，该文件是 application/pdf；请上传 CSV 或 XLSX 模板。");

    // The same problems for someone reading in English, under the English headers.
    expect((await editor.act(localeRoute, "/settings/locale", { locale: "en" })).status).toBe(302);
    expect(((await send(badFile)).body as Problems).problems).toEqual([
      { row: 3, column: "Value", message: "expected a number for CE1.2, got “many”" },
      { row: 4, column: "Indicator code", message: "CE1.1 appears again (first on row 2)" },
      { row: 5, column: "Indicator code", message: "“XX9.9” is not an indicator of zhiping-pilot@1.2.0" },
      { row: 6, column: "Value", message: "CE1.3: expected a rubric level: 0, 1, 2, 3, 4" },
      { row: 7, column: "Value", message: expect.stringMatching(/^CE2\.2: far beyond any possible value, not saved; the expected range is \d+–\d+ /) },
      { row: 8, column: "Version (do not edit)", message: expect.stringContaining("the version of CE2.3 must be the whole number from the template") },
    ]);
    expect((await editor.act(localeRoute, "/settings/locale", { locale: "zh-CN" })).status).toBe(302);
    expect(await values()).toHaveLength(0);
  });

  it("imports a GBK CSV from Excel and an XLSX, recording each change", async () => {
    const editor = await signIn("editor.330100@zhiping.demo");
    // As typed with a Chinese IME: thousands separators, full-width digits and a percent sign.
    const gbk = new Uint8Array(iconv.encode(`${HEADER}\r\nCE1.1,线上参与,%,"1,050",市民热线统计,12345 热线,0\r\nCE1.2,,,,,\r\nCE2.2,,,６５．５％,,,0\r\n`, "gbk"));
    const imported = await editor.send(importRoute, path, file(gbk, "导入.csv"), HZ);
    expect(imported).toMatchObject({ status: 200, body: { ok: true, saved: 2 } });
    expect(await values()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ indicatorCode: "CE1.1", value: 1050, narrative: "市民热线统计", dataSource: "12345 热线", version: 1 }),
        expect.objectContaining({ indicatorCode: "CE2.2", value: 65.5, version: 1 }),
      ]),
    );

    const template = await editor.load(importRoute, `${path}?format=xlsx`, HZ);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await template.response!.arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).getCell(4).value).toBe("1050"); // pre-filled with what is saved
    sheet.getRow(2).getCell(4).value = 66;
    sheet.getRow(3).getCell(4).value = 12.5;
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await editor.send(importRoute, path, file(xlsx, "导入.xlsx"), HZ)).toMatchObject({ status: 200, body: { ok: true, saved: 2 } });
    const saved = Object.fromEntries((await values()).map((v) => [v.indicatorCode, v]));
    expect(saved["CE1.1"]).toMatchObject({ value: 66, version: 2, narrative: "市民热线统计" });
    expect(saved["CE1.2"]).toMatchObject({ value: 12.5, version: 1 });
  });

  it("an old template imported after someone saved a newer value is refused by row, changing nothing", async () => {
    const editor = await signIn("editor.330100@zhiping.demo");
    const template = await editor.load(importRoute, `${path}?format=xlsx`, HZ);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await template.response!.arrayBuffer()) as ArrayBuffer);
    // Meanwhile a colleague saves a newer CE1.1 on the page.
    const approver = await signIn("approver.330100@zhiping.demo");
    const [ce11] = (await values()).filter((v) => v.indicatorCode === "CE1.1");
    const colleague = await approver.act(pageRoute, "/campaigns/pilot-2026/cities/330100", { intent: "save", version: "0", "v:CE1.1": "70", "n:CE1.1": "按新口径", "b:CE1.1": String(ce11!.version) }, HZ);
    expect(colleague).toMatchObject({ status: 200, body: { saved: 1 } });
    const sheet = workbook.worksheets[0]!;
    sheet.getRow(2).getCell(4).value = 67;
    sheet.getRow(4).getCell(4).value = 3;
    const before = await values();
    const stale = await editor.send(importRoute, path, file(new Uint8Array(await workbook.xlsx.writeBuffer()), "旧模板.xlsx"), HZ);
    expect(stale).toMatchObject({ status: 409, body: { ok: false, problems: [{ row: 2, column: "取值", message: expect.stringMatching(/^CE1\.1 在您下载模板后已被杭州市审核人修改为 70（.+）；未导入任何数据/) }] } });
    expect(await values()).toEqual(before);
    expect((await values()).find((v) => v.indicatorCode === "CE1.1")).toMatchObject({ value: 70, narrative: "按新口径" });
  });

  it("only the city's editors download templates and import", async () => {
    for (const email of ["editor.640100@zhiping.demo", "assessor@huaxin.demo", "ministry.admin@zhiping.demo", "admin@zhiping.demo"]) {
      const client = await signIn(email);
      expect((await client.load(importRoute, `${path}?format=csv`, HZ)).status, email).toBe(403);
      expect((await client.send(importRoute, path, file(utf8(`${HEADER}\r\nCE1.1,,,1,,\r\n`), "x.csv"), HZ)).status, email).toBe(403);
    }
    expect((await values()).find((v) => v.indicatorCode === "CE1.1")!.value).toBe(70);
  });
});
