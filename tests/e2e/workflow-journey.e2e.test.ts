import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import type { Page } from "playwright-core";
import { formatCsv, parseCsv } from "../../indicators/io/csv";
import { describe, expect, it } from "vitest";
import { browserSuite, hasChromium } from "./server";

const HEFEI = "/campaigns/pilot-2026/cities/340100"; // a draft, half filled, assessed by 中城智评

describe.runIf(hasChromium || process.env.CI)("in a real browser: the assessment journey for 合肥, bulk import for 南昌", () => {
  const suite = browserSuite();

  async function as(email: string, path = HEFEI): Promise<Page> {
    const page = await suite.signIn(email);
    await page.goto(`${suite.server.url}${path}`);
    return page;
  }
  const status = (page: Page) => page.locator("main .badge").first().innerText();
  const press = async (page: Page, name: string) => {
    await page.getByRole("button", { name }).click();
    await page.waitForLoadState("networkidle");
  };

  /** Links for every indicator that still lacks required evidence, posted as the evidence cell posts them. */
  async function attachMissingEvidence(page: Page, path: string) {
    const missing = await page.locator("[data-testid^=evidence-]").evaluateAll((cells) =>
      cells.filter((c) => c.querySelector("p.form-error")).map((c) => c.getAttribute("data-testid")!.slice("evidence-".length)),
    );
    expect(missing.length).toBeGreaterThan(0);
    for (const code of missing) {
      const response = await page.request.post(`${suite.server.url}${path}/evidence`, {
        headers: { origin: suite.server.url },
        multipart: { intent: "link", indicator: code, url: `https://data.example.gov.cn/340100/${code}`, title: `${code} 佐证材料` },
      });
      expect(response.status(), code).toBe(200);
    }
  }

  /** The city explains, one by one, every open warning the plausibility checks show on its page. */
  async function explainWarnings(page: Page) {
    const pending = page.locator("#quality-flags li.severity-warning").filter({ has: page.locator(".flag-status-open") }).filter({ has: page.getByRole("button", { name: "保存说明" }) });
    for (let left = await pending.count(); left > 0; left = await pending.count()) {
      const item = pending.first();
      await item.getByLabel("说明理由（评估机构可见）").fill("经核对原始台账，数据属实，口径说明已附。");
      await item.getByRole("button", { name: "保存说明" }).click();
      await expect.poll(() => pending.count(), { timeout: 30_000 }).toBeLessThan(left);
    }
  }

  it("editor completes the values, approver submits, assessor returns one, city fixes and resubmits, lead signs off, ministry sees the result", async () => {
    const editor = await as("editor.340100@zhiping.demo");
    expect(await status(editor)).toBe("草稿");
    // The served HTML is valid UTF-8 throughout: no NUL or replacement characters where a multi-byte
    // character met the renderer's buffer boundary (React 18's Node stream writer got this wrong).
    const raw = (await (await editor.request.get(editor.url(), { headers: { "accept-encoding": "identity" } })).body()).toString("utf8");
    expect(raw.length).toBeGreaterThan(100_000);
    expect(raw).not.toMatch(/[\u0000\ufffd]/);
    expect(await editor.locator("main").innerText()).toContain("已填 17 / 34 项指标，17 项缺少必需证据");
    // Each empty value at the middle of its expected range (shown under the indicator's name): plausible, so the checks flag only what is planted below.
    // Every value the city fills (the citizen-survey indicators are not the city's: their inputs are disabled).
    for (const input of await editor.locator('input[name^="v:"]:not([disabled])').all()) {
      if (await input.inputValue()) continue;
      const code = (await input.getAttribute("name"))!.slice(2);
      const range = /(-?[\d.]+)–(-?[\d.]+)/.exec(await editor.locator(`[id="u-${code}"]`).innerText());
      await input.fill(range ? String((Number(range[1]) + Number(range[2])) / 2) : "50");
    }
    for (const select of await editor.locator('select[name^="v:"]:not([disabled])').all()) if (!(await select.inputValue())) await select.selectOption({ index: 2 });
    // No department on the sharing platform, yet its catalogue is called: the framework's error rule.
    await editor.locator('[name="v:DS1.1"]').fill("0");
    const typed = await editor.locator('[name="v:CE1.2"]').inputValue();

    // Evidence for an indicator that has none, uploaded before the values are saved: nothing typed is lost.
    const cell = editor.getByTestId("evidence-CE1.2");
    await editor.getByLabel("CE1.2 证据文件").setInputFiles({ name: "合肥市民意见征集报告.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n") });
    await cell.getByRole("button", { name: "上传文件" }).click();
    await expect.poll(() => cell.innerText()).toContain("合肥市民意见征集报告.pdf");
    const exe = Buffer.alloc(512);
    exe.write("MZ", 0, "latin1");
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write("PE\0\0", 0x80, "latin1");
    await editor.getByLabel("CE1.2 证据文件").setInputFiles({ name: "问卷.pdf", mimeType: "application/pdf", buffer: exe });
    await cell.getByRole("button", { name: "上传文件" }).click();
    await expect.poll(() => cell.getByRole("alert").innerText()).toContain("application/x-msdownload");
    expect(await editor.locator('[name="v:CE1.2"]').inputValue()).toBe(typed);

    // The data source is the city's to name; the framework's expected source is the hint.
    const source = editor.getByLabel("CE1.2 数据来源");
    expect(await source.getAttribute("placeholder")).toMatch(/^数据来源：\S/);
    await source.fill("市大数据局 2026 年 6 月运营报表");
    // The data-quality declaration beside it: where the figure comes from and how it was obtained.
    await editor.getByLabel("CE1.2 来源类别").selectOption({ label: "业务系统" });
    await editor.getByLabel("CE1.2 质量等级").selectOption({ label: "实测" });
    await press(editor, "保存草稿");
    await expect.poll(() => editor.locator("main").innerText()).toContain("已填 34 / 34 项指标，16 项缺少必需证据");
    await editor.reload();
    expect(await editor.getByLabel("CE1.2 数据来源").inputValue()).toBe("市大数据局 2026 年 6 月运营报表");
    expect(await editor.getByLabel("CE1.2 来源类别").inputValue()).toBe("system");

    // The plausibility checks: the broken error rule, and warnings (values far from the cohort, large changes since 2025).
    const flags = editor.getByRole("region", { name: /数据核查提示/ });
    const ruleError = flags.locator("li.severity-error");
    expect(await ruleError.innerText()).toMatch(/错误[\s\S]*DS1\.2[\s\S]*没有部门接入共享平台时，共享目录不可能被调用[\s\S]*右边 = 0/);
    expect(await ruleError.getByRole("button", { name: "保存说明" }).count()).toBe(0);
    expect(await flags.locator("li.severity-warning").count()).toBeGreaterThan(0);
    // One warning explained now; the rest after the approver has seen what blocks the submission.
    const first = flags.locator("li.severity-warning").first();
    await first.getByLabel("说明理由（评估机构可见）").fill("本市统计口径包含区级平台，已附说明。");
    await first.getByRole("button", { name: "保存说明" }).click();
    await expect.poll(() => editor.getByTestId("save-outcome").innerText()).toBe("说明已保存。");
    await expect.poll(() => flags.locator("li.severity-warning").first().innerText()).toContain("本市统计口径包含区级平台，已附说明。");
    await editor.close();

    // The approver is told what is missing before anything is sent, and cannot send it yet.
    const approver = await as("approver.340100@zhiping.demo");
    await approver.getByRole("button", { name: "提交评估" }).click();
    const dialog = approver.getByRole("dialog", { name: "提交合肥市的评估材料？" });
    expect(await dialog.innerText()).toMatch(/已填 34 \/ 34 项指标[\s\S]*16 项指标缺少必需证据[\s\S]*2 项指标违反校验规则[\s\S]*DS1\.2[\s\S]*核查警告尚未说明理由/);
    expect(await dialog.getByRole("button", { name: "确认提交" }).count()).toBe(0);
    await dialog.getByRole("button", { name: "关闭" }).click();
    await attachMissingEvidence(approver, HEFEI);
    // The city fixes the error and explains the remaining warnings.
    await approver.reload();
    await approver.locator('[name="v:DS1.1"]').fill("60");
    await press(approver, "保存草稿");
    await expect.poll(() => approver.locator("#quality-flags li.severity-error").count()).toBe(0);
    await explainWarnings(approver);
    await approver.reload();
    await approver.getByRole("button", { name: "提交评估" }).click();
    expect(await dialog.innerText()).toContain("提交后，除非评估机构退回");
    await dialog.getByRole("button", { name: "确认提交" }).click();
    await expect.poll(() => status(approver)).toBe("已提交");
    expect(await approver.getByTestId("save-outcome").innerText()).toBe("已提交，评估机构已收到通知。");
    await approver.close();

    const assessor = await as("assessor@zhongcheng.demo");
    await press(assessor, "开始评审");
    await expect.poll(() => status(assessor)).toBe("评审中");
    // The assessor reads each flag with the city's explanation and the cohort's figures, and resolves one into the audit trail.
    const explained = assessor.locator("#quality-flags li").filter({ hasText: "本市统计口径包含区级平台，已附说明。" });
    expect(await explained.innerText()).toContain("城市已说明");
    await explained.getByLabel("理由成立（数值保留）").check();
    await explained.getByLabel("处理意见").fill("已核对区级平台台账，理由成立。");
    await explained.getByRole("button", { name: "记录处理" }).click();
    await expect.poll(() => assessor.locator("#quality-flags li").filter({ hasText: "已核对区级平台台账，理由成立。" }).innerText()).toMatch(/已处理[\s\S]*处理：理由成立（数值保留）/);
    await assessor.getByLabel("CE1.1 评审结论").selectOption("returned");
    await assessor.getByLabel("CE1.1 理由").fill("请补充征求意见的回应材料");
    expect(await assessor.getByLabel("CE1.1 评审结论").inputValue()).toBe("returned");
    await press(assessor, "退回修改");
    // On a loaded machine the answer can take a while; a refusal would show in the page's alert.
    await expect.poll(async () => `${await status(assessor)} ${await assessor.getByRole("alert").allInnerTexts()}`, { timeout: 60_000 }).toMatch(/^已退回/);
    await assessor.close();

    const editorAgain = await as("editor.340100@zhiping.demo");
    await expect.poll(() => editorAgain.locator("tr.returned").innerText()).toContain("请补充征求意见的回应材料");
    // The list of what to fix leads straight to the field.
    const toFix = editorAgain.getByRole("region", { name: /评估机构要求修改的事项/ });
    expect(await toFix.innerText()).toContain("CE1.1");
    await toFix.getByRole("link", { name: /CE1\.1/ }).click();
    await expect.poll(() => editorAgain.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("v:CE1.1");
    await editorAgain.keyboard.press("ControlOrMeta+A");
    await editorAgain.keyboard.type("66");
    await press(editorAgain, "保存草稿");
    await expect.poll(() => editorAgain.getByTestId("save-outcome").innerText()).toContain("已保存 1 项");
    // The list of what to fix ticks the item off.
    await expect.poll(() => toFix.innerText()).toMatch(/已修改 1 \/ 1 项[\s\S]*✓ 已修改\s+CE1\.1/);
    await editorAgain.close();

    const approverAgain = await as("approver.340100@zhiping.demo");
    await approverAgain.getByRole("button", { name: "重新提交" }).click();
    await approverAgain.getByRole("dialog").getByRole("button", { name: "确认重新提交" }).click();
    await expect.poll(() => status(approverAgain)).toBe("已重新提交");
    await approverAgain.close();

    const lead = await as("lead@zhongcheng.demo");
    // The lead reads what changed since the return before reviewing again.
    const diff = lead.getByRole("region", { name: /自上次退回以来的修改/ });
    const changed = diff.locator("tbody tr");
    await expect.poll(() => changed.count()).toBe(1);
    expect(await changed.innerText()).toMatch(/CE1\.1[\s\S]*66/);
    await press(lead, "开始评审");
    // Sign-off waits until the saved review accepts or adjusts every indicator and judges every piece of evidence.
    await lead.getByRole("button", { name: "签发结果" }).click();
    const signOffDialog = lead.getByRole("dialog", { name: "签发合肥市的评估结果？" });
    expect(await signOffDialog.innerText()).toMatch(/尚有 36 项指标未采纳或调整[\s\S]*份证据尚未评定/);
    expect(await signOffDialog.getByRole("button", { name: "确认签发" }).count()).toBe(0);
    await signOffDialog.getByRole("button", { name: "关闭" }).click();
    // Only what changed since the return, when asked.
    await lead.getByLabel("只看退回后修改或被退回的指标").check();
    expect(await lead.locator("table.indicator-table tbody tr:visible").count()).toBe(1);
    await lead.getByLabel("只看退回后修改或被退回的指标").uncheck();
    // A rubric indicator is adjusted by choosing one of its levels, shown with its descriptor.
    const rubricLevels = await lead.getByLabel("CE1.3 调整后数值").locator("option").allInnerTexts();
    expect(rubricLevels).toHaveLength(6);
    expect(rubricLevels[1]).toMatch(/^0 · \S/);
    // The fixed indicator by hand, the rest in four clicks: accept what is left, judge the evidence, save, sign off.
    await lead.getByLabel("CE1.1 评审结论").selectOption("accepted");
    await lead.getByRole("button", { name: "其余指标全部采纳" }).click();
    expect(await lead.getByRole("status").filter({ hasText: "设为“采纳”" }).innerText()).toContain("已将 35 项指标设为“采纳”");
    await lead.getByRole("button", { name: "未评定的证据全部评为充分" }).click();
    await press(lead, "保存评审");
    await expect.poll(() => lead.getByTestId("save-outcome").innerText()).toBe("已保存评审（36 项）。");
    await lead.getByRole("button", { name: "签发结果" }).click();
    await signOffDialog.getByRole("button", { name: "确认签发" }).click();
    await expect.poll(() => status(lead)).toBe("已签发");
    expect(await lead.getByTestId("save-outcome").innerText()).toBe("已签发，结果已冻结。");
    expect(await lead.locator("main").innerText()).toMatch(/综合得分: \d+\.\d\d/);
    await lead.close();

    const ministry = await as("ministry.analyst@zhiping.demo", "/campaigns/pilot-2026");
    const row = ministry.locator("tr", { hasText: "340100" });
    await expect.poll(() => row.innerText()).toContain("已签发");
    expect(await row.innerText()).toMatch(/\d+\.\d\d/);
    // Every number traces to a person: CE1.1's history, from the city's value to the return, the fix and the acceptance.
    await ministry.goto(`${suite.server.url}${HEFEI}`);
    await ministry.locator("tr", { hasText: "CE1.1" }).first().getByRole("link", { name: "变更记录" }).click();
    await ministry.waitForURL(/history=CE1\.1/);
    const history = ministry.locator("details.history[open] table.history tbody tr");
    await expect.poll(async () => (await history.allInnerTexts()).join("\n")).toContain("请补充征求意见的回应材料");
    const trail = (await history.allInnerTexts()).join("\n");
    expect((await history.allInnerTexts()).every((row) => row.includes("CE1.1"))).toBe(true);
    expect(trail).toMatch(/合肥市填报员[\s\S]*修改数值[\s\S]*66/);
    expect(trail).toContain("采纳");
    await ministry.close();
  }, 120_000);

  it("南昌's editor downloads the CSV template, gets every problem of a bad file by row and column, then imports a GBK file", async () => {
    const editor = await as("editor.360100@zhiping.demo", "/campaigns/pilot-2026/cities/360100");
    const [download] = await Promise.all([editor.waitForEvent("download"), editor.getByRole("link", { name: "下载 CSV 模板" }).click()]);
    const template = parseCsv(readFileSync((await download.path())!, "utf8").replace(/^\ufeff/, ""));
    const [header, ...rows] = template.map((r) => r.fields);
    expect(header).toEqual(["指标代码", "指标名称", "单位", "取值", "说明", "数据来源", "版本（请勿修改）"]);
    const row = (code: string, value: string) => rows.find((r) => r[0] === code)!.map((cell, i) => (i === 3 ? value : cell));
    const before = await editor.locator('[name="v:CE2.1"]').inputValue();
    const upload = async (name: string, bytes: Buffer) => {
      await editor.getByLabel("导入文件").setInputFiles({ name, mimeType: "text/csv", buffer: bytes });
      await editor.getByRole("button", { name: "导入", exact: true }).click();
    };

    await upload("南昌.csv", Buffer.from(formatCsv([header!, row("CE2.1", "很高"), row("CE2.2", "80"), row("CE2.2", "81")]), "utf8"));
    const problems = editor.getByRole("alert").locator("tbody tr");
    await expect.poll(() => problems.count()).toBe(2);
    expect(await problems.nth(0).innerText()).toMatch(/^2\s+取值\s+CE2\.1 的取值应为数字，实际为“很高”/);
    expect(await problems.nth(1).innerText()).toMatch(/^4\s+指标代码\s+CE2\.2 重复出现（首次在第 3 行）/);
    expect(await editor.locator('[name="v:CE2.1"]').inputValue()).toBe(before);

    await upload("南昌-GBK.csv", iconv.encode(formatCsv([header!, row("CE2.1", "77.5")]), "gbk"));
    await expect.poll(() => editor.getByRole("status").first().innerText()).toContain("已导入 1 项");
    await expect.poll(() => editor.locator('[name="v:CE2.1"]').inputValue()).toBe("77.5");
    await editor.close();
  }, 60_000);
});
