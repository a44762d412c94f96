import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { SEEDED_DATA_DIR } from "../../e2e/server";

const dataDir = mkdtempSync(join(tmpdir(), "zhiping-report-cli-"));
// The demo the global setup seeded, when there is one (a seed costs ~20 s); else the CLI seeds an empty directory itself.
const seeded = process.env[SEEDED_DATA_DIR];
const copied = !!seeded && existsSync(seeded);
if (copied) cpSync(seeded, dataDir, { recursive: true });
const report = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "app/server/report-cli.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
    timeout: 120_000,
  });

describe("npm run report", () => {
  it("on the embedded demo database (seeded first when empty): every signed-off city and the cohort with --all, one city with --city", () => {
    const out = join(dataDir, "out");
    const all = report("--campaign", "pilot-2026", "--all", "--out", out);
    if (!copied) expect(all.stderr).toContain("demo seeded");
    expect(all.status, all.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(["110105.pdf", "330100.pdf", "330483.pdf", "370800.pdf", "500112.pdf", "500118.pdf", "520100.pdf", "640100.pdf", "cohort.pdf"]);
    for (const f of files) expect(readFileSync(join(out, f)).subarray(0, 5).toString()).toBe("%PDF-");

    const single = join(dataDir, "hangzhou.pdf");
    const one = report("--campaign", "pilot-2026", "--city", "330100", "--out", single);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/pages/);
    expect(Buffer.compare(readFileSync(single), readFileSync(join(out, "330100.pdf")))).toBe(0);
  }, 180_000);

  it("exits 2 with a clear message for an unknown campaign or city, a city not signed off, or bad arguments", () => {
    const cases: [string[], RegExp][] = [
      [["--campaign", "nope", "--all", "--out", join(dataDir, "x")], /no campaign "nope"/],
      [["--campaign", "pilot-2026", "--city", "999999", "--out", join(dataDir, "x.pdf")], /no city with division code 999999/],
      [["--campaign", "pilot-2026", "--city", "420100", "--out", join(dataDir, "x.pdf")], /武汉市 \(420100\) is not signed off/],
      [["--campaign", "pilot-2026", "--out", join(dataDir, "x.pdf")], /exactly one of --city/],
      [["--campaign", "pilot-2026", "--all", "--out", join(dataDir, "x"), "--lang", "fr"], /--lang must be zh or en/],
    ];
    for (const [args, message] of cases) {
      const run = report(...args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  }, 180_000);
});
