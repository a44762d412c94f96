import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, hasChromium } from "./server";

const HEFEI = "/campaigns/pilot-2026/cities/340100"; // a draft, half filled

describe.runIf(hasChromium || process.env.CI)("in a real browser: campaigns and drafts", () => {
  const suite = browserSuite();
  const settle = (page: Page) => page.waitForLoadState("networkidle");

  const SECOND = "第二评估机构";

  it("a ministry admin creates a campaign, puts a city and its assessor in the cohort and opens it; the city then sees it", async () => {
    const admin = await suite.signIn("ministry.admin@zhiping.demo");
    await admin.getByRole("link", { name: "新建评估活动" }).click();
    await admin.getByLabel("活动地址（网址标识）").fill("pilot-e2e");
    await admin.getByLabel("聚合方法").selectOption("geometric");
    await admin.getByRole("button", { name: "创建活动" }).click();
    await admin.waitForURL(/\/campaigns\/pilot-e2e\/settings\?created=1$/);
    await expect.poll(() => admin.locator("main").innerText()).toContain("活动已创建");

    const add = admin.locator("form.inline-form");
    await add.getByLabel("城市", { exact: true }).selectOption({ label: "340100 合肥市" });
    await add.getByLabel("评估机构", { exact: true }).selectOption({ label: "中城智评研究院（演示）" });
    await add.getByLabel(SECOND, { exact: true }).selectOption({ label: "华信第三方评估中心（演示）" });
    await add.getByRole("button", { name: "保存", exact: true }).click();
    await settle(admin);
    await expect.poll(() => admin.locator("table.cohort-editor tbody").innerText()).toContain("合肥市");
    // The form starts afresh for the next city: the second assessor chosen for 合肥 is not carried over.
    expect(await add.getByLabel(SECOND, { exact: true }).inputValue()).toBe("");
    // Nobody in the city sees a draft.
    const early = await suite.signIn("editor.340100@zhiping.demo");
    expect(await early.locator("main").innerText()).not.toContain("pilot-e2e");
    expect((await early.goto(`${suite.server.url}/campaigns/pilot-e2e`))!.status()).toBe(403);

    await admin.getByRole("button", { name: "开启活动" }).click();
    const confirm = admin.getByRole("dialog", { name: "开启评估活动？" });
    expect(await confirm.innerText()).toMatch(/1 个参评城市与 2 家评估机构将看到本活动[\s\S]*随即冻结/);
    await confirm.getByRole("button", { name: "确认开启" }).click();
    await settle(admin);
    await expect.poll(() => admin.locator("main .badge").first().innerText()).toBe("进行中");
    const history = await admin.locator("section[aria-labelledby=history]").innerText();
    // Named in words, never as the audit trail's internal action codes or raw JSON.
    for (const action of ["创建评估活动", "加入城市", "开启评估活动"]) expect(history).toContain(action);
    expect(history).not.toMatch(/campaign\.created|cohort\.added|campaign\.opened|[{}"]/);

    await early.goto(`${suite.server.url}/campaigns/pilot-e2e/cities/340100`);
    expect(await early.locator("main .badge").first().innerText()).toBe("草稿");
    await admin.close();
    await early.close();
  });

  it("autosave keeps typing and focus, and two people on one value get a conflict showing both, never an overwrite", async () => {
    const editor = await suite.signIn("editor.340100@zhiping.demo");
    const approver = await suite.signIn("approver.340100@zhiping.demo");
    await editor.goto(`${suite.server.url}${HEFEI}`);
    await approver.goto(`${suite.server.url}${HEFEI}`);
    const name = (await editor.locator('input[name^="v:"]:not([disabled])').evaluateAll((els) => (els as HTMLInputElement[]).find((e) => !e.value)?.name))!;
    expect(name).toBeTruthy();
    const field = editor.locator(`[name="${name}"]`);
    await field.click();
    // Marks the element: an input re-mounted by the save would be a new one without the mark.
    await field.evaluate((e) => ((e as unknown as { marked: boolean }).marked = true));
    await editor.keyboard.type("4");
    await expect.poll(() => editor.locator(".autosave").innerText(), { timeout: 20_000 }).toContain("已自动保存");
    // Still focused on the same field after the save and the reload of the page's data.
    expect(await editor.evaluate(() => [(document.activeElement as HTMLInputElement).name, (document.activeElement as unknown as { marked?: boolean }).marked])).toEqual([name, true]);
    const first = await editor.locator(".autosave").innerText();
    await editor.keyboard.type("2");
    await expect.poll(() => field.inputValue()).toBe("42");
    // The second save is a new one (its time differs by the debounce at least).
    await expect.poll(() => editor.locator(".autosave").innerText(), { timeout: 20_000 }).toMatch(/^已自动保存/);
    await expect.poll(() => editor.locator(".autosave").innerText(), { timeout: 20_000 }).not.toBe(first);
    await expect.poll(() => editor.locator(".autosave").innerText(), { timeout: 20_000 }).toMatch(/^已自动保存/);
    await editor.reload();
    expect(await editor.locator(`[name="${name}"]`).inputValue()).toBe("42");

    // The approver's page still holds the value as it was before: its change conflicts.
    await approver.locator(`[name="${name}"]`).fill("77");
    await expect.poll(() => approver.getByRole("alert").first().innerText(), { timeout: 20_000 }).toContain("以下指标已被他人修改");
    const alert = await approver.getByRole("alert").first().innerText();
    expect(alert).toContain("42");
    expect(alert).toContain("77");
    expect(await approver.locator(".autosave").innerText()).toContain("自动保存已暂停");
    await editor.reload();
    expect(await editor.locator(`[name="${name}"]`).inputValue()).toBe("42");
    await editor.close();
    await approver.close();
  });
});
