import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { TRANSLATED_PLACES } from "../../app/features/i18n/places";
import { browserSuite, hasChromium } from "./server";
import { axeViolations, englishInChinesePage, lowContrastControls } from "./support/page-checks";

/** Every page of the demo, as the person who would open it (a city in each state, each agency role, the ministry, the platform). */
const PAGES: [who: string | null, path: string][] = [
  [null, "/login"],
  [null, "/verify"],
  [null, "/verify/zp-330100-000000000000?hash=00"],
  [null, "/s/pilot-2026/340100"],
  ["admin@zhiping.demo", "/dashboard"],
  ["admin@zhiping.demo", "/admin/organizations"],
  ["admin@zhiping.demo", "/admin/outbox"],
  ["admin@zhiping.demo", "/admin/onboarding"],
  ["ministry.admin@zhiping.demo", "/dashboard"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/ranking"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/compare?cities=330100,640100,520100"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/cities/330100"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/cities/330100/profile"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/settings"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/reports"],
  ["ministry.admin@zhiping.demo", "/campaigns/new"],
  ["ministry.admin@zhiping.demo", "/frameworks"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/audit"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/quality"],
  ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/survey"],
  ["ministry.admin@zhiping.demo", "/frameworks/demo-ministry-pilot/1.0.0/edit?node=CE1.3"],
  ["ministry.admin@zhiping.demo", "/frameworks/demo-ministry-pilot/1.0.0"],
  ["ministry.admin@zhiping.demo", "/members"],
  ["ministry.admin@zhiping.demo", "/settings"],
  ["ministry.admin@zhiping.demo", "/settings/api-tokens"],
  ["lead@huaxin.demo", "/dashboard"],
  ["assessor@huaxin.demo", "/campaigns/pilot-2026/cities/420100"],
  ["lead@zhongcheng.demo", "/campaigns/pilot-2026/cities/430100"],
  ["lead@huaxin.demo", "/campaigns/pilot-2026/cities/330100"],
  ["assessor@zhongcheng.demo", "/campaigns/pilot-2026/cities/330100"],
  ["editor.340100@zhiping.demo", "/dashboard"],
  ["editor.340100@zhiping.demo", "/campaigns/pilot-2026/cities/340100"],
  ["approver.360100@zhiping.demo", "/campaigns/pilot-2026/cities/360100"],
  ["approver.330100@zhiping.demo", "/campaigns/pilot-2026/cities/330100/profile"],
  ["approver.330100@zhiping.demo", "/campaigns/pilot-2026/ranking"],
  ["approver.330100@zhiping.demo", "/campaigns/pilot-2026/survey"],
  ["editor.330100@zhiping.demo", "/campaigns/pilot-2026/cities/640100"],
  ["editor.330100@zhiping.demo", "/no-such-page"],
];

describe.runIf(hasChromium || process.env.CI)("in a real browser: every page of the demo is accessible and speaks the reader's language", () => {
  const suite = browserSuite();
  const pages = new Map<string, Page>();
  async function open(who: string | null, path: string) {
    const key = who ?? "anonymous";
    let page = pages.get(key);
    if (!page) {
      page = who ? await suite.signIn(who, { width: 1366, height: 768 }, { bypassCSP: true }) : await suite.browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
      pages.set(key, page);
    }
    await page.goto(`${suite.server.url}${path}`);
    await page.waitForLoadState("networkidle");
    return page;
  }

  it("no serious or critical axe violation, no control below WCAG contrast, no English or internal code in Chinese (zh-CN)", async () => {
    const problems: string[] = [];
    // Each reader's pages in order in their own tab, three readers at a time: one page's network wait is another's checking time.
    const byReader = new Map<string | null, string[]>();
    for (const [who, path] of PAGES) byReader.set(who, [...(byReader.get(who) ?? []), path]);
    const queue = [...byReader];
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const [who, paths] = next;
          for (const path of paths) {
            const page = await open(who, path);
            const where = `${who ?? "anonymous"} ${path}`;
            for (const v of await axeViolations(page)) problems.push(`${where}: axe ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(", ")}`);
            for (const c of await lowContrastControls(page)) problems.push(`${where}: contrast ${c}`);
            for (const e of englishInChinesePage(await page.locator("body").innerText())) problems.push(`${where}: English or code "${e}"`);
          }
        }
      }),
    );
    expect(problems.sort()).toEqual([]);
  }, 240_000);

  it("a citizen answers Hefei's survey on a phone without JavaScript: missing answers are named and kept, then thanks, then once only", async () => {
    const phone = await suite.browser.newPage({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false });
    await phone.goto(`${suite.server.url}/s/pilot-2026/340100`);
    expect(await phone.locator("script[src]").count()).toBe(0);
    expect(await phone.locator("h1").innerText()).toBe("合肥市市民体验调查");
    const questions = phone.locator("fieldset.survey-question");
    expect(await questions.count()).toBe(6);
    await questions.nth(0).getByLabel("满意", { exact: true }).check();
    await phone.getByRole("button", { name: "提交问卷" }).click();
    await phone.waitForLoadState("load");
    expect(await phone.getByRole("alert").first().innerText()).toContain("还有 5 道题未作答");
    expect(await questions.nth(1).locator(".error").innerText()).toBe("请选择一个答案。");
    expect(await questions.nth(0).getByLabel("满意", { exact: true }).isChecked()).toBe(true);
    // Nothing at phone width is wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    for (let i = 1; i < 6; i++) await questions.nth(i).locator("input[type=radio]").first().check();
    await phone.getByRole("button", { name: "提交问卷" }).click();
    await phone.waitForURL(/\?thanks$/);
    expect(await phone.getByRole("status").innerText()).toContain("感谢您的参与");
    await phone.goto(`${suite.server.url}/s/pilot-2026/340100`);
    expect(await phone.getByRole("status").innerText()).toContain("这台设备已经提交过本市的问卷");
    await phone.close();
  });

  it("the evidence 移除 buttons are readable (their colour is not the button's white)", async () => {
    const page = await open("editor.340100@zhiping.demo", "/campaigns/pilot-2026/cities/340100");
    const remove = page.getByRole("button", { name: /^移除 / }).first();
    expect(await remove.evaluate((el) => getComputedStyle(el).color)).not.toBe("rgb(255, 255, 255)");
    expect(await lowContrastControls(page)).toEqual([]);
    // The check itself sees what axe missed: a transparent button with white text on a white card.
    await page.evaluate(() => {
      const probe = document.createElement("button");
      probe.textContent = "白字探针";
      probe.style.cssText = "background: none; border: none; color: #fff";
      document.querySelector("main .card")!.append(probe);
    });
    expect((await lowContrastControls(page)).join("\n")).toMatch(/"白字探针" rgb\(255, 255, 255\) on rgb\(255, 255, 255\): 1\.00/);
  });

  it("the English interface names provinces, regions and tiers in English", async () => {
    const english: string[] = [];
    for (const [who, path] of [
      ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026"],
      ["ministry.admin@zhiping.demo", "/campaigns/pilot-2026/ranking"],
      ["admin@zhiping.demo", "/admin/organizations"],
    ] as const) {
      const page = await open(who, path);
      await page.getByRole("button", { name: "English" }).or(page.getByRole("link", { name: "English" })).first().click();
      await page.waitForLoadState("networkidle");
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
      const text = await page.locator("main").innerText();
      for (const place of TRANSLATED_PLACES) if (text.includes(place)) english.push(`${path}: ${place}`);
      for (const v of await axeViolations(page)) english.push(`${path} (en): axe ${v.id} ${v.targets.join(", ")}`);
      await page.getByRole("button", { name: "中文" }).or(page.getByRole("link", { name: "中文" })).first().click();
      // Back in Chinese before the next page is opened: going there sooner would cancel the switch.
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    }
    expect(english).toEqual([]);
  }, 60_000);
});
