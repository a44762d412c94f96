import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatResultTable } from "../../indicators/io/coinr";
import { weightedMean } from "../../indicators/engine/aggregate";
import { scoreUnits } from "../../indicators/engine/score";
import type { AggregateMethod, ModelNode, NormaliseSpec, ScoringModel, UnitInput } from "../../indicators/engine/types";

/** A random 3-level tree: root → pillars → indicators, with random weights and directions. */
const modelArb = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
  .chain((sizes) =>
    fc.record({
      sizes: fc.constant(sizes),
      weights: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: sizes.reduce((a, b) => a + b, 0) + sizes.length, maxLength: sizes.reduce((a, b) => a + b, 0) + sizes.length }),
      directions: fc.array(fc.constantFrom<1 | -1>(1, -1), { minLength: sizes.reduce((a, b) => a + b, 0), maxLength: sizes.reduce((a, b) => a + b, 0) }),
    }),
  )
  .map(({ sizes, weights, directions }): ScoringModel => {
    const nodes: ModelNode[] = [];
    let w = 0;
    let ind = 0;
    sizes.forEach((size, p) => {
      for (let k = 0; k < size; k++) nodes.push({ code: `i${p}_${k}`, parent: `P${p}`, level: 1, weight: weights[w++]!, direction: directions[ind++]! });
    });
    sizes.forEach((_, p) => nodes.push({ code: `P${p}`, parent: "Index", level: 2, weight: weights[w++]!, direction: 1 }));
    nodes.push({ code: "Index", parent: null, level: 3, weight: 1, direction: 1 });
    return { id: "prop@1", nodes };
  });

const indicatorsOf = (m: ScoringModel) => m.nodes.filter((n) => n.level === 1).map((n) => n.code);

const unitsArb = (m: ScoringModel, missing = true) =>
  fc.integer({ min: 2, max: 12 }).chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, u) =>
        fc.record(
          Object.fromEntries(
            indicatorsOf(m).map((c) => [c, missing ? fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { freq: 8 }) : fc.double({ min: -1e6, max: 1e6, noNaN: true })]),
          ),
        ).map((values): UnitInput => ({ code: `U${u}`, values })),
      ),
    ),
  );

const scenario = (missing = true) => modelArb.chain((model) => fc.tuple(fc.constant(model), unitsArb(model, missing)));
const arithmetic = { normalise: { method: "minmax", range: [0, 100] } as NormaliseSpec, aggregate: "arithmetic" as AggregateMethod };

const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe("scoring engine properties", () => {
  it("permuting units permutes results (and keeps the hash)", () => {
    fc.assert(
      fc.property(scenario(), fc.infiniteStream(fc.nat()), ([model, units], seeds) => {
        const order = units.map((_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const shuffled = order.map((i) => units[i]!);
        const a = scoreUnits(model, units, arithmetic);
        const b = scoreUnits(model, shuffled, arithmetic);
        expect(b.hash).toBe(a.hash);
        for (const code of a.nodeCodes)
          order.forEach((from, to) => {
            expect(same(b.scores[code]![to]!, a.scores[code]![from]!)).toBe(true);
            expect(b.ranks[code]![to]).toBe(a.ranks[code]![from]);
          });
      }),
      { numRuns: 60 },
    );
  });

  it("scaling the weights of a sibling group by a constant changes no score", () => {
    fc.assert(
      fc.property(scenario(), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.nat(), ([model, units], factor, pick) => {
        const parents = [...new Set(model.nodes.map((n) => n.parent).filter((p): p is string => !!p))];
        const parent = parents[pick % parents.length]!;
        const scaled: ScoringModel = { ...model, nodes: model.nodes.map((n) => (n.parent === parent ? { ...n, weight: n.weight * factor } : n)) };
        const a = scoreUnits(model, units, arithmetic);
        const b = scoreUnits(scaled, units, arithmetic);
        for (const code of a.nodeCodes) a.scores[code]!.forEach((v, u) => expect(same(b.scores[code]![u]!, v)).toBe(true));
      }),
      { numRuns: 60 },
    );
  });

  it("improving an indicator in its good direction never lowers the unit's arithmetic score", () => {
    fc.assert(
      fc.property(scenario(false), fc.nat(), fc.nat(), fc.double({ min: 0, max: 1e6, noNaN: true }), ([model, units], pickUnit, pickInd, delta) => {
        const u = pickUnit % units.length;
        const ind = model.nodes.filter((n) => n.level === 1)[pickInd % indicatorsOf(model).length]!;
        const better = units.map((unit, k) =>
          k === u ? { ...unit, values: { ...unit.values, [ind.code]: (unit.values[ind.code] as number) + ind.direction * delta } } : unit,
        );
        // Goalposts keep the scale fixed, so one unit's change cannot move the others' normalisation.
        const fixed = { normalise: { method: "goalposts", lower: -2e6, upper: 2e6, scale: 100 } as NormaliseSpec, aggregate: "arithmetic" as AggregateMethod };
        const before = scoreUnits(model, units, fixed).scores.Index![u]!;
        const after = scoreUnits(model, better, fixed).scores.Index![u]!;
        expect(after).toBeGreaterThanOrEqual(before - 1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it("min-max results lie in [l, u]", () => {
    fc.assert(
      fc.property(scenario(), fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.001, max: 100, noNaN: true }), ([model, units], l, width) => {
        const u = l + width;
        const result = scoreUnits(model, units, { normalise: { method: "minmax", range: [l, u] }, aggregate: "arithmetic" });
        for (const code of result.nodeCodes)
          for (const v of result.scores[code]!) if (!Number.isNaN(v)) {
            expect(v).toBeGreaterThanOrEqual(l - 1e-9 * Math.max(1, Math.abs(l)));
            expect(v).toBeLessThanOrEqual(u + 1e-9 * Math.max(1, Math.abs(u)));
          }
      }),
      { numRuns: 80 },
    );
  });

  it("the same inputs give byte-identical output and hash; different inputs a different hash", () => {
    fc.assert(
      fc.property(scenario(false), ([model, units]) => {
        const a = scoreUnits(model, units, arithmetic);
        const b = scoreUnits(structuredClone(model), structuredClone(units), arithmetic);
        expect(formatResultTable(b, "scores")).toBe(formatResultTable(a, "scores"));
        expect(formatResultTable(b, "ranks")).toBe(formatResultTable(a, "ranks"));
        expect(b.hash).toBe(a.hash);
        const first = indicatorsOf(model)[0]!;
        const changed = units.map((unit, k) => (k === 0 ? { ...unit, values: { ...unit.values, [first]: (unit.values[first] as number) + 1 } } : unit));
        expect(scoreUnits(model, changed, arithmetic).hash).not.toBe(a.hash);
        expect(scoreUnits(model, units, { ...arithmetic, aggregate: "harmonic", normalise: { method: "minmax", range: [1, 100] } }).hash).not.toBe(a.hash);
      }),
      { numRuns: 40 },
    );
  });

  it("contributions add up to the top score under arithmetic aggregation", () => {
    fc.assert(
      fc.property(scenario(), ([model, units]) => {
        const result = scoreUnits(model, units, arithmetic);
        units.forEach((_, u) => {
          const top = result.scores.Index![u]!;
          const sum = indicatorsOf(model).reduce((s, c) => s + result.contributions![c]![u]!, 0);
          if (Number.isNaN(top)) expect(sum).toBe(0);
          else expect(Math.abs(sum - top)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(top)));
        });
      }),
      { numRuns: 60 },
    );
  });

  it("column-wise aggregation gives exactly the per-unit weighted mean of the children (every method)", () => {
    fc.assert(
      fc.property(scenario(), fc.constantFrom<AggregateMethod>("arithmetic", "geometric", "harmonic"), ([model, units], method) => {
        const result = scoreUnits(model, units, { normalise: { method: "minmax", range: [1, 100] }, aggregate: method });
        for (const parent of model.nodes.filter((n) => n.level > 1)) {
          const kids = model.nodes.filter((n) => n.parent === parent.code);
          result.unitCodes.forEach((_, u) => {
            const expected = weightedMean(method, kids.map((k) => result.scores[k.code]![u]!), kids.map((k) => k.weight));
            expect(Object.is(result.scores[parent.code]![u], expected)).toBe(true);
          });
        }
      }),
      { numRuns: 80 },
    );
  });
});
