import { describe, expect, it } from "vitest";
import { browserSuite, hasChromium } from "./server";

const ID = "city-pilot-e2e";
const REF = `${ID}@1.0.0`;

describe.runIf(hasChromium || process.env.CI)("in a real browser: the framework library", () => {
  const suite = browserSuite();

  it("a ministry admin copies the shared pilot framework, reweights citizen engagement, adds an indicator, publishes and runs a campaign on it; the diff shows exactly those changes", async () => {
    const admin = await suite.signIn("ministry.admin@zhiping.demo");
    await admin.getByRole("link", { name: "指标体系库" }).click();
    await admin.waitForURL(/\/frameworks$/);
    const shared = admin.locator("li.framework-entry", { hasText: "zhiping-pilot@1.2.0" });
    await shared.getByText("复制为本部门的指标体系").click();
    await shared.getByLabel("新指标体系标识").fill(ID);
    await shared.getByRole("button", { name: "复制" }).click();
    await admin.waitForURL(new RegExp(`/frameworks/${ID}/1\\.0\\.0\\?done=copied$`));
    await expect.poll(() => admin.locator("main h1").innerText()).toContain("草稿");

    await admin.getByRole("link", { name: "编辑草稿" }).click();
    await admin.waitForURL(/\/edit$/);
    const weight = admin.getByLabel("权重 CE", { exact: true });
    await weight.fill("30");
    // The preview follows the typing before anything is saved: CE's share of the index is 30 / 110.
    await expect.poll(() => admin.locator('tr[data-code="CE"]').innerText()).toContain("27.3%");
    await weight.fill("0");
    await expect.poll(() => admin.locator('tr[data-code="CE"]').innerText()).toContain("权重须为大于 0 的数字");
    await weight.fill("30");
    await admin.getByRole("button", { name: "保存权重" }).click();
    await expect.poll(() => admin.getByTestId("editor-outcome").innerText()).toBe("权重已保存。");

    const add = admin.locator("section", { hasText: "添加维度、分组或指标" });
    await add.getByLabel("上级").selectOption("CE1");
    await add.getByLabel("类型").selectOption("quantitative");
    await add.getByLabel("代码").fill("CE1.4");
    await add.getByLabel("名称（中文）").fill("市民提案采纳率");
    await add.getByLabel("名称（英文）").fill("Share of citizen proposals adopted");
    await add.getByRole("button", { name: "添加" }).click();
    await expect.poll(() => admin.getByTestId("editor-outcome").innerText()).toBe("已添加 CE1.4。");
    expect(await admin.locator('tr[data-code="CE1.4"]').innerText()).toContain("市民提案采纳率");

    // Citizens answer it instead: one five-point question, the mean, 120 responses per city.
    await admin.goto(`${suite.server.url}/frameworks/${ID}/1.0.0/edit?node=CE1.4`);
    const panel = admin.locator("#node-panel");
    await panel.getByText("市民调查设计").click();
    await panel.getByLabel("由市民调查得出（城市不填报，取调查估计值）").check();
    await panel.getByLabel("每个城市的最低样本量").fill("120");
    await panel.getByLabel("问题编号 1").fill("adopted");
    await panel.getByLabel("题型").first().selectOption("likert5");
    await panel.getByLabel("问题（中文）").first().fill("您的建议得到回应了吗？");
    await panel.getByLabel("问题（英文）").first().fill("Was your suggestion answered?");
    await panel.getByRole("button", { name: "保存", exact: true }).click();
    await expect.poll(() => admin.getByTestId("editor-outcome").innerText()).toBe("已保存 CE1.4。");
    await expect.poll(() => admin.locator("#node-panel details.survey-design").getAttribute("open")).not.toBeNull();
    expect(await admin.locator("#node-panel").getByLabel("问题编号 1").inputValue()).toBe("adopted");

    await admin.getByRole("link", { name: "发布此版本 →" }).click();
    await admin.waitForURL(new RegExp(`/frameworks/${ID}/1\\.0\\.0$`));
    await admin.getByRole("button", { name: "发布此版本" }).click();
    const dialog = admin.getByRole("dialog", { name: `发布 ${REF}？` });
    expect(await dialog.innerText()).toContain("发布后此版本将被冻结");
    await dialog.getByRole("button", { name: "确认发布" }).click();
    await admin.waitForURL(/\?done=published$/);
    expect(await admin.getByRole("status").innerText()).toMatch(/^已发布，内容哈希 [0-9a-f]{64}。$/);
    expect(await admin.getByRole("link", { name: "编辑草稿" }).count()).toBe(0);

    await admin.getByRole("button", { name: `对比 → ${REF}` }).click();
    await admin.waitForURL(/\/frameworks\/diff\?/);
    const sections = await admin.locator("[data-diff]").evaluateAll((els) => els.map((e) => e.getAttribute("data-diff")));
    expect(sections).toEqual(["added", "reweighted"]);
    expect(await admin.locator('[data-diff="added"] li').allInnerTexts()).toEqual(["CE1.4 市民提案采纳率"]);
    const reweighted = await admin.locator('[data-diff="reweighted"] tbody tr').allInnerTexts();
    expect(reweighted).toHaveLength(1);
    expect(reweighted[0]).toMatch(/CE 市民参与\s+20 → 30\s+20\.0% → 27\.3%\s+20\.0% → 27\.3%/);

    await admin.goto(`${suite.server.url}/campaigns/new`);
    await admin.getByLabel("活动地址（网址标识）").fill("pilot-fw-e2e");
    await admin.getByLabel("评估框架").selectOption(REF);
    await admin.getByRole("button", { name: "创建活动" }).click();
    await admin.waitForURL(/\/campaigns\/pilot-fw-e2e\/settings\?created=1$/);
    await admin.goto(`${suite.server.url}/frameworks/${ID}/1.0.0`);
    expect(await admin.locator("section", { hasText: "使用此版本的评估活动" }).innerText()).toContain("年度智慧城市试点第三方评估");
    await admin.close();
  }, 120_000);

  it("the library, a version and the editor fit a phone", async () => {
    const phone = await suite.signIn("ministry.admin@zhiping.demo", { width: 390, height: 844 });
    for (const path of ["/frameworks", "/frameworks/zhiping-pilot/1.0.0", "/frameworks/demo-ministry-pilot/1.0.0/edit", "/frameworks/demo-ministry-pilot/1.0.0/edit?node=CE1.1"]) {
      await phone.goto(`${suite.server.url}${path}`);
      // The survey design of a quantitative indicator, unfolded.
      if (path.endsWith("CE1.1")) await phone.getByText("市民调查设计").click();
      const overflow = await phone.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await phone.close();
  });
});
