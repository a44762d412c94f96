import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../indicators/cli";

const META = `iCode,iName,Level,Parent,Weight,Direction
a,A,1,P,1,1
b,B,1,P,2,-1
c,C,1,Q,1,1
P,Pillar P,2,Index,1,1
Q,Pillar Q,2,Index,1,1
Index,Index,3,,1,1
`;
const DATA = `uCode,uName,a,b,c
X,Unit X,1,2,3
Y,Unit Y,4,,6
Z,Unit Z,7,8,0
`;

let dir: string;
let stderr: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "zhiping-cli-err-"));
  stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

function run(meta: string, data: string, extra: string[] = ["--normalise", "minmax", "--aggregate", "arithmetic"]) {
  writeFileSync(`${dir}/m.csv`, meta);
  writeFileSync(`${dir}/d.csv`, data);
  return main(["--meta", `${dir}/m.csv`, "--data", `${dir}/d.csv`, ...extra, "--out", `${dir}/out.csv`, "--ranks", `${dir}/ranks.csv`]);
}

describe("score CLI rejects bad input with exit code 2, a located message and no output", () => {
  const cases: [string, string, string, string[] | undefined, RegExp][] = [
    ["unknown parent", META.replace("c,C,1,Q", "c,C,1,R"), DATA, undefined, /m\.csv, line 4, column Parent: unknown parent "R"/],
    ["cycle", META.replace("P,Pillar P,2,Index", "P,Pillar P,2,Q").replace("Q,Pillar Q,2,Index", "Q,Pillar Q,2,P"), DATA, undefined, /m\.csv, line 5, column Parent: cycle: P → Q → P/],
    ["weight ≤ 0", META.replace("b,B,1,P,2", "b,B,1,P,0"), DATA, undefined, /m\.csv, line 3, column Weight: weight must be > 0, got 0/],
    ["code in data not in meta", META, DATA.replace("uCode,uName,a,b,c", "uCode,uName,a,b,zz"), undefined, /d\.csv, line 1, column 5 \(zz\): "zz" is not an indicator in the iMeta file/],
    ["non-numeric cell", META, DATA.replace("Y,Unit Y,4", "Y,Unit Y,four"), undefined, /d\.csv, line 3, column 3 \(a\): expected a number or an empty cell, got "four"/],
    ["geometric mean over values ≤ 0", META, DATA, ["--normalise", "minmax", "--aggregate", "geometric"], /geometric mean of "P" cannot take 0/],
    ["unknown method", META, DATA, ["--normalise", "magic", "--aggregate", "arithmetic"], /--normalise: expected one of minmax\|zscore/],
    ["duplicate unit", META, DATA + "X,Again,1,1,1\n", undefined, /d\.csv, line 5, column uCode: duplicate uCode "X" \(first on line 2\)/],
  ];
  for (const [name, meta, data, extra, message] of cases)
    it(name, () => {
      expect(run(meta, data, extra)).toBe(2);
      expect(stderr).toMatch(message);
      expect(readdirSync(dir).sort()).toEqual(["d.csv", "m.csv"]);
    });

  it("writes both files on good input", () => {
    expect(run(META, DATA)).toBe(0);
    expect(existsSync(`${dir}/out.csv`) && existsSync(`${dir}/ranks.csv`)).toBe(true);
  });
});
