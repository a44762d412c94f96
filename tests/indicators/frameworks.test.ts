import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScoringInputError } from "../../indicators/engine/errors";
import { scoreColumns, scoreUnits } from "../../indicators/engine/score";
import { formatCsv, parseCsv } from "../../indicators/io/csv";
import { diffFrameworks, suggestMapping } from "../../indicators/framework/diff";
import { frameworkToIMeta, iMetaToFramework } from "../../indicators/framework/coinr";
import { flattenFramework, FrameworkError, parseFramework } from "../../indicators/framework/load";
import { frameworkIndicators, toEngineColumns, toEngineInputs, toScoringModel } from "../../indicators/framework/model";
import type { Framework } from "../../indicators/framework/schema";
import { frameworkToSheets, sheetsToFramework } from "../../indicators/framework/workbook";
import { BUNDLED_FRAMEWORKS, checkPublished, frameworkDigest, getFramework } from "../../indicators/frameworks/index";
import { readAsem } from "./reference";

const zhiping = getFramework("zhiping-pilot@1.0.0");
const gbt = getFramework("gbt-33356@2016.0.0");
const clone = <T>(x: T): T => structuredClone(x);

describe("bundled frameworks", () => {
  it("Zhiping pilot framework covers the nine core problems with 30+ measurable, bilingual indicators", () => {
    const indicators = frameworkIndicators(zhiping);
    expect(indicators.length).toBeGreaterThanOrEqual(30);
    expect(zhiping.dimensions).toHaveLength(9);
    for (const ind of indicators) {
      expect(ind.name.zh && ind.name.en && ind.description.zh && ind.description.en).toBeTruthy();
      expect(ind.concerns.length).toBeGreaterThan(0);
      expect(ind.evidence.length).toBeGreaterThan(0);
      if (ind.kind === "quantitative") expect(ind.formula.zh.length).toBeGreaterThan(0);
      if (ind.kind === "rubric") expect(ind.levels.length).toBeGreaterThanOrEqual(3);
    }
  });

  it("gives citizen engagement, data silos and operability the heaviest weights", () => {
    const byWeight = [...zhiping.dimensions].sort((a, b) => b.weight - a.weight).map((d) => d.concerns?.[0]);
    expect(byWeight.slice(0, 3).sort()).toEqual(["citizen-engagement", "data-silos", "operability"]);
    for (const concern of ["citizen-engagement", "data-silos", "operability"] as const)
      expect(frameworkIndicators(zhiping).filter((i) => i.concerns.includes(concern)).length).toBeGreaterThanOrEqual(6);
  });

  it("GB/T 33356 keeps the standard's structure, IDs and first-level weights, and marks what is unconfirmed", () => {
    expect(gbt.dimensions.map((d) => [d.code, d.weight])).toEqual([
      ["L1", 37], ["L2", 9], ["L3", 8], ["L4", 7], ["L5", 7], ["L6", 8], ["L7", 4], ["L8", 20],
    ]);
    const codes = frameworkIndicators(gbt).map((i) => i.code);
    expect(codes).toContain("L1P1-A1");
    expect(codes.every((c) => /^L\dP\d-A\d$/.test(c))).toBe(true);
    expect(frameworkIndicators(gbt).some((i) => i.confirmed === false)).toBe(true);
  });

  it("refuses a published framework that was edited in place", () => {
    const edited = clone(zhiping) as Framework;
    edited.dimensions[0]!.weight = 21;
    const lock = { "zhiping-pilot@1.0.0": frameworkDigest(zhiping) };
    expect(() => checkPublished(zhiping, lock, "x")).not.toThrow();
    expect(() => checkPublished(edited, lock, "x")).toThrow(/must not change; publish the change as a new version/);
    expect(() => checkPublished({ ...edited, version: "1.1.0" }, lock, "x")).toThrow(/not in published.lock.json/);
    expect(() => checkPublished({ ...edited, version: "1.1.0", status: "draft" }, lock, "x")).not.toThrow();
  });
});

describe("framework validation", () => {
  it("lists every problem by path and returns nothing", () => {
    const bad = clone(zhiping) as unknown as { dimensions: Record<string, unknown>[]; version: string };
    bad.version = "one";
    (bad.dimensions[2]!.children as Record<string, unknown>[])[0]!.weight = 0;
    ((bad.dimensions[0]!.children as Record<string, unknown>[])[0]!.children as Record<string, unknown>[])[1]!.direction = "up";
    (bad.dimensions[1] as { code: string }).code = "CE";
    try {
      parseFramework(bad, "bad.json");
      expect.fail("accepted a bad framework");
    } catch (e) {
      const err = e as FrameworkError;
      expect(err).toBeInstanceOf(FrameworkError);
      expect(err.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^version: semantic version/),
          "dimensions[2].children[0].weight: must be > 0",
          expect.stringMatching(/^dimensions\[0\]\.children\[0\]\.children\[1\]\.direction: /),
        ]),
      );
    }
    // Duplicates are found once the shape is right.
    const dup = clone(zhiping) as Framework;
    dup.dimensions[1]!.code = "CE";
    expect(() => parseFramework(dup)).toThrow(/dimensions\[1\]\.code: duplicate code "CE" \(also at dimensions\[0\]\)/);
  });

  it("keeps validation rules and plausibility settings through the workbook, and places a rule it cannot read", () => {
    const codes = frameworkIndicators(zhiping).map((i) => i.code);
    const withRules = clone(zhiping) as Framework;
    withRules.rules = [
      { id: "r1", expression: `${codes[1]} <= ${codes[0]} * 2`, severity: "error", message: { zh: "第二项不应超过第一项的两倍", en: "The second should not exceed twice the first" } },
      { id: "r2", expression: `${codes[2]} + ${codes[3]} <= 100`, severity: "warning", message: { zh: "两项之和不超过100", en: "The two add up to at most 100" } },
    ];
    const quantitative = frameworkIndicators(withRules).find((i) => i.kind === "quantitative")!;
    if (quantitative.kind === "quantitative") quantitative.plausibility = { maxChange: 0.3, expectsChange: true };
    expect(parseFramework(withRules)).toBe(withRules);
    const read = sheetsToFramework(frameworkToSheets(withRules));
    expect(read.problems).toEqual([]);
    expect(read.framework).toEqual(withRules);

    const bad = clone(withRules);
    bad.rules![1]!.expression = `${codes[2]} + NOPE <= 100`;
    const position = codes[2]!.length + 4;
    expect(() => parseFramework(bad)).toThrow(new RegExp(`rules\\[1\\]\\.expression: rule "r2": "NOPE" is not an indicator of the framework at position ${position}`));
    const sheets = sheetsToFramework(frameworkToSheets(bad));
    expect(sheets.problems).toEqual([expect.objectContaining({ sheet: "Rules", row: 3, column: "expression", code: "badRule", vars: expect.objectContaining({ position: String(position) }) })]);
  });

  it("rejects indicators at different depths", () => {
    const uneven = clone(zhiping) as Framework;
    const pr = uneven.dimensions[3] as { children: unknown[] };
    pr.children = (pr.children[0] as { children: unknown[] }).children;
    expect(() => parseFramework(uneven)).toThrow(/same depth/);
  });
});

describe("framework scoring", () => {
  it("maps rubric levels and yes/no answers through the framework's definition", () => {
    const ind = frameworkIndicators(zhiping);
    const rubric = ind.find((i) => i.kind === "rubric")!;
    const binary = ind.find((i) => i.kind === "binary")!;
    const inputs = toEngineInputs(zhiping, [
      { code: "A", values: { [rubric.code]: 4, [binary.code]: 1 } },
      { code: "B", values: { [rubric.code]: 1, [binary.code]: 0 } },
    ]);
    const result = scoreUnits(toScoringModel(zhiping), inputs, { normalise: { method: "minmax" }, aggregate: "arithmetic" });
    expect([...result.scores[rubric.code]!]).toEqual([100, 25]);
    expect([...result.scores[binary.code]!]).toEqual([100, 0]);
    expect(() => toEngineInputs(zhiping, [{ code: "A", values: { [rubric.code]: 7 } }])).toThrow(/rubric level must be one of 0, 1, 2, 3, 4, got 7/);
    expect(() => toEngineInputs(zhiping, [{ code: "A", values: { [binary.code]: 0.5 } }])).toThrow(/expected 0 \(no\) or 1 \(yes\)/);
  });

  it("converts a cohort into columns exactly as into unit objects, at once or a few units at a time", () => {
    const indicators = frameworkIndicators(zhiping);
    const method = { normalise: { method: "zscore" }, aggregate: "arithmetic", impute: "mean" } as const;
    const entered = fc.constantFrom(...indicators).chain((ind) =>
      fc.tuple(
        fc.constant(ind.code),
        ind.kind === "rubric" ? fc.constantFrom(...ind.levels.map((l) => l.level), null) : ind.kind === "binary" ? fc.constantFrom(0, 1, null) : fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true })),
      ),
    );
    const unit = fc.array(entered, { maxLength: indicators.length }).map((pairs) => Object.fromEntries(pairs));
    fc.assert(
      fc.property(fc.array(unit, { minLength: 2, maxLength: 30 }), fc.nat(), (values, cut) => {
        const units = values.map((v, u) => ({ code: `U${(u * 7919) % 1000}-${u}`, values: v }));
        const expected = scoreUnits(toScoringModel(zhiping), toEngineInputs(zhiping, units), method);
        const split = cut % units.length;
        const columns = toEngineColumns(zhiping, units.slice(split), toEngineColumns(zhiping, units.slice(0, split)));
        const actual = scoreColumns(toScoringModel(zhiping), columns.unitCodes, columns.columns, method);
        expect(actual.hash).toBe(expected.hash);
        expect(actual.scores).toEqual(expected.scores);
        expect(actual.ranks).toEqual(expected.ranks);
      }),
      { numRuns: 60 },
    );
  });

  it("refuses in columns what it refuses in unit objects, naming the unit and indicator", () => {
    const ind = frameworkIndicators(zhiping);
    const rubric = ind.find((i) => i.kind === "rubric")!;
    const numeric = ind.find((i) => i.kind !== "rubric" && i.kind !== "binary")!;
    const before = toEngineColumns(zhiping, [{ code: "A", values: { [rubric.code]: 2 } }]);
    const copy = structuredClone(before);
    for (const [values, message] of [
      [{ [rubric.code]: 7 }, "rubric level must be one of 0, 1, 2, 3, 4, got 7"],
      [{ [numeric.code]: Infinity }, "expected a finite number, got Infinity"],
      [{ Index: 3 }, '"Index" is not an indicator of zhiping-pilot@1.0.0'],
    ] as const) {
      const bad = [{ code: "B", values: {} }, { code: "C", values }];
      const refusal = (convert: () => unknown) => {
        try {
          convert();
        } catch (error) {
          return { message: (error as Error).message, path: (error as ScoringInputError).location.path };
        }
        return null;
      };
      const expected = { message: expect.stringContaining(message), path: `units[1](C).values.${Object.keys(values)[0]}` };
      expect(refusal(() => toEngineColumns(zhiping, bad, before))).toEqual(expected);
      expect(refusal(() => toEngineColumns(zhiping, bad))).toEqual(expected);
      expect(refusal(() => toEngineInputs(zhiping, bad))).toEqual(expected);
    }
    // The cohort appended to is left as it was.
    expect(before).toEqual(copy);
  });

  it("scores every bundled framework end to end", () => {
    for (const f of BUNDLED_FRAMEWORKS) {
      const model = toScoringModel(f);
      const units = ["X", "Y", "Z"].map((code, k) => ({
        code,
        values: Object.fromEntries(frameworkIndicators(f).map((i) => [i.code, i.kind === "rubric" ? k + 1 : i.kind === "binary" ? k % 2 : 10 + 20 * k])),
      }));
      const result = scoreUnits(model, toEngineInputs(f, units), { normalise: { method: "minmax" }, aggregate: "arithmetic" });
      expect(result.ranks.Index).toEqual(Int32Array.from([3, 2, 1]));
    }
  });
});

describe("GB/T 33356-2022 structure", () => {
  const v2022 = getFramework("gbt-33356@2022.0.0");
  const flat = flattenFramework(v2022);

  it("has the structure public sources confirm (9 / 29 / 62, L/P/A numbering), everything else marked unconfirmed", () => {
    expect(flat.filter((f) => f.depth === 1)).toHaveLength(9);
    expect(flat.filter((f) => f.depth === 2)).toHaveLength(29);
    expect(frameworkIndicators(v2022)).toHaveLength(62);
    for (const { node, depth } of flat) {
      expect(node.code).toMatch([/^L\d$/, /^L\dP\d+$/, /^L\dP\d+-A\d+$/][depth - 1]!);
      expect(node.confirmed, node.code).toBe(false);
    }
  });

  it("diffs against the 2016 edition: the 2016 items carried over, the new places added, nothing removed or moved", () => {
    const diff = diffFrameworks(gbt, v2022);
    expect(diff.removed).toEqual([]);
    expect(diff.moved).toEqual([]);
    expect(diff.reweighted).toEqual([]);
    expect(diff.added).toHaveLength(1 + 8 + 20);
    expect(diff.added).toContain("L9");
    expect(suggestMapping(gbt, v2022)).toEqual({});
    // Were a 2016 item renumbered in 2022, the mapping carries it: it shows as recoded, not as removed and added.
    const renumbered = diffFrameworks(gbt, v2022, { "L1P9-A1": "L9P1-A1" });
    expect(renumbered.recoded).toEqual([{ from: "L1P9-A1", to: "L9P1-A1" }]);
    expect(renumbered.removed).toEqual([]);
    expect(renumbered.added).not.toContain("L9P1-A1");
  });
});

describe("versions and COINr exchange", () => {
  it("diffs two versions node by node", () => {
    const next = clone(zhiping) as Framework;
    next.version = "1.1.0";
    next.dimensions[0]!.weight = 25;
    const ce1 = next.dimensions[0]! as { children: { children: unknown[] }[] };
    ce1.children[0]!.children.pop();
    (next.dimensions[8]! as { children: { children: unknown[] }[] }).children[0]!.children.push({
      ...(frameworkIndicators(zhiping).find((i) => i.code === "EC1.3")!),
      code: "EC1.4",
    });
    const dims = next.dimensions as { name: { zh: string } }[];
    dims[1]!.name.zh = "数据孤岛";
    const diff = diffFrameworks(zhiping, next);
    expect(diff).toMatchObject({
      from: "zhiping-pilot@1.0.0",
      to: "zhiping-pilot@1.1.0",
      added: ["EC1.4"],
      removed: ["CE1.3"],
      reweighted: [{ code: "CE", from: 20, to: 25 }],
      changed: [{ code: "DS", fields: ["name"] }],
    });
  });

  it("round-trips a framework through COINr's iMeta layout", () => {
    const csv = frameworkToIMeta(zhiping);
    expect(csv.split("\n")[0]).toBe("iCode,iName,Level,Parent,Weight,Direction,iNameEn,Kind,Unit,Concerns");
    const back = iMetaToFramework(csv, { id: "zhiping-pilot", version: "9.0.0" }).framework!;
    const diff = diffFrameworks(zhiping, back);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.reweighted).toEqual([]);
    expect(diff.moved).toEqual([]);
    expect(toScoringModel(back).nodes.map((n) => [n.code, n.parent, n.level, n.direction])).toEqual(
      toScoringModel(zhiping).nodes.map((n) => [n.code, n.parent, n.level, n.direction]),
    );
  });

  it("imports the ASEM iMeta as a draft framework once every name has its English text", () => {
    const plain = iMetaToFramework(readAsem("iMeta.csv"), { id: "asem", version: "1.0.0" });
    expect(plain.framework).toBeNull();
    expect(plain.problems).toEqual([expect.objectContaining({ sheet: "iMeta.csv", row: 1, column: "iNameEn", code: "missingColumn" })]);
    const [head, ...rows] = parseCsv(readAsem("iMeta.csv")).map((r) => r.fields);
    const nameAt = head!.indexOf("iName");
    const bilingual = formatCsv([[...head!, "iNameEn"], ...rows.map((r) => [...r, r[nameAt]!])]);
    const asem = iMetaToFramework(bilingual, { id: "asem", version: "1.0.0" }).framework!;
    expect(frameworkIndicators(asem)).toHaveLength(49);
    expect(asem.status).toBe("draft");
  });
});
