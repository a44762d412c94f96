import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../../indicators/analyse-cli";
import { auditCohort, estimateIndices, rankIntervals, saltelliDesign, SeededRandom, treatColumn, type Cohort } from "../../indicators/audit/index";
import { parseIData, parseIMeta } from "../../indicators/io/coinr";
import { parseCsv } from "../../indicators/io/csv";
import { asemFile, readAsem, relDiff } from "./reference";

const meta = parseIMeta(readAsem("iMeta.csv"));
const units = parseIData(readAsem("iData.csv"), meta.model);
const indicators = meta.model.nodes.filter((n) => n.level === 1).map((n) => n.code);
const cohort: Cohort = { unitCodes: units.map((u) => u.code), columns: Object.fromEntries(indicators.map((c) => [c, Float64Array.from(units, (u) => u.values[c] ?? NaN)])) };
const MINMAX = { normalise: { method: "minmax", range: [0, 100] }, aggregate: "arithmetic" } as const;

/** The CLI's output directory for these flags (exit code checked). */
function analyse(...flags: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "zhiping-analyse-"));
  const code = main(["--meta", asemFile("iMeta.csv"), "--data", asemFile("iData.csv"), "--out-dir", dir, ...flags]);
  return { code, dir, read: (name: string) => readFileSync(join(dir, name), "utf8") };
}

/** Rows keyed by their first column(s), every other cell compared by column name to 1e-9 (empty = NaN). */
function expectSameTable(actual: string, expected: string, keyColumns = 1) {
  const rows = (text: string) => parseCsv(text).map((r) => r.fields);
  const [ah, ...a] = rows(actual);
  const [eh, ...e] = rows(expected);
  expect([...ah!].sort()).toEqual([...eh!].sort());
  const key = (r: string[]) => r.slice(0, keyColumns).join("|");
  const byKey = new Map(a.map((r) => [key(r), r]));
  expect(a.length).toBe(e.length);
  for (const want of e) {
    const got = byKey.get(key(want));
    expect(got, key(want)).toBeDefined();
    eh!.slice(keyColumns).forEach((column, i) => {
      const cell = want[i + keyColumns]!;
      const mine = got![ah!.indexOf(column)]!;
      const [x, y] = [mine, cell].map((c) => (c === "" ? NaN : Number(c)));
      if (relDiff(x!, y!) > 1e-9) expect.fail(`${key(want)} ${column}: COINr ${cell}, Zhiping ${mine}`);
    });
  }
}

describe("the JRC statistical audit reproduces COINr 1.1.14 on ASEM", () => {
  it("coherence (correlation of every node with its parent, Cronbach's alpha) and leave-one-out at level 2", () => {
    const run = analyse("--normalise", "minmax", "--range", "0,100", "--aggregate", "arithmetic");
    expect(run.code).toBe(0);
    expectSameTable(run.read("correlations.csv"), readAsem("audit/correlations.csv"), 2);
    expectSameTable(run.read("cronbach.csv"), readAsem("audit/cronbach.csv"));
    expectSameTable(run.read("leave_one_out_level2.csv"), readAsem("audit/leave_one_out_level2.csv"));
    expect(existsSync(join(run.dir, "treated.csv"))).toBe(false);
  });

  it("outlier treatment: the treated values, and the scores computed from them", () => {
    const run = analyse("--normalise", "minmax", "--range", "0,100", "--aggregate", "arithmetic", "--treat");
    expect(run.code).toBe(0);
    expectSameTable(run.read("treated.csv"), readAsem("audit/treated.csv"));
    expectSameTable(run.read("scores.csv"), readAsem("audit/scores_treat_minmax_arith.csv"));
    const log = parseCsv(run.read("treatment.csv")).map((r) => r.fields);
    const flights = log.find((r) => r[0] === "Flights")!;
    expect(flights.slice(1, 4)).toEqual(["winsorise", "1", "GBR:high"]);
    expect(Number(flights[4])).toBeGreaterThanOrEqual(2);
    expect(Number(flights[6])).toBeLessThan(2);
  });

  it("rank intervals over COINr's own scenarios (weights and aggregation), R's type-7 quantiles", () => {
    const run = analyse("--normalise", "minmax", "--range", "1,100", "--aggregate", "arithmetic", "--scenarios", asemFile("audit/scenarios.csv"));
    expect(run.code).toBe(0);
    expectSameTable(run.read("rank_uncertainty.csv"), readAsem("audit/rank_uncertainty.csv"));
  });

  it("a scenario file with an unknown node, a negative weight or a method that cannot apply stops with file, line and column, writing nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "zhiping-scenarios-"));
    const cases: [string, RegExp][] = [
      ["scenario,aggregate,Physical,Nowhere\n1,arithmetic,1,1\n", /line 1, column 4 \(Nowhere\): "Nowhere" is not a node of the framework/],
      ["scenario,aggregate,Physical\n1,arithmetic,1\n2,arithmetic,-0.5\n", /line 3, column 3 \(Physical\): expected a weight ≥ 0, got "-0.5"/],
      ["scenario,aggregate,Physical\n1,median,1\n", /line 2, column 2 \(aggregate\): expected one of arithmetic\|geometric\|harmonic/],
      // min-max to [0, 100] gives zeros, which a geometric mean cannot take.
      ["scenario,aggregate,Physical\n1,arithmetic,1\n2,geometric,1\n", /line 3, column 2 \(aggregate\): scenario 2 cannot be scored: geometric mean/],
    ];
    for (const [text, message] of cases) {
      const file = join(dir, "scenarios.csv");
      writeFileSync(file, text);
      const out = mkdtempSync(join(tmpdir(), "zhiping-analyse-out-"));
      let stderr = "";
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
      try {
        expect(main(["--meta", asemFile("iMeta.csv"), "--data", asemFile("iData.csv"), "--normalise", "minmax", "--range", "0,100", "--aggregate", "arithmetic", "--out-dir", out, "--scenarios", file])).toBe(2);
      } finally {
        process.stderr.write = write;
      }
      expect(stderr).toMatch(message);
      expect(readdirSync(out)).toEqual([]);
    }
  });
});

describe("sampled uncertainty", () => {
  const flags = ["--normalise", "minmax", "--range", "1,100", "--aggregate", "arithmetic", "--samples", "60", "--noise", "2:0.25", "--noise", "3:0.25", "--alt-aggregate", "arithmetic,geometric"];

  it("the same seed gives byte-identical intervals; the default seed is the nominal result's hash; another seed gives others", () => {
    const a = analyse(...flags, "--seed", "campaign-2026");
    const b = analyse(...flags, "--seed", "campaign-2026");
    const c = analyse(...flags, "--seed", "another");
    for (const run of [a, b, c]) expect(run.code).toBe(0);
    expect(a.read("rank_uncertainty.csv")).toBe(b.read("rank_uncertainty.csv"));
    expect(a.read("rank_uncertainty.csv")).not.toBe(c.read("rank_uncertainty.csv"));
    const hash = auditCohort(meta.model, cohort, { normalise: { method: "minmax", range: [1, 100] }, aggregate: "arithmetic" }).scored.hash;
    expect(analyse(...flags).read("rank_uncertainty.csv")).toBe(analyse(...flags, "--seed", hash).read("rank_uncertainty.csv"));
    // Intervals contain the median, and weights that vary move some ranks.
    const rows = parseCsv(a.read("rank_uncertainty.csv")).slice(1).map((r) => r.fields.slice(1).map(Number));
    for (const [, , median, q5, q95] of rows) expect(q5! <= median! && median! <= q95!).toBe(true);
    expect(rows.some(([, , , q5, q95]) => q95! > q5!)).toBe(true);
  });

  it("zero noise and the nominal method give zero-width intervals at the nominal rank", () => {
    const run = analyse("--normalise", "minmax", "--range", "1,100", "--aggregate", "arithmetic", "--samples", "20", "--noise", "2:0");
    expect(run.code).toBe(0);
    for (const [, nominal, ...rest] of parseCsv(run.read("rank_uncertainty.csv")).slice(1).map((r) => r.fields)) for (const v of rest) expect(Number(v)).toBe(Number(nominal));
  });

  it("a noise level without weights or a factor out of range is refused", () => {
    expect(analyse("--normalise", "minmax", "--aggregate", "arithmetic", "--samples", "5", "--noise", "4:0.2").code).toBe(2);
    expect(analyse("--normalise", "minmax", "--aggregate", "arithmetic", "--samples", "5", "--noise", "2:1.5").code).toBe(2);
    expect(analyse("--normalise", "minmax", "--aggregate", "arithmetic", "--samples", "5", "--noise", "two").code).toBe(2);
  });
});

describe("sensitivity indices (COINr's SA_sample and SA_estimate)", () => {
  it("recover the known indices of a linear model: y = x1 + 2 x2 + 3 x3 gives 1/14, 4/14, 9/14", () => {
    const random = new SeededRandom("linear");
    const n = 20_000;
    const design = saltelliDesign(n, 3, random);
    const y = Float64Array.from({ length: design.length / 3 }, (_, r) => design[3 * r]! + 2 * design[3 * r + 1]! + 3 * design[3 * r + 2]!);
    const indices = estimateIndices(y, n, 3, 200, random);
    [1 / 14, 4 / 14, 9 / 14].forEach((expected, i) => {
      expect(Math.abs(indices[i]!.si - expected)).toBeLessThan(0.03);
      expect(Math.abs(indices[i]!.sti - expected)).toBeLessThan(0.03);
      expect(indices[i]!.stiQ5).toBeLessThanOrEqual(indices[i]!.sti);
      expect(indices[i]!.stiQ95).toBeGreaterThanOrEqual(indices[i]!.sti);
    });
  });

  it("on ASEM the aggregation matters far more than weights; weights without noise have no effect at all; the same seed gives the same file", () => {
    const flags = ["--normalise", "minmax", "--range", "1,100", "--aggregate", "arithmetic", "--samples", "24", "--alt-aggregate", "arithmetic,geometric", "--sensitivity", "--seed", "s"];
    const run = analyse(...flags, "--noise", "2:0.25");
    expect(run.code).toBe(0);
    const rows = Object.fromEntries(parseCsv(run.read("sensitivity.csv")).slice(1).map((r) => [r.fields[0], r.fields.slice(1).map(Number)]));
    expect(Object.keys(rows)).toEqual(["weights", "aggregation"]);
    expect(rows.aggregation![1]).toBeGreaterThan(rows.weights![1]!);
    expect(analyse(...flags, "--noise", "2:0.25").read("sensitivity.csv")).toBe(run.read("sensitivity.csv"));
    const still = Object.fromEntries(parseCsv(analyse(...flags, "--noise", "2:0").read("sensitivity.csv")).slice(1).map((r) => [r.fields[0], r.fields.slice(1).map(Number)]));
    expect(still.weights!.slice(0, 2)).toEqual([0, 0]);
    expect(analyse("--normalise", "minmax", "--aggregate", "arithmetic", "--sensitivity").code).toBe(2);
  });
});

describe("audit properties", () => {
  const nominalScenario = { aggregate: "arithmetic" as const, weights: {} };

  it("scenarios that change nothing give zero-width intervals at the nominal rank", () => {
    const intervals = rankIntervals(meta.model, cohort, MINMAX, [nominalScenario, nominalScenario, nominalScenario]);
    for (const r of intervals) expect([r.mean, r.median, r.q5, r.q95]).toEqual([r.nominal, r.nominal, r.nominal, r.nominal]);
  });

  it("scaling every weight of a level by one factor changes no interval", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.integer({ min: 1, max: 3 }), (factor, level) => {
        const scaled = Object.fromEntries(meta.model.nodes.filter((n) => n.level === level).map((n) => [n.code, n.weight * factor]));
        const base = rankIntervals(meta.model, cohort, MINMAX, [nominalScenario]);
        const other = rankIntervals(meta.model, cohort, MINMAX, [{ aggregate: "arithmetic", weights: scaled }]);
        expect(other.map((r) => r.median)).toEqual(base.map((r) => r.median));
      }),
      { numRuns: 8 },
    );
  });

  it("permuting the units permutes every per-unit result and leaves the cohort-level tables unchanged", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...cohort.unitCodes.keys()], { minLength: cohort.unitCodes.length, maxLength: cohort.unitCodes.length }), (order) => {
        const permuted: Cohort = { unitCodes: order.map((i) => cohort.unitCodes[i]!), columns: Object.fromEntries(Object.entries(cohort.columns).map(([c, col]) => [c, Float64Array.from(order, (i) => col[i]!)])) };
        const a = auditCohort(meta.model, cohort, MINMAX, { treat: true });
        const b = auditCohort(meta.model, permuted, MINMAX, { treat: true });
        const tables: [readonly object[], readonly object[]][] = [[a.correlations, b.correlations], [a.alphas, b.alphas], [a.leaveOneOut, b.leaveOneOut]];
        for (const [x, y] of tables)
          x.forEach((row, i) => {
            const other = y[i] as Record<string, unknown>;
            for (const [k, v] of Object.entries(row)) typeof v === "number" ? expect(relDiff(v, other[k] as number)).toBeLessThan(1e-12) : expect(other[k]).toBe(v);
          });
        order.forEach((from, to) => expect(b.treated!.columns.Flights![to]).toBe(a.treated!.columns.Flights![from]));
      }),
      { numRuns: 5 },
    );
  });

  it("treatment leaves a column that passes untouched, and the same input always gives the same output", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 4, maxLength: 60 }), (values) => {
        const column = Float64Array.from(values);
        const once = treatColumn(column);
        expect(treatColumn(column)).toEqual(once);
        if (once.record.treatment === "none") expect(Array.from(once.values)).toEqual(values);
        else expect(once.record.passes || once.record.treatment === "log_CT").toBe(true);
      }),
    );
  });
});
