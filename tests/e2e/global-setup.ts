import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { dropSeededTemplates } from "../helpers/database";
import { hasChromium, SEEDED_DATA_DIR } from "./server";

const run = promisify(execFile);
const ROOT = new URL("../..", import.meta.url).pathname;

/**
 * Builds the production app once per test run, before the browser test files start their servers,
 * and seeds one demo data directory that each of them copies. The two run side by side (two cores):
 * seeding the demo's two campaigns takes about as long as the build.
 */
export default async function setup() {
  if (!hasChromium && !process.env.CI) return dropSeededTemplates;
  const dir = mkdtempSync(join(tmpdir(), "zhiping-e2e-seeded-"));
  await Promise.all([
    run("npm", ["run", "build"], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }),
    run(process.execPath, ["--import", "tsx", "tests/e2e/seed-demo-dir.ts"], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", DATA_DIR: dir, DATABASE_URL: "" },
      maxBuffer: 64 * 1024 * 1024,
    }),
  ]);
  process.env[SEEDED_DATA_DIR] = dir;
  return dropSeededTemplates;
}
