import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { weightedKappa } from "../../indicators/engine/agreement";

const LEVELS = [0, 1, 2, 3, 4];
const pairs = fc.array(fc.tuple(fc.constantFrom(...LEVELS), fc.constantFrom(...LEVELS)), { minLength: 1, maxLength: 60 });

describe("weighted Cohen's kappa", () => {
  it("reproduces a worked example computed by hand (3 levels, 10 items)", () => {
    // Joint table [[2,1,0],[1,2,1],[0,1,2]], marginals (3,4,3)/10 for both raters.
    // Linear: observed disagreement = 4 × 0.5 / 10 = 0.2; expected = 0.5·(4 × 0.12) + 1·(2 × 0.09) = 0.42.
    const table = [
      [2, 1, 0],
      [1, 2, 1],
      [0, 1, 2],
    ];
    const a: number[] = [];
    const b: number[] = [];
    table.forEach((row, i) => row.forEach((count, j) => Array.from({ length: count }, () => (a.push(i), b.push(j)))));
    expect(weightedKappa(a, b, [0, 1, 2], "linear").kappa).toBeCloseTo(1 - 0.2 / 0.42, 12);
    // Quadratic: observed = 4 × 0.25 / 10 = 0.1; expected = 0.25·0.48 + 1·0.18 = 0.3.
    expect(weightedKappa(a, b, [0, 1, 2], "quadratic").kappa).toBeCloseTo(1 - 0.1 / 0.3, 12);
    expect(weightedKappa(a, b, [0, 1, 2]).observedAgreement).toBeCloseTo(0.6, 12);
  });

  it("is 1 when the raters agree on every item (and undefined when only one level is used)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LEVELS), { minLength: 2, maxLength: 50 }), (ratings) => {
        const { kappa } = weightedKappa(ratings, ratings, LEVELS);
        if (new Set(ratings).size > 1) expect(kappa).toBe(1);
        else expect(kappa).toBeNull();
      }),
    );
  });

  it("is symmetric in the raters and at most 1, under both weights", () => {
    fc.assert(
      fc.property(pairs, fc.constantFrom("linear" as const, "quadratic" as const), (ps, weights) => {
        const a = ps.map((p) => p[0]);
        const b = ps.map((p) => p[1]);
        const ab = weightedKappa(a, b, LEVELS, weights);
        const ba = weightedKappa(b, a, LEVELS, weights);
        if (ab.kappa === null) {
          expect(ba.kappa).toBeNull();
        } else {
          expect(ba.kappa).toBeCloseTo(ab.kappa, 12);
          expect(ab.kappa).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it("is −1 for perfectly reversed ratings on two levels, and refuses ratings outside the levels", () => {
    expect(weightedKappa([0, 1, 0, 1], [1, 0, 1, 0], [0, 1], "linear").kappa).toBeCloseTo(-1, 12);
    expect(() => weightedKappa([0, 7], [0, 1], [0, 1])).toThrow("rating 7 of item 2 is not one of the levels 0, 1");
    expect(() => weightedKappa([0], [0, 1], [0, 1])).toThrow("different numbers of items");
  });

  it("is deterministic: the same ratings give bit-identical results", () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const a = ps.map((p) => p[0]);
        const b = ps.map((p) => p[1]);
        expect(Object.is(weightedKappa(a, b, LEVELS).kappa, weightedKappa([...a], [...b], LEVELS).kappa)).toBe(true);
      }),
    );
  });
});
