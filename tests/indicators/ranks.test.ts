import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ascendingOrder, competitionRanks } from "../../indicators/engine/stats";

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
});
