import { chromium } from "playwright-core";
import { startServer, CHROMIUM, CHROMIUM_ARGS } from "./e2e/server.ts";
const server = await startServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
async function as(email: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await page.goto(`${server.url}/login`);
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill("zhiping-demo-2026");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/dashboard/);
  return page;
}
const shots: [string, string, string, number?][] = JSON.parse(process.argv[2]);
for (const [email, path, name, scrollY] of shots) {
  const page = await as(email);
  await page.goto(server.url + path);
  if (scrollY) await page.evaluate((y) => window.scrollTo(0, y), scrollY);
  await page.screenshot({ path: `/tmp/shot-${name}.png`, fullPage: !scrollY && scrollY !== 0 });
  await page.close();
}
await browser.close();
await server.stop();
