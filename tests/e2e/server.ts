import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo-data";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];

const ROOT = new URL("../..", import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A fresh DATA_DIR: a copy of the demo the global setup seeded once (seeding costs each browser
 * test file ~15 s otherwise), or an empty one, which the server seeds itself.
 */
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "zhiping-e2e-"));
  const seeded = process.env[SEEDED_DATA_DIR];
  if (seeded && existsSync(seeded)) cpSync(seeded, dir, { recursive: true });
  return dir;
}

/** Where the global setup leaves a seeded demo data directory for the servers to copy. */
export const SEEDED_DATA_DIR = "ZHIPING_E2E_SEEDED_DATA_DIR";

/**
 * The production server (the build must exist) on a free port with a fresh DATA_DIR: what `npm start` runs.
 * With SERVER_CPU_PROFILE_DIR set, it writes a CPU profile there when it stops (for the benches).
 */
export async function startServer(dataDir = freshDataDir(), env: Record<string, string> = {}): Promise<{ url: string; pid: number; output: () => string; stop: () => Promise<number | null> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...(process.env.SERVER_CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SERVER_CPU_PROFILE_DIR}`] : []), "--max-old-space-size=512", "--max-semi-space-size=32", "--import", "tsx", "app/server/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: "", PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  // The first start seeds the demo (two campaigns through the real workflow): tens of seconds on a busy 2-core machine.
  const deadline = Date.now() + 180_000;
  while (!output.includes("is running at")) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start in 180 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Registers a production server and a Chromium for the enclosing describe block; `signIn` opens a
 * page signed in as a demo user.
 */
export function browserSuite() {
  const state: { server?: Awaited<ReturnType<typeof startServer>>; browser?: import("playwright-core").Browser } = {};
  beforeAll(async () => {
    state.server = await startServer();
    state.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.stop();
  });
  return {
    get server() {
      return state.server!;
    },
    get browser() {
      return state.browser!;
    },
    /** `bypassCSP` lets a test inject axe-core into pages served with the app's nonce-based CSP. */
    async signIn(email: string, viewport = { width: 1280, height: 900 }, options: { bypassCSP?: boolean } = {}) {
      const page = await state.browser!.newPage({ viewport, ...options });
      await page.goto(`${state.server!.url}/login`);
      await page.getByLabel("电子邮箱").fill(email);
      await page.getByLabel("密码").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL(/\/dashboard$/);
      return page;
    },
  };
}
