import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../indicators/cli";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cache = join(root, "node_modules/.cache/zhiping-indicators");
const META = "iCode,iName,Level,Parent,Weight,Direction\na,A,1,I,1,1\nb,B,1,I,2,-1\nI,Index,2,,1,1\n";
const DATA = "uCode,uName,a,b\n合肥,合肥市,1,2\nX,x,3.25,4\nY,y,,3\nZ,z,7,0.5\n";

const launch = (...args: string[]) => spawnSync(process.execPath, [join(root, "indicators/run-cli.mjs"), ...args], { cwd: root, encoding: "utf8" });

function inputs() {
  const dir = mkdtempSync(join(tmpdir(), "zhiping-run-cli-"));
  writeFileSync(join(dir, "m.csv"), META);
  writeFileSync(join(dir, "d.csv"), DATA);
  return { dir, flags: ["--meta", join(dir, "m.csv"), "--data", join(dir, "d.csv"), "--normalise", "minmax", "--aggregate", "arithmetic"] };
}

describe("npm run score / analyse (indicators/run-cli.mjs)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes through the bundled CLI exactly what the library's main writes", () => {
    const { dir, flags } = inputs();
    const run = launch("score", ...flags, "--out", join(dir, "bundled.csv"), "--ranks", join(dir, "bundled-ranks.csv"));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^scored 4 units on 3 nodes; hash [0-9a-f]{64}\n$/);
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(main([...flags, "--out", join(dir, "direct.csv"), "--ranks", join(dir, "direct-ranks.csv")])).toBe(0);
    expect(readFileSync(join(dir, "bundled.csv"), "utf8")).toBe(readFileSync(join(dir, "direct.csv"), "utf8"));
    expect(readFileSync(join(dir, "bundled-ranks.csv"), "utf8")).toBe(readFileSync(join(dir, "direct-ranks.csv"), "utf8"));
  });

  it("keeps the CLIs' exit codes and messages, and names the CLIs it knows", () => {
    const { dir, flags } = inputs();
    const missing = launch("score", ...flags.slice(2), "--out", join(dir, "s.csv"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("score: --meta <file> is required\n");
    const analysed = launch("analyse", ...flags, "--out-dir", join(dir, "audit"));
    expect(analysed.stderr).toBe("");
    expect(analysed.status).toBe(0);
    expect(readFileSync(join(dir, "audit/correlations.csv"), "utf8")).toMatch(/^iCode,Parent,r\na,I,0\.\d+\nb,I,0\.\d+\n$/);
    // Two levels: the index is level 2, and it is never left out.
    expect(readFileSync(join(dir, "audit/leave_one_out_level2.csv"), "utf8")).toBe("iCode,meanAbsRankChange\nNominal,0\n");
    const unknown = launch("rank");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/usage: node indicators\/run-cli\.mjs score\|analyse/);
  });

  it("builds the bundle again when a source it was built from is not the same file any more", () => {
    const { dir, flags } = inputs();
    expect(launch("score", ...flags, "--out", join(dir, "first.csv")).status).toBe(0);
    const manifest = join(cache, "score.inputs.json");
    const sources = JSON.parse(readFileSync(manifest, "utf8")) as Record<string, string>;
    expect(Object.keys(sources)).toContain(join(root, "indicators/io/number-bytes.ts"));
    const builtAt = statSync(join(cache, "score.mjs")).mtimeMs;
    expect(launch("score", ...flags, "--out", join(dir, "again.csv")).status).toBe(0);
    expect(statSync(join(cache, "score.mjs")).mtimeMs).toBe(builtAt); // current: reused

    writeFileSync(manifest, JSON.stringify({ ...sources, [join(root, "indicators/engine/score.ts")]: "0:0" }));
    expect(launch("score", ...flags, "--out", join(dir, "rebuilt.csv")).status).toBe(0);
    expect(statSync(join(cache, "score.mjs")).mtimeMs).toBeGreaterThan(builtAt);
    expect(JSON.parse(readFileSync(manifest, "utf8"))).toEqual(sources);
    expect(readFileSync(join(dir, "rebuilt.csv"), "utf8")).toBe(readFileSync(join(dir, "first.csv"), "utf8"));
  });
});
