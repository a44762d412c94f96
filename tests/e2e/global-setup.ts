import { execFileSync } from "node:child_process";
import { hasChromium } from "./server";

/** Builds the production app once per test run, before the browser test files start their servers. */
export default function setup() {
  if (!hasChromium && !process.env.CI) return;
  execFileSync("npm", ["run", "build"], { cwd: new URL("../..", import.meta.url).pathname, stdio: "ignore" });
}
