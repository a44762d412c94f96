import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { browserSuite, hasChromium } from "./server";

describe.runIf(hasChromium || process.env.CI)("in a real browser: audit reports", () => {
  const suite = browserSuite();
  const dir = mkdtempSync(join(tmpdir(), "zhiping-downloads-"));

  it("a city downloads its audit report; the report verifies as genuine and an altered hash does not", async () => {
    const page = await suite.signIn("approver.330100@zhiping.demo");
    await page.goto(`${suite.server.url}/campaigns/pilot-2026/cities/330100`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "审计报告（PDF）" }).click()]);
    const file = join(dir, "hangzhou.pdf");
    await download.saveAs(file);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(text).toContain("杭州市");
    const url = /核验地址(http\S+?hash=[0-9a-f]{64})/.exec(text)![1]!;
    expect(url.startsWith(suite.server.url)).toBe(true);

    const anyone = await suite.browser.newPage();
    await anyone.goto(url);
    await expect.poll(() => anyone.getByTestId("verdict").getAttribute("data-genuine")).toBe("true");
    expect(await anyone.getByTestId("verdict").innerText()).toContain("真实");
    await anyone.goto(url.replace(/hash=([0-9a-f])/, (_, c: string) => `hash=${c === "0" ? "1" : "0"}`));
    await expect.poll(() => anyone.getByTestId("verdict").getAttribute("data-genuine")).toBe("false");
    await anyone.close();
    await page.close();
  }, 120_000);

  it("the ministry generates every report with a progress bar and downloads the ZIP", async () => {
    const page = await suite.signIn("ministry.admin@zhiping.demo");
    await page.goto(`${suite.server.url}/campaigns/pilot-2026`);
    await page.getByRole("link", { name: "评估报告", exact: true }).click();
    await page.getByRole("button", { name: "生成全部报告" }).click();
    await expect.poll(() => page.locator("progress").count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByTestId("batch-status").innerText(), { timeout: 60_000 }).toContain("已完成：9 份报告");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 ZIP" }).click()]);
    const file = join(dir, "reports.zip");
    await download.saveAs(file);
    const files = Object.keys(unzipSync(new Uint8Array(readFileSync(file))));
    expect(files).toHaveLength(9);
    expect(files).toContain("330100.pdf");
    expect(files).toContain("cohort.pdf");
    await page.close();
  }, 120_000);
});
