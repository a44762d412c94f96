import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatIMeta } from "../../indicators/io/coinr";
import { formatCsv } from "../../indicators/io/csv";
import { benchModel, benchUnits } from "./scoring.bench";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** One run of the `score` CLI as `npm run score` starts it, without npm: wall time and peak memory. */
function runScore(dir: string) {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    ["--import", join(root, "tests/bench/peak-rss.mjs"), join(root, "indicators/run-cli.mjs"), "score",
      "--meta", join(dir, "iMeta.csv"), "--data", join(dir, "iData.csv"), "--normalise", "minmax", "--range", "0,100", "--aggregate", "arithmetic", "--out", join(dir, "scores.csv")],
    { cwd: root, encoding: "utf8" },
  );
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`score failed: ${run.stderr}`);
  return { ms, peakMb: Number(/peak-rss-kb (\d+)/.exec(run.stderr)![1]) / 1024 };
}

/** The CSV path the CLIs share (issue 17): `score` on every town, process start to file written. */
export function cliBench() {
  const dir = mkdtempSync(join(tmpdir(), "zhiping-bench-cli-"));
  try {
    const model = benchModel();
    const codes = model.nodes.filter((n) => n.level === 1).map((n) => n.code);
    const units = benchUnits(model, 20_401);
    writeFileSync(join(dir, "iMeta.csv"), formatIMeta(model));
    writeFileSync(join(dir, "iData.csv"), formatCsv([["uCode", "uName", ...codes], ...units.map((u, i) => [u.code, `乡镇${i + 1}`, ...codes.map((c) => (u.values[c] == null ? "" : String(u.values[c])))])]));
    runScore(dir); // the CLI's bundle, as every run after the first finds it
    const runs = Array.from({ length: 5 }, () => runScore(dir)).sort((a, b) => a.ms - b.ms);
    const round = (v: number) => Math.round(v * 100) / 100;
    const median = runs[2]!;
    return [
      { name: "score CLI 20,401 towns × 60 indicators: process start to file written", targetMs: 700, medianMs: round(median.ms), minMs: round(runs[0]!.ms), runs: runs.length, pass: median.ms <= 700 },
      { name: "score CLI 20,401 towns × 60 indicators: peak memory (MB)", targetMb: 200, peakMb: round(Math.max(...runs.map((r) => r.peakMb))), pass: Math.max(...runs.map((r) => r.peakMb)) <= 200 },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
