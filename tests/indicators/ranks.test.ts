import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreUnits, unitResult } from "../../indicators/engine/score";
import { ascendingOrder, competitionRanks } from "../../indicators/engine/stats";
import { benchModel } from "../bench/scoring.bench";

describe("radix ordering and ranks", () => {
  it("orders any doubles exactly as a comparison sort does, NaN left out", () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.constantFrom(0, -0, 1, 1 + Number.EPSILON, 1 + 2 * Number.EPSILON, -1, Number.MIN_VALUE, -Number.MAX_VALUE, 1e-300),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), (values) => {
        const x = Float64Array.from(values);
        const sorted = Array.from(ascendingOrder(x), (i) => x[i]!);
        const expected = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
        expect(sorted).toHaveLength(expected.length);
        sorted.forEach((v, i) => expect(v === expected[i]).toBe(true)); // -0 and 0 are equal
      }),
      { numRuns: 300 },
    );
  });

  it("long runs of values sharing their high 32 bits are ordered too", () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => 1 + ((i * 7919) % 500) * Number.EPSILON);
    const sorted = Array.from(ascendingOrder(x), (i) => x[i]!);
    expect(sorted).toEqual([...x].sort((a, b) => a - b));
  });

  it("competition ranks: 1 is best, ties share the best rank, missing is 0", () => {
    expect([...competitionRanks(Float64Array.from([5, NaN, 7, 5, 1]))]).toEqual([2, 0, 1, 2, 4]);
  });

  it("runs of one repeated value (a rubric column's handful of scores) stay in index order", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 25, 50, 75, 100, NaN, 1 + Number.EPSILON, 1), { maxLength: 400 }), (values) => {
        const x = Float64Array.from(values);
        const stable = [...x.keys()].filter((i) => !Number.isNaN(x[i])).sort((a, b) => x[a]! - x[b]! || a - b);
        expect([...ascendingOrder(x)]).toEqual(stable);
      }),
      { numRuns: 200 },
    );
  });

  it("a unit's ranks in its result are the ranks of the whole cohort, whether or not the cohort was ranked first", () => {
    const model = benchModel();
    const indicators = model.nodes.filter((n) => n.level === 1).map((n) => n.code);
    const level = fc.option(fc.constantFrom(0, 1, 2, 3, 4), { nil: null, freq: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(level, { minLength: indicators.length, maxLength: indicators.length }), { minLength: 1, maxLength: 60 }), (rows) => {
        const units = rows.map((row, u) => ({ code: `U${u}`, values: Object.fromEntries(indicators.map((c, i) => [c, row[i]!])) }));
        const method = { normalise: { method: "minmax" }, aggregate: "arithmetic" } as const;
        // The first unit asked of a result has its ranks counted; every unit here is the first of its own result.
        const counted = units.map((u) => unitResult(scoreUnits(model, units, method), u.code).ranks);
        const ranked = scoreUnits(model, units, method);
        for (const node of ranked.nodeCodes) {
          const column = ranked.ranks[node]!;
          expect(column).toEqual(competitionRanks(ranked.scores[node]!));
          units.forEach((u, k) => {
            expect(counted[k]![node]).toBe(column[k] || null);
            expect(unitResult(ranked, u.code).ranks[node]).toBe(column[k] || null);
          });
        }
        // Read once, kept: the same array every time.
        expect(ranked.ranks.Index).toBe(ranked.ranks.Index);
      }),
      { numRuns: 40 },
    );
  });
});
