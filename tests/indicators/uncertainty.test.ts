import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../../indicators/analyse-cli";
import { IndexRanker, indexRanks, rankSensitivity, sampledRankIntervals, type Cohort } from "../../indicators/audit/index";
import { runAudit } from "../../indicators/audit/job";
import type { AggregateMethod, MethodOptions } from "../../indicators/engine/types";
import { parseIData, parseIMeta } from "../../indicators/io/coinr";
import { parseCsv } from "../../indicators/io/csv";
import { asemFile, readAsem } from "./reference";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const meta = parseIMeta(readAsem("iMeta.csv"));
const units = parseIData(readAsem("iData.csv"), meta.model);
const indicators = meta.model.nodes.filter((n) => n.level === 1).map((n) => n.code);
const cohort: Cohort = { unitCodes: units.map((u) => u.code), columns: Object.fromEntries(indicators.map((c) => [c, Float64Array.from(units, (u) => u.values[c] ?? NaN)])) };
// A range starting at 1 keeps geometric and harmonic means defined.
const METHOD: MethodOptions = { normalise: { method: "minmax", range: [1, 100] }, aggregate: "arithmetic" };
const levels = Math.max(...meta.model.nodes.map((n) => n.level)) - 1;

describe("the fast ranker", () => {
  it("ranks exactly as the engine does, for any weights and aggregation per level", () => {
    const ranker = new IndexRanker(meta.model, cohort, METHOD);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: meta.model.nodes.length, maxLength: meta.model.nodes.length }),
        fc.array(fc.constantFrom<AggregateMethod>("arithmetic", "geometric", "harmonic"), { minLength: levels, maxLength: levels }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, aggregate, threshold) => {
          const model = { ...meta.model, nodes: meta.model.nodes.map((n, i) => ({ ...n, weight: weights[i]! })) };
          const method = { ...METHOD, aggregate, dataThreshold: threshold };
          const fast = new IndexRanker(meta.model, cohort, method).rank(Float64Array.from(weights), aggregate);
          expect([...fast]).toEqual([...indexRanks(model, cohort, method)]);
        },
      ),
      { numRuns: 60 },
    );
    // Nominal weights: the same as the engine's nominal ranking, call after call (buffers are reused, not stale).
    const nominal = [...indexRanks(meta.model, cohort, METHOD)];
    expect([...ranker.rank(null)]).toEqual(nominal);
    ranker.rank(Float64Array.from(ranker.nominalWeights, (w, i) => (i % 2 ? w * 3 : w)), ["geometric", "harmonic"].slice(0, levels) as AggregateMethod[]);
    expect([...ranker.rank(null)]).toEqual(nominal);
  });

  it("ranks ties, missing scores and non-positive values as the engine does (or refuses as it does)", () => {
    const model = {
      id: "ties",
      nodes: [
        { code: "a", parent: "P", level: 1, weight: 1, direction: 1 as const },
        { code: "b", parent: "P", level: 1, weight: 2, direction: 1 as const },
        { code: "c", parent: "Q", level: 1, weight: 1, direction: -1 as const },
        { code: "P", parent: "I", level: 2, weight: 1, direction: 1 as const },
        { code: "Q", parent: "I", level: 2, weight: 1, direction: 1 as const },
        { code: "I", parent: null, level: 3, weight: 1, direction: 1 as const },
      ],
    };
    // Few distinct values: many ties; NaN: missing values and unscored units; 0 on a 0–1 range: means that cannot take it.
    const value = fc.constantFrom(NaN, 0, 1, 2, 2.5, 7);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 40 }),
        fc.array(fc.constantFrom<AggregateMethod>("arithmetic", "geometric", "harmonic"), { minLength: 2, maxLength: 2 }),
        fc.constantFrom(0, 0.5, 1),
        fc.constantFrom<[number, number]>([0, 1], [1, 10]),
        (rows, aggregate, threshold, range) => {
          const cohort: Cohort = { unitCodes: rows.map((_, u) => `u${u}`), columns: Object.fromEntries(["a", "b", "c"].map((c, k) => [c, Float64Array.from(rows, (r) => r[k]!)])) };
          const method: MethodOptions = { normalise: { method: "minmax", range }, aggregate, dataThreshold: threshold };
          const outcome = (f: () => Int32Array) => {
            try {
              return [...f()];
            } catch (error) {
              return (error as Error).message;
            }
          };
          expect(outcome(() => new IndexRanker(model, cohort, method).rank(null, aggregate))).toEqual(outcome(() => indexRanks(model, cohort, method)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("an audit's progress", () => {
  it("rises in steps of about 1% from 5 to 100 over the sampling and the sensitivity runs, and changes nothing", () => {
    const job = {
      model: meta.model,
      unitCodes: [...cohort.unitCodes],
      columns: Object.fromEntries(Object.entries(cohort.columns).map(([c, v]) => [c, Array.from(v, (x) => (x === x ? x : null))])),
      method: METHOD,
      space: { noise: [{ level: 2, factor: 0.25 }], aggregates: ["arithmetic", "geometric"] as AggregateMethod[] },
      samples: 400,
      seed: "progress",
    };
    const told: number[] = [];
    const outcome = runAudit(job, (p) => told.push(p));
    expect(told[0]).toBe(5);
    expect(told.at(-1)).toBe(100);
    expect(told.length).toBeGreaterThan(50);
    for (let i = 1; i < told.length; i++) expect(told[i]! - told[i - 1]!).toBeGreaterThan(0);
    expect(outcome).toEqual(runAudit(job));
  });
});

describe("uncertainty over normalisation, imputation and treatment", () => {
  it("a single alternative equal to the nominal choice changes nothing; real alternatives widen the intervals", () => {
    const still = sampledRankIntervals(meta.model, cohort, METHOD, { noise: [], aggregates: [], normalisations: [METHOD.normalise] }, 50, "s");
    for (const r of still) expect([r.q5, r.median, r.q95]).toEqual([r.nominal, r.nominal, r.nominal]);
    const varied = sampledRankIntervals(meta.model, cohort, METHOD, { noise: [], aggregates: [], normalisations: [METHOD.normalise, { method: "rank" }], imputation: true, treatment: true }, 200, "s");
    expect(varied.some((r) => r.q95 - r.q5 > 0)).toBe(true);
    for (const r of varied) {
      expect(r.q5).toBeLessThanOrEqual(r.median);
      expect(r.median).toBeLessThanOrEqual(r.q95);
      expect(r.top10).toBeGreaterThanOrEqual(0);
      // With 51 units the top quarter (13) holds the top 10.
      expect(r.topQuarter).toBeGreaterThanOrEqual(r.top10);
    }
  });

  it("sensitivity names each varied input; an input that cannot change the ranking gets no effect", () => {
    const indices = rankSensitivity(meta.model, cohort, METHOD, { noise: [{ level: 2, factor: 0.25 }], aggregates: ["arithmetic", "geometric"], normalisations: [METHOD.normalise, { method: "rank" }], imputation: true, treatment: true }, 64, "s", 100);
    expect(indices.map((i) => i.variable)).toEqual(["weights", "aggregation", "normalisation", "imputation", "treatment"]);
    for (const i of indices) for (const v of [i.si, i.sti]) expect(Number.isFinite(v)).toBe(true);
    const inert = rankSensitivity(meta.model, cohort, METHOD, { noise: [{ level: 2, factor: 0.25 }], aggregates: [], normalisations: [METHOD.normalise, METHOD.normalise] }, 64, "s", 100);
    expect(inert.find((i) => i.variable === "normalisation")).toMatchObject({ si: 0, sti: 0 });
  });

  it("the CLI varies them on request and writes one sensitivity row per input, the same for the same seed", () => {
    const run = () => {
      const dir = mkdtempSync(join(tmpdir(), "zhiping-vary-"));
      const code = main(["--meta", asemFile("iMeta.csv"), "--data", asemFile("iData.csv"), "--out-dir", dir, "--normalise", "minmax", "--range", "1,100", "--aggregate", "arithmetic", "--samples", "32", "--seed", "x", "--noise", "2:0.2", "--alt-normalise", "minmax,rank", "--vary-imputation", "--vary-treatment", "--sensitivity"]);
      expect(code).toBe(0);
      return readFileSync(join(dir, "sensitivity.csv"), "utf8");
    };
    const first = run();
    expect(parseCsv(first).slice(1).map((r) => r.fields[0])).toEqual(["weights", "normalisation", "imputation", "treatment"]);
    expect(run()).toBe(first);
    const dir = mkdtempSync(join(tmpdir(), "zhiping-vary-"));
    expect(main(["--meta", asemFile("iMeta.csv"), "--data", asemFile("iData.csv"), "--out-dir", dir, "--normalise", "minmax", "--aggregate", "arithmetic", "--samples", "4", "--alt-normalise", "goalposts"])).toBe(2);
  });
});
