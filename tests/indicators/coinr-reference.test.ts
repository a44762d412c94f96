import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../indicators/cli";
import { scoreUnits, type ScoreResult } from "../../indicators/engine/score";
import type { MethodOptions } from "../../indicators/engine/types";
import { formatResultTable, parseIData, parseIMeta } from "../../indicators/io/coinr";
import { CASES, asemFile, readAsem, readTable, relDiff } from "./reference";

const meta = parseIMeta(readAsem("iMeta.csv"));
const units = parseIData(readAsem("iData.csv"), meta.model);

function expectMatchesCoinr(caseName: string, scoresCsv: string, ranksCsv: string) {
  const expected = readTable(readAsem(`scores_${caseName}.csv`));
  const actual = readTable(scoresCsv);
  const expectedRanks = readTable(readAsem(`ranks_${caseName}.csv`));
  const actualRanks = readTable(ranksCsv);
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  let compared = 0;
  for (const [unit, row] of expected) {
    for (const [code, value] of row) {
      const got = actual.get(unit)!.get(code)!;
      if (relDiff(got, value) > 1e-9) expect.fail(`${caseName} ${unit}.${code}: COINr ${value}, Zhiping ${got}`);
      compared++;
      const rank = actualRanks.get(unit)!.get(code)!;
      const coinrRank = expectedRanks.get(unit)!.get(code)!;
      if (rank !== coinrRank && !(Number.isNaN(rank) && Number.isNaN(coinrRank))) {
        // Only a near-tie may rank differently: some other unit's score must be within 1e-9.
        const nearTie = [...expected.values()].some((r) => r !== row && relDiff(r.get(code)!, value) < 1e-9);
        if (!nearTie) expect.fail(`${caseName} rank of ${unit}.${code}: COINr ${coinrRank}, Zhiping ${rank}`);
      }
    }
  }
  expect(compared).toBe(51 * 60);
}

describe("COINr ASEM reference", () => {
  it("has the expected shape", () => {
    expect(meta.model.nodes).toHaveLength(60);
    expect(units).toHaveLength(51);
    expect(units.some((u) => Object.values(u.values).includes(null))).toBe(true);
  });

  for (const c of CASES) {
    it(`library reproduces ${c.name}`, () => {
      const result: ScoreResult = scoreUnits(meta.model, units, { normalise: c.normalise, aggregate: c.aggregate } as MethodOptions);
      expectMatchesCoinr(c.name, formatResultTable(result, "scores"), formatResultTable(result, "ranks"));
    });

    it(`CLI reproduces ${c.name}`, () => {
      const dir = mkdtempSync(join(tmpdir(), "zhiping-cli-"));
      const code = main(["--meta", asemFile("iMeta.csv"), "--data", asemFile("iData.csv"), ...c.cli, "--out", `${dir}/s.csv`, "--ranks", `${dir}/r.csv`]);
      expect(code).toBe(0);
      expectMatchesCoinr(c.name, readFileSync(`${dir}/s.csv`, "utf8"), readFileSync(`${dir}/r.csv`, "utf8"));
    });
  }
});
