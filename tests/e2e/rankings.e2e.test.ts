import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { browserSuite, hasChromium } from "./server";

describe.runIf(hasChromium || process.env.CI)("in a real browser: rankings for the ministry", () => {
  const suite = browserSuite();

  it("sorts, filters, opens a city profile, compares three cities and exports the XLSX it sees", async () => {
    const page = await suite.signIn("ministry.analyst@zhiping.demo");
    await page.goto(`${suite.server.url}/campaigns/pilot-2026`);
    await page.getByRole("link", { name: "排名", exact: true }).click();
    await page.waitForURL(/\/ranking/);
    const table = page.locator("table.ranking");
    await expect.poll(() => table.locator("tbody tr").count()).toBeGreaterThan(7);

    // Sort by the data-sharing dimension, descending (keyboard: focus the header button, Enter twice).
    const dsHeader = table.getByRole("button", { name: /^DS/ });
    await dsHeader.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/sort=DS%3Aasc|sort=DS:asc/);
    // The URL changes a moment before React renders the new sort; the next press must see it.
    await expect.poll(() => table.locator("th[aria-sort=ascending]").count()).toBe(1);
    await table.getByRole("button", { name: /^DS/ }).press("Enter");
    await page.waitForURL(/sort=DS%3Adesc|sort=DS:desc/);
    await expect.poll(() => table.locator("th[aria-sort=descending]").count()).toBe(1);

    // Filter: signed-off cities only.
    await page.locator("select[name=status]").selectOption("signed_off");
    await page.getByRole("button", { name: "筛选" }).click();
    await page.waitForURL(/status=signed_off/);
    await expect.poll(() => page.getByText("共 8 个城市").count()).toBe(1);
    const screenRows = await table.locator("tbody tr:not([aria-hidden])").evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent?.trim() ?? "")),
    );
    expect(screenRows).toHaveLength(8);
    const dsIndex = await table.locator("thead th").evaluateAll((ths) => ths.findIndex((th) => th.textContent?.startsWith("DS")));
    const ds = screenRows.map((r) => Number(r[dsIndex]));
    expect(ds).toEqual([...ds].sort((a, b) => b - a));

    // Export what is on screen and compare the numbers.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 XLSX" }).click()]);
    const file = join(mkdtempSync(join(tmpdir(), "zhiping-xlsx-")), "ranking.xlsx");
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const xlsxDs = header.findIndex((h) => h.startsWith("DS"));
    const xlsxCode = header.indexOf("行政区划代码");
    const codeIndex = await table.locator("thead th").evaluateAll((ths) => ths.findIndex((th) => th.textContent?.startsWith("行政区划代码")));
    screenRows.forEach((row, i) => {
      const cells = (sheet.getRow(i + 2).values as unknown[]).slice(1);
      expect(cells[xlsxCode]).toBe(row[codeIndex]);
      expect((cells[xlsxDs] as number).toFixed(1)).toBe(row[dsIndex]);
    });

    // Compare three cities.
    const boxes = table.locator('tbody input[type="checkbox"]');
    for (const i of [0, 1, 2]) await boxes.nth(i).check();
    await page.getByRole("button", { name: "对比所选城市" }).click();
    await page.waitForURL(/\/compare\?c=/);
    await expect.poll(() => page.getByTestId("compare-table").locator("thead th").count()).toBe(4);
    await expect.poll(() => page.locator("[data-testid=compare-radar] canvas").count()).toBe(1);

    // A city profile, with its radar chart drawn.
    await page.goto(`${suite.server.url}/campaigns/pilot-2026/ranking`);
    await table.getByRole("link", { name: "杭州市" }).click();
    await page.waitForURL(/330100\/profile/);
    await expect.poll(() => page.getByTestId("profile-summary").innerText()).toContain("综合得分");
    const drawn = await page.locator("[data-testid=radar] canvas").evaluate((canvas: HTMLCanvasElement) => canvas.width > 0 && canvas.toDataURL().length > 5000);
    expect(drawn).toBe(true);
    await page.close();
  }, 120_000);
});
