import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoDeadlines } from "../../db/seed/demo-data";
import { formatDate } from "../../app/features/i18n/index.server";
import { browserSuite, hasChromium } from "./server";

// In CI, .ci/run installs Chromium, so a missing browser is a failure there, not a reason to skip.
describe.runIf(hasChromium || process.env.CI)("in a real browser: every demo role signs in to its own dashboard, in Chinese", () => {
  const suite = browserSuite();

  it("prints the URL and the demo logins on start", () => {
    expect(suite.server.output()).toContain("is running at");
    expect(suite.server.output()).toContain("ministry.admin@zhiping.demo");
    expect(suite.server.output()).toContain(DEMO_PASSWORD);
  });

  const roles: [string, string, string][] = [
    ["admin@zhiping.demo", "平台管理员", "组织管理"],
    ["ministry.admin@zhiping.demo", "主管部门管理员", "12 个城市参评"],
    ["ministry.analyst@zhiping.demo", "主管部门分析员", "12 个城市参评"],
    ["lead@huaxin.demo", "首席评估师", "分配给本机构的城市：7 个"],
    ["assessor@zhongcheng.demo", "评估师", "分配给本机构的城市：7 个"],
    ["approver.330100@zhiping.demo", "城市审核人", "已签发"],
    ["editor.340100@zhiping.demo", "城市填报员", `请于 ${formatDate("zh-CN", demoDeadlines(new Date()).submissionDeadline)} 前完成填报`],
    ["editor.360100@zhiping.demo", "城市填报员", "评估机构要求修改 2 项"],
  ];

  for (const [email, roleLabel, attention] of roles)
    it(`${email} sees the ${roleLabel} dashboard`, async () => {
      const page = await suite.browser.newPage({ viewport: { width: 1024, height: 768 } });
      await page.goto(`${suite.server.url}/`);
      await expect.poll(() => page.url()).toContain("/login");
      expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
      await page.getByLabel("电子邮箱").fill(email);
      await page.getByLabel("密码").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL(/\/dashboard$/);
      await expect.poll(() => page.locator("main").innerText()).toContain(attention);
      expect(await page.locator("nav.mainnav").innerText()).toContain(roleLabel);
      await page.close();
    });

  it("rejects a wrong password with a message tied to the form", async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.server.url}/login`);
    await page.getByLabel("电子邮箱").fill("lead@huaxin.demo");
    await page.getByLabel("密码").fill("wrong-password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.getByRole("alert").innerText()).toContain("邮箱或密码不正确");
    await page.close();
  });

  it("switches to English and keeps it for the user; a tablet-width screen still shows the navigation", async () => {
    const page = await suite.signIn("expert@zhiping.demo", { width: 768, height: 1024 });
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toContain("Dashboard");
    await page.goto(`${suite.server.url}/dashboard`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    // The expert belongs to two agencies: the switcher changes the active one.
    await page.getByLabel("Active organization").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Switch organization" }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.locator("nav.mainnav").isVisible()).toBe(true);
    await page.screenshot({ path: "tests/.output/dashboard-en-tablet.png" });
    await page.close();
  });
});
