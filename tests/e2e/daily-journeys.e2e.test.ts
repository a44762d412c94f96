import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { pdfText } from "../helpers/pdf-tools";
import { browserSuite, hasChromium } from "./server";

const HEFEI = "/campaigns/pilot-2026/cities/340100"; // a draft, half filled
const NANCHANG = "/campaigns/pilot-2026/cities/360100"; // returned for correction
const WUHAN = "/campaigns/pilot-2026/cities/420100"; // in review, twelve indicators decided

describe.runIf(hasChromium || process.env.CI)("in a real browser: the daily journeys, with nothing lost and nothing irreversible by accident", () => {
  const suite = browserSuite();
  async function as(email: string, path: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
    const page = await suite.signIn(email, viewport);
    await page.goto(`${suite.server.url}${path}`);
    return page;
  }
  const saved = async (page: Page, code: string) => {
    await page.reload();
    return page.locator(`[name="v:${code}"]`).inputValue();
  };

  it("typing then leaving at once saves first; autosave keeps the good fields beside a bad one; numbers typed with a Chinese IME are read", async () => {
    const editor = await as("editor.340100@zhiping.demo", HEFEI);
    // CE1.2 is empty in the demo draft: type and leave within the autosave delay.
    await editor.locator('[name="v:CE1.2"]').fill("42");
    await editor.getByRole("link", { name: "← 返回" }).click();
    await editor.waitForURL(/\/campaigns\/pilot-2026$/);
    await editor.goto(`${suite.server.url}${HEFEI}`);
    expect(await editor.locator('[name="v:CE1.2"]').inputValue()).toBe("42");

    // One unreadable field and one typed with full-width digits, a full-width point and a percent sign.
    await editor.locator('[name="v:CE2.1"]').fill("很高");
    await editor.locator('[name="v:CE2.2"]').fill("８７．５％");
    const bad = editor.locator('[name="v:CE2.1"]');
    await expect.poll(() => bad.getAttribute("aria-invalid"), { timeout: 20_000 }).toBe("true");
    const describedBy = (await bad.getAttribute("aria-describedby"))!.split(" ");
    expect(await editor.locator(`#${describedBy.at(-1)!.replace(/\./g, "\\.")}`).innerText()).toBe("应为数字，实际为“很高”");
    expect(await editor.getByRole("alert").first().innerText()).toContain("以下字段有误，未保存（其他修改已自动保存）");
    expect(await saved(editor, "CE2.2")).toBe("87.5");
    // An autosave warns of an out-of-range value as an explicit save does.
    await editor.locator('[name="v:OP1.1"]').fill("120");
    await expect.poll(() => editor.locator("main").innerText(), { timeout: 20_000 }).toMatch(/提示 OP1\.1: 超出预期范围 0–100 %/);
    expect(await editor.locator('[name="v:CE2.1"]').inputValue()).toBe("");

    // An absurd magnitude is refused with the range, next to its field, which gets the focus.
    await editor.locator('[name="v:CE1.1"]').fill("1e308");
    await editor.getByRole("button", { name: "保存草稿" }).click();
    await expect.poll(() => editor.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("v:CE1.1");
    expect(await editor.locator("#v-CE1\\.1-error").innerText()).toBe("数值远超可能范围，未保存；预期范围为 0–100 %");
    const box = (await editor.locator('[name="v:CE1.1"]').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(768 - (await editor.locator(".actions.card").boundingBox())!.height);
    await editor.close();
  }, 90_000);

  it("the editor tells the approver the submission is ready; the approver sees it on the page and by e-mail; submitting short of the framework is refused with what is missing", async () => {
    const editor = await as("editor.340100@zhiping.demo", HEFEI);
    expect(await editor.locator(".who-submits").innerText()).toContain("提交由本市审核人完成。");
    await editor.getByRole("button", { name: "告知审核人可以提交" }).click();
    await expect.poll(() => editor.getByTestId("save-outcome").innerText()).toBe("已告知本市审核人可以提交。");
    await editor.close();

    const approver = await as("approver.340100@zhiping.demo", HEFEI);
    expect(await approver.locator("main").innerText()).toMatch(/合肥市填报员 已于 .+ 告知：材料已可提交。/);
    await approver.getByRole("button", { name: "提交评估" }).click();
    const dialog = approver.getByRole("dialog", { name: "提交合肥市的评估材料？" });
    expect(await dialog.innerText()).toMatch(/已填 \d+ \/ 34 项指标（本框架要求至少 34 项）[\s\S]*尚有 \d+ 项指标未填[\s\S]*补齐以上内容后才能提交/);
    expect(await dialog.getByRole("button", { name: "确认提交" }).count()).toBe(0);
    await dialog.getByRole("button", { name: "关闭" }).click();
    expect(await approver.locator("main .badge").first().innerText()).toBe("草稿");
    await approver.close();

    const admin = await as("admin@zhiping.demo", "/admin/outbox");
    expect(await admin.locator("main").innerText()).toContain("【智评】合肥市的《2026年度智慧城市试点第三方评估》评估材料已可提交");
    await admin.close();
  }, 60_000);

  it("an old template imported after a colleague saved a newer value is refused by row, losing nothing; the dashboard and the page count the same things to fix, ticked off as fixed", async () => {
    const editor = await as("editor.360100@zhiping.demo", "/dashboard");
    expect(await editor.locator("main").innerText()).toContain("评估机构要求修改 2 项");
    await editor.goto(`${suite.server.url}${NANCHANG}`);
    const toFix = editor.getByRole("region", { name: /评估机构要求修改的事项（2 项）/ });
    expect(await toFix.innerText()).toContain("已修改 0 / 2 项");
    const [download] = await Promise.all([editor.waitForEvent("download"), editor.getByRole("link", { name: "下载 XLSX 模板" }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!).buffer as ArrayBuffer);

    const approver = await as("approver.360100@zhiping.demo", NANCHANG);
    await approver.locator('[name="v:CE2.1"]').fill("88");
    await approver.getByRole("button", { name: "保存草稿" }).click();
    await expect.poll(() => approver.getByTestId("save-outcome").innerText()).toBe("已保存 1 项。");
    await approver.close();

    const sheet = workbook.worksheets[0]!;
    const row = [...Array(sheet.rowCount).keys()].map((i) => i + 1).find((r) => sheet.getRow(r).getCell(1).value === "CE2.1")!;
    sheet.getRow(row).getCell(4).value = 61;
    await editor.getByLabel("导入文件").setInputFiles({ name: "南昌-旧模板.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
    await editor.getByRole("button", { name: "导入", exact: true }).click();
    const problems = editor.getByRole("alert").locator("tbody tr");
    await expect.poll(() => problems.count()).toBe(1);
    expect(await problems.first().innerText()).toMatch(new RegExp(`^${row}\\s+取值\\s+CE2\\.1 在您下载模板后已被南昌市审核人修改为 88`));
    expect(await saved(editor, "CE2.1")).toBe("88");
    // CE2.1 (returned) now changed: one of two ticked off.
    expect(await editor.getByRole("region", { name: /评估机构要求修改的事项/ }).innerText()).toMatch(/已修改 1 \/ 2 项[\s\S]*✓ 已修改\s+CE2\.1/);
    await editor.close();
  }, 60_000);

  it("a review of 36 indicators (two from the citizen survey): dimensions by keyboard, the rest accepted and the evidence judged in bulk, sign-off confirmed", async () => {
    const assessor = await as("assessor@huaxin.demo", WUHAN);
    await assessor.locator("h1").click();
    await assessor.keyboard.press("j");
    expect(await assessor.evaluate(() => document.activeElement?.id)).toBe("g-CE");
    await assessor.keyboard.press("j");
    expect(await assessor.evaluate(() => document.activeElement?.id)).toBe("g-DS");
    await assessor.keyboard.press("n");
    expect(await assessor.evaluate(() => document.activeElement?.getAttribute("name"))).toMatch(/^d:/);
    // The jump list reaches the buttons without 300 tab presses.
    await assessor.getByRole("link", { name: "跳到操作按钮" }).click();
    expect(await assessor.evaluate(() => location.hash)).toBe("#actions");

    const started = Date.now();
    let clicks = 0;
    const click = async (name: string) => {
      clicks += 1;
      await assessor.getByRole("button", { name, exact: true }).click();
    };
    await click("其余指标全部采纳");
    await click("未评定的证据全部评为充分");
    await click("保存评审");
    await expect.poll(() => assessor.getByTestId("save-outcome").innerText()).toBe("已保存评审（36 项）。");
    await assessor.close();
    const lead = await as("lead@huaxin.demo", WUHAN);
    await lead.getByRole("button", { name: "签发结果" }).click();
    clicks += 1;
    const dialog = lead.getByRole("dialog", { name: "签发武汉市的评估结果？" });
    expect(await dialog.innerText()).toContain("签发后结果将按已保存的评审计算并冻结，不能撤销。");
    await dialog.getByRole("button", { name: "确认签发" }).click();
    clicks += 1;
    await expect.poll(() => lead.getByTestId("save-outcome").innerText()).toBe("已签发，结果已冻结。");
    console.info(`review of 36 indicators: ${clicks} clicks, ${Date.now() - started} ms`);
    expect(clicks).toBe(5);
    await lead.close();
  }, 60_000);

  it("at phone width the form is a card per indicator, the org switcher and the ranking's score column stay reachable", async () => {
    const phone = { width: 390, height: 844 };
    const editor = await as("editor.340100@zhiping.demo", HEFEI, phone);
    const value = await editor.locator('[name="v:CE1.1"]').boundingBox();
    expect(value!.width).toBeGreaterThan(250);
    const label = await editor.locator('label[for="v-CE1.1"]').boundingBox();
    expect(label!.width).toBeGreaterThan(250);
    expect(await editor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await editor.locator('[name="v:CE1.2"]').fill("43");
    await editor.getByRole("button", { name: "保存草稿" }).click();
    await expect.poll(() => editor.getByTestId("save-outcome").innerText()).toContain("已保存");
    await editor.close();

    const expert = await as("expert@zhiping.demo", "/dashboard", phone);
    const switcher = expert.getByLabel("当前组织");
    await switcher.scrollIntoViewIfNeeded();
    expect(await switcher.isVisible()).toBe(true);
    await expert.close();

    const ministry = await as("ministry.analyst@zhiping.demo", "/campaigns/pilot-2026/ranking", phone);
    const score = ministry.locator("table.ranking thead th").filter({ hasText: /^综合/ }).first();
    await score.scrollIntoViewIfNeeded();
    const cell = await score.boundingBox();
    expect(cell!.x).toBeGreaterThanOrEqual(0);
    expect(cell!.x + cell!.width).toBeLessThanOrEqual(390);
    // The data-quality page: its tables scroll inside their frame, the page itself does not.
    await ministry.goto(`${suite.server.url}/campaigns/pilot-2026/quality`);
    expect(await ministry.getByTestId("quality-summary").innerText()).toMatch(/^自动核查共提示 \d+ 条/);
    expect(await ministry.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await ministry.close();
  }, 60_000);

  it("the ranking remembers hidden columns; the agreement panel shows a kappa on first start; charts name their tables", async () => {
    const ministry = await as("ministry.analyst@zhiping.demo", "/campaigns/pilot-2026/ranking");
    await ministry.locator("details.column-chooser summary").click();
    await ministry.locator("details.column-chooser").getByLabel("常住人口").uncheck();
    await ministry.reload();
    await ministry.locator("details.column-chooser summary").click();
    expect(await ministry.locator("details.column-chooser").getByLabel("常住人口").isChecked()).toBe(false);
    expect(await ministry.locator("table.ranking thead").innerText()).not.toContain("常住人口");

    await ministry.goto(`${suite.server.url}/campaigns/pilot-2026/cities/330100`);
    expect(await ministry.getByRole("region", { name: "两位评估方的一致性" }).innerText()).toMatch(/加权 Kappa（二次权重）：-?\d\.\d\d/);
    await ministry.goto(`${suite.server.url}/campaigns/pilot-2026/cities/330100/profile`);
    const summaries = await ministry.locator("figure.chart summary").allInnerTexts();
    expect(summaries.length).toBeGreaterThan(1);
    expect(summaries.every((s) => s.startsWith("表格："))).toBe(true);
    expect(new Set(summaries).size).toBe(summaries.length);
    await ministry.close();
  }, 60_000);

  it("publishing the ranking says who will see it and how many cities are ranked; a created organisation clears the form and says so beside the button", async () => {
    const ministry = await as("ministry.admin@zhiping.demo", "/campaigns/pilot-2026/ranking");
    await ministry.getByRole("button", { name: "向批次成员发布排名" }).click();
    const dialog = ministry.getByRole("dialog", { name: "公开排名？" });
    expect(await dialog.innerText()).toMatch(/已签发 \d+ \/ 12 个城市；未签发的城市不参与排名。[\s\S]*所有参评城市与评估机构都能看到/);
    await dialog.getByRole("button", { name: "确认公开" }).click();
    await expect.poll(() => ministry.getByRole("button", { name: "撤回发布" }).count()).toBe(1);
    await ministry.close();

    const admin = await as("admin@zhiping.demo", "/admin/organizations");
    await admin.getByLabel("组织名称", { exact: true }).fill("测试评估所");
    await admin.getByLabel("类型").selectOption("agency");
    await admin.getByLabel("首位管理员邮箱").fill("lead@ceshi.example");
    await admin.getByRole("button", { name: "创建组织" }).click();
    const notice = admin.locator("form.stack").getByRole("status");
    await expect.poll(() => notice.innerText()).toContain("测试评估所");
    expect(await admin.getByLabel("组织名称", { exact: true }).inputValue()).toBe("");
    // Read once the notice has settled in place (a revalidation re-renders it under load).
    await expect.poll(async () => {
      const box = await notice.boundingBox();
      return box ? box.y + box.height : Infinity;
    }).toBeLessThanOrEqual(768);
    await admin.close();
  }, 60_000);

  it("a platform admin onboards towns from a file at phone width: a bad file lists its problems by row, a good one is confirmed and created with visible progress", async () => {
    const admin = await as("admin@zhiping.demo", "/admin/organizations", { width: 390, height: 844 });
    await admin.getByRole("link", { name: "批量开通组织" }).click();
    await admin.waitForURL(/\/admin\/onboarding$/);
    const header = "类型,名称,行政区划代码,联系人邮箱";
    await admin.getByLabel("组织清单文件").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(`${header}\n试点城市,坏镇,99999,not-mail\n`) });
    await admin.getByRole("button", { name: "核查文件" }).click();
    const problems = admin.getByRole("alert");
    await expect.poll(() => problems.innerText()).toContain("文件有 2 处问题，未创建任何组织");
    expect(await problems.innerText()).toMatch(/2\s+行政区划代码\s+行政区划代码应为 6 位数字/);

    const good = [header, ...Array.from({ length: 40 }, (_, i) => `试点城市,手机镇${i},34${String(6000 + i)},town${i}@phone.example.cn`)].join("\n");
    await admin.getByLabel("组织清单文件").setInputFiles({ name: "towns.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
    await admin.getByRole("button", { name: "核查文件" }).click();
    await expect.poll(() => admin.getByRole("status").first().innerText()).toContain("将创建 40 个组织（试点城市 40），并发送 40 份管理员邀请");
    await admin.getByRole("button", { name: "确认创建" }).click();
    const dialog = admin.getByRole("dialog", { name: "创建 40 个组织？" });
    expect(await dialog.innerText()).toContain("组织创建后不能在此撤销");
    await dialog.getByRole("button", { name: "确认创建" }).click();
    await expect.poll(() => admin.getByTestId("onboarding-status").first().innerText(), { timeout: 30_000 }).toBe("已完成");
    expect(await admin.locator("main").innerText()).toContain("已创建 40/40");
    // Nothing wider than the phone.
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await admin.close();
  }, 90_000);

  it("a reader verifies a report at /verify with the ID as a PDF copy gives it; a mistyped ID is 'not found', not 'forged'", async () => {
    const ministry = await as("ministry.analyst@zhiping.demo", "/campaigns/pilot-2026/cities/330100");
    const response = await ministry.request.get(`${suite.server.url}/campaigns/pilot-2026/cities/330100/report`);
    const text = pdfText(new Uint8Array(await response.body())).replace(/\s+/g, "");
    const id = text.match(/ZP-330100-[0-9A-F]{12}/)![0];
    const hash = text.match(/SHA-256([0-9a-f]{64})/)![1]!;
    await ministry.close();

    const reader = await suite.browser.newPage({ viewport: { width: 390, height: 844 } });
    await reader.goto(`${suite.server.url}/verify`);
    await reader.getByLabel("报告编号").fill(`${id.slice(0, 10).toLowerCase()}\n${id.slice(10).toLowerCase()}`);
    await reader.getByLabel("计分结果 SHA-256").fill(`${hash.slice(0, 40)}\n${hash.slice(40)}`);
    await reader.getByRole("button", { name: "核验" }).click();
    await expect.poll(() => reader.getByTestId("verdict").innerText()).toContain("真实：该报告由智评平台生成");
    expect(reader.url()).toContain(`/verify/${id}?hash=${hash}`);

    const typo = `${id.slice(0, -1)}${id.endsWith("0") ? "1" : "0"}`;
    await reader.getByLabel("报告编号").fill(typo);
    await reader.getByRole("button", { name: "核验" }).click();
    await expect.poll(() => reader.getByTestId("verdict").innerText()).toBe("未找到该报告：报告编号与该计分结果不对应，请核对报告编号。若编号与哈希均与报告一致，该报告可能被篡改。");
    await reader.getByLabel("报告编号").fill("ZP-3301");
    await reader.getByRole("button", { name: "核验" }).click();
    await expect.poll(() => reader.getByTestId("verdict").innerText()).toContain("报告编号格式不对");
    await reader.close();
  }, 60_000);
});
