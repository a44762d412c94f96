import { pdfText } from "../helpers/pdf-tools";
import { describe, expect, it } from "vitest";
import { browserSuite, hasChromium } from "./server";

describe.runIf(hasChromium || process.env.CI)("in a real browser: how far a rank can be trusted", () => {
  const suite = browserSuite();

  it("the audit page renders its tables and conclusion, the ranking shows each rank's 90% range, the profile says it in words, the report has the section", async () => {
    const admin = await suite.signIn("ministry.admin@zhiping.demo");
    await admin.goto(`${suite.server.url}/campaigns/pilot-2026`);
    await admin.getByRole("link", { name: "方法学审计" }).click();
    // Computed in a worker after the first visit; the page updates itself.
    await expect.poll(() => admin.getByTestId("sensitivity-conclusion").count(), { timeout: 60_000 }).toBe(1);
    const text = await admin.locator("main").innerText();
    for (const heading of ["名次的可信范围", "排名对各项方法选择的敏感度", "统计一致性", "内部一致性（克朗巴赫 α）", "有效权重与名义权重", "逐一去掉维度"]) expect(text).toContain(heading);
    expect(await admin.getByTestId("sensitivity-conclusion").innerText()).toMatch(/^排名的变化主要来自“权重”。$|^排名受“.+”的影响远大于“.+”。$/);
    expect(await admin.getByTestId("sensitivity-chart").locator("canvas").count()).toBe(1);

    await admin.goto(`${suite.server.url}/campaigns/pilot-2026/ranking`);
    // The ranking table itself (the chart's table alternative has the column too).
    const ranking = admin.locator("table", { has: admin.locator("th", { hasText: "90% 范围" }) }).first();
    const column = await ranking.locator("thead th").evaluateAll((ths) => ths.findIndex((th) => th.textContent?.includes("90% 范围")));
    expect(column).toBeGreaterThan(0);
    const ranges = await ranking.locator("tbody tr").evaluateAll((rows, c) => rows.map((r) => r.children[c]?.textContent ?? ""), column);
    // Every ranked city has its range (a single place when every sampled method agrees).
    expect(ranges.length).toBeGreaterThan(0);
    for (const r of ranges) expect(r).toMatch(/^\d+(–\d+)?$|^—$/);
    expect(ranges.filter((r) => r !== "—").length).toBeGreaterThan(0);
    expect(await admin.locator("main").innerText()).toContain("范围重叠的城市，名次差别不应被视为有意义");
    expect(await admin.getByTestId("rank-range-chart").count()).toBe(1);

    await admin.goto(`${suite.server.url}/campaigns/pilot-2026/cities/330100/profile`);
    expect(await admin.getByTestId("rank-range").innerText()).toMatch(/^名列第 \d+；在 90% 的合理方法下位于第 \d+ 至第 \d+ 名之间。$/);

    const response = await admin.request.get(`${suite.server.url}/campaigns/pilot-2026/report`);
    expect(response.status()).toBe(200);
    const pdf = pdfText(new Uint8Array(await response.body())).replace(/\s+/g, "");
    expect(pdf).toContain("排名的不确定性");
    expect(pdf).toContain("90%范围");
    await admin.close();
  }, 120_000);
});
