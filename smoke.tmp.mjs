import { chromium } from "playwright-core";
const base = process.env.BASE;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
await page.goto(`${base}/login`);
await page.getByLabel("电子邮箱").fill(process.env.EMAIL ?? "ministry.admin@zhiping.demo");
await page.getByLabel("密码").fill(process.env.PASSWORD);
await page.getByRole("button", { name: "登录" }).click();
await page.waitForURL(/\/dashboard$/);
for (const path of (process.env.PATHS ?? "/frameworks").split(",")) {
  const r = await page.goto(`${base}${path}`);
  console.log("==", path, r.status());
  if (process.env.WAIT) await page.waitForTimeout(Number(process.env.WAIT));
  console.log((await page.locator("main").innerText()).slice(0, Number(process.env.LEN ?? 1500)));
}
console.log("errors:", errors);
await browser.close();
