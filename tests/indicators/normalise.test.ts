import { describe, expect, it } from "vitest";
import { normaliseColumn } from "../../indicators/engine/normalise";
import { scoreUnits } from "../../indicators/engine/score";
import type { ScoringModel } from "../../indicators/engine/types";

const col = (...v: (number | null)[]) => Float64Array.from(v, (x) => (x === null ? NaN : x));
const arr = (x: Float64Array) => [...x].map((v) => (Number.isNaN(v) ? null : v));

describe("normalisation (COINr n_* functions)", () => {
  it("min-max, z-score, rank, Borda and percentile rank", () => {
    const x = col(3, 1, null, 3, 5);
    expect(arr(normaliseColumn(x, 1, { method: "minmax" }))).toEqual([50, 0, null, 50, 100]);
    expect(arr(normaliseColumn(x, -1, { method: "minmax", range: [1, 2] }))).toEqual([1.5, 2, null, 1.5, 1]);
    const z = arr(normaliseColumn(x, 1, { method: "zscore" }));
    expect(z[4]).toBeCloseTo((5 - 3) / Math.sqrt(8 / 3), 12);
    expect(arr(normaliseColumn(x, 1, { method: "rank" }))).toEqual([2, 1, null, 2, 4]);
    expect(arr(normaliseColumn(x, 1, { method: "borda" }))).toEqual([1, 0, null, 1, 3]);
    expect(arr(normaliseColumn(x, 1, { method: "prank" }))).toEqual([1 / 3, 0, null, 1 / 3, 1]);
  });

  it("goalposts in the indicator's own units, with truncation and either direction", () => {
    const x = col(-10, 0, 50, 100, 150);
    expect(arr(normaliseColumn(x, 1, { method: "goalposts", lower: 0, upper: 100, scale: 100 }))).toEqual([0, 0, 50, 100, 100]);
    expect(arr(normaliseColumn(x, -1, { method: "goalposts", lower: 0, upper: 100, scale: 100 }))).toEqual([100, 100, 50, 0, 0]);
    expect(arr(normaliseColumn(x, 1, { method: "goalposts", lower: 0, upper: 100, truncate: false }))).toEqual([-0.1, 0, 0.5, 1, 1.5]);
  });

  it("distance to target, capped or not", () => {
    const x = col(0, 5, 10, 20);
    expect(arr(normaliseColumn(x, 1, { method: "dist2targ", target: 10 }))).toEqual([0, 0.5, 1, 2]);
    expect(arr(normaliseColumn(x, 1, { method: "dist2targ", target: 10, capMax: true }))).toEqual([0, 0.5, 1, 1]);
  });
});

describe("aggregation options", () => {
  const model: ScoringModel = {
    id: "t@1",
    nodes: [
      { code: "a", parent: "P", level: 1, weight: 1, direction: 1 },
      { code: "b", parent: "P", level: 1, weight: 3, direction: 1 },
      { code: "c", parent: "P", level: 1, weight: 1, direction: 1 },
      { code: "P", parent: null, level: 2, weight: 1, direction: 1 },
    ],
  };
  const units = [
    { code: "X", values: { a: 0, b: 10, c: null } },
    { code: "Y", values: { a: 10, b: 0, c: 10 } },
    { code: "W", values: { a: 5, b: null, c: null } },
  ];

  it("skips missing children, re-normalises weights and reports coverage", () => {
    const r = scoreUnits(model, units, { normalise: { method: "none" }, aggregate: "arithmetic" });
    expect(arr(r.scores.P!)).toEqual([7.5, 4, 5]);
    expect(arr(r.coverage.P!)).toEqual([2 / 3, 1, 1 / 3]);
    expect([...r.ranks.P!]).toEqual([1, 3, 2]);
  });

  it("leaves a node missing below the data-availability threshold", () => {
    const r = scoreUnits(model, units, { normalise: { method: "none" }, aggregate: "arithmetic", dataThreshold: 0.5 });
    expect(arr(r.scores.P!)).toEqual([7.5, 4, null]);
    expect([...r.ranks.P!]).toEqual([1, 2, 0]);
  });

  it("geometric and harmonic means", () => {
    const pos = [{ code: "X", values: { a: 1, b: 8, c: 8 } }];
    expect(scoreUnits(model, pos, { normalise: { method: "none" }, aggregate: "geometric" }).scores.P![0]).toBeCloseTo(2 ** (12 / 5), 12);
    expect(scoreUnits(model, pos, { normalise: { method: "none" }, aggregate: "harmonic" }).scores.P![0]).toBeCloseTo(5 / (1 + 3 / 8 + 1 / 8), 12);
  });

  it("imputes with the column mean or median before normalising", () => {
    const r = scoreUnits(model, units, { normalise: { method: "none" }, aggregate: "arithmetic", impute: "mean" });
    expect(arr(r.scores.b!)).toEqual([10, 0, 5]);
    expect(arr(r.coverage.b!)).toEqual([1, 1, 0]);
  });
});
