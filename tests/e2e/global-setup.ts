import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropSeededTemplates } from "../helpers/database";
import { hasChromium, SEEDED_DATA_DIR, startServer } from "./server";

/**
 * Builds the production app once per test run, before the browser test files start their
 * servers, and seeds one demo data directory (by starting the server once) that each of them copies.
 */
export default async function setup() {
  if (!hasChromium && !process.env.CI) return dropSeededTemplates;
  execFileSync("npm", ["run", "build"], { cwd: new URL("../..", import.meta.url).pathname, stdio: "ignore" });
  const dir = mkdtempSync(join(tmpdir(), "zhiping-e2e-seeded-"));
  const server = await startServer(dir);
  await server.stop();
  process.env[SEEDED_DATA_DIR] = dir;
  return dropSeededTemplates;
}
