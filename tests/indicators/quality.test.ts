import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRule, cohortStatistics, flagsAfterSave, outlierVerdict, parseRule, plausibilityFlags, RuleSyntaxError, type CheckInput, type PlausibilityFlag } from "../../indicators/quality";

const CODES = ["DS1.1", "DS1.2", "OP1.3", "OP1.4", "CE-1", "CE-2", "A.1", "A.10"];
const values = (v: Record<string, number | null>) => (code: string) => v[code];
const syntaxError = (text: string) => {
  try {
    parseRule(text, CODES);
  } catch (error) {
    if (error instanceof RuleSyntaxError) return { reason: error.reason, position: error.position, message: error.message };
    throw error;
  }
  throw new Error(`"${text}" parsed`);
};

describe("validation rules", () => {
  it("read left operator right over codes and constants, and hold or break as arithmetic says", () => {
    const rule = parseRule("DS1.2 <= DS1.1", CODES);
    expect(rule.codes).toEqual(["DS1.2", "DS1.1"]);
    expect(checkRule(rule, values({ "DS1.1": 80, "DS1.2": 60 })).outcome).toBe("holds");
    expect(checkRule(rule, values({ "DS1.1": 60, "DS1.2": 80 }))).toEqual({ outcome: "broken", left: 80, right: 60 });
    expect(checkRule(rule, values({ "DS1.1": 60, "DS1.2": null })).outcome).toBe("skipped");
    const shares = parseRule("OP1.3 + OP1.4 <= 100", CODES);
    // 60.1 + 39.9 is 100.00000000000001 in binary: within the tolerance, the rule holds.
    expect(checkRule(shares, values({ "OP1.3": 60.1, "OP1.4": 39.9 })).outcome).toBe("holds");
    expect(checkRule(shares, values({ "OP1.3": 60.1, "OP1.4": 40 })).outcome).toBe("broken");
    // Precedence, unary minus, parentheses, division by zero (skipped, not a verdict).
    expect(checkRule(parseRule("2 * (OP1.3 - -OP1.4) / 4 == 5", CODES), values({ "OP1.3": 4, "OP1.4": 6 })).outcome).toBe("holds");
    expect(checkRule(parseRule("OP1.3 / OP1.4 > 1", CODES), values({ "OP1.3": 4, "OP1.4": 0 })).outcome).toBe("skipped");
  });

  it("find the longest code, codes with . and - included", () => {
    expect(parseRule("A.10 >= A.1", CODES).codes).toEqual(["A.10", "A.1"]);
    expect(parseRule("CE-1-CE-2>=0", CODES).codes).toEqual(["CE-1", "CE-2"]);
    expect(checkRule(parseRule("CE-1 - CE-2 >= 0", CODES), values({ "CE-1": 3, "CE-2": 5 })).outcome).toBe("broken");
  });

  it("refuse what they cannot read, with the reason and the position", () => {
    expect(syntaxError("DS1.2 <= ")).toMatchObject({ reason: "unexpectedEnd", position: 9 });
    expect(syntaxError("DS9.9 <= 1")).toMatchObject({ reason: "unknownIndicator", position: 0, message: '"DS9.9" is not an indicator of the framework at position 1' });
    expect(syntaxError("DS1.1 + DS1.2")).toMatchObject({ reason: "missingComparison", position: 13 });
    expect(syntaxError("DS1.1 <= 100 100")).toMatchObject({ reason: "extraText", position: 13 });
    expect(syntaxError("(DS1.1 <= 1")).toMatchObject({ reason: "unexpectedCharacter", position: 7 });
    expect(syntaxError("DS1.1 <= process.exit()")).toMatchObject({ reason: "unknownIndicator", position: 9 });
    expect(syntaxError("DS1.1 = 1")).toMatchObject({ reason: "unexpectedCharacter", position: 6 });
  });
});

describe("cohort outliers", () => {
  it("modified z-score and far-out fences, by hand: 100 among 1…8", () => {
    const stats = cohortStatistics([1, 2, 3, 4, 5, 6, 7, 8, 100, NaN]);
    // median 5; |x − 5| sorted: 0 1 1 2 2 3 3 4 95, so MAD 2; quartiles (type 7) 3 and 7, IQR 4.
    expect(stats).toMatchObject({ n: 9, tooSmall: false, median: 5, mad: 2, q1: 3, q3: 7, lowerFence: -9, upperFence: 19 });
    const far = outlierVerdict(100, stats);
    expect(far.modifiedZ).toBeCloseTo((0.6745 * 95) / 2, 12);
    expect(far).toMatchObject({ byModifiedZ: true, byFences: true });
    expect(outlierVerdict(1, stats)).toMatchObject({ byModifiedZ: false, byFences: false });
    expect(outlierVerdict(1, stats).modifiedZ).toBeCloseTo((0.6745 * -4) / 2, 12);
  });

  it("with a MAD of 0 uses the mean absolute deviation; below the minimum cohort flags nothing and says so", () => {
    const stats = cohortStatistics([5, 5, 5, 5, 5, 5, 5, 5, 6]);
    expect(stats.mad).toBe(0);
    expect(outlierVerdict(6, stats).modifiedZ).toBeCloseTo(1 / (1.253314 / 9), 9);
    expect(outlierVerdict(6, stats).byModifiedZ).toBe(true);
    const small = cohortStatistics([1, 2, 3, 4, 5, 6, 1000]);
    expect(small.tooSmall).toBe(true);
    expect(outlierVerdict(1000, small)).toMatchObject({ byModifiedZ: false, byFences: false });
  });

  it("the modified z-score does not change when the cohort is shifted or rescaled", () => {
    fc.assert(
      fc.property(
        // Values as submitted (two decimals), not subnormals that a rescale would flush to zero.
        fc.array(fc.integer({ min: -1e6, max: 1e6 }).map((x) => x / 100), { minLength: 8, maxLength: 40 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (xs, scale, shift) => {
          const moved = xs.map((x) => scale * x + shift);
          const a = cohortStatistics(xs);
          const b = cohortStatistics(moved);
          xs.forEach((x, i) => {
            const before = outlierVerdict(x, a).modifiedZ;
            const after = outlierVerdict(moved[i]!, b).modifiedZ;
            // Equal up to rounding, except where rounding decides whether a value sits on the median.
            if (Math.abs(before) > 1e-6 && Math.abs(after) > 1e-6) expect(Math.abs(after - before)).toBeLessThan(1e-6 * Math.max(1, Math.abs(before)));
          });
        },
      ),
    );
  });
});

const input = (over: Partial<CheckInput> = {}): CheckInput => ({
  rules: [
    { id: "shared-le-total", expression: "DS1.2 <= DS1.1", severity: "error", message: { zh: "共享部门数不能超过部门总数", en: "Sharing departments cannot exceed all departments" } },
    { id: "shares", expression: "OP1.3 + OP1.4 <= 100", severity: "warning", message: { zh: "两项占比之和不应超过100", en: "The two shares should not exceed 100" } },
  ],
  indicators: [{ code: "DS1.1" }, { code: "DS1.2" }, { code: "OP1.3", expectedRange: [0, 100], maxChange: 0.2, expectsChange: true }, { code: "OP1.4" }],
  current: {
    unitCodes: ["a", "b", "c", "d", "e", "f", "g", "h", "i"],
    columns: {
      "DS1.1": [40, 42, 38, 41, 39, 40, 43, 37, 20],
      "DS1.2": [30, 31, 29, 30, 28, 30, 32, 27, 25],
      "OP1.3": [50, 52, 48, 51, 49, 50, 100, 47, 50],
      "OP1.4": [40, 41, 39, 40, 38, 39, 10, 37, 60],
    },
  },
  previous: { unitCodes: ["a", "i"], columns: { "OP1.3": [40, 50] } },
  ...over,
});
const key = (f: PlausibilityFlag) => `${f.unit}|${f.kind}|${f.rule ?? ""}|${f.indicators.join("+")}`;

describe("all checks of a cohort", () => {
  it("flag broken rules, outliers, large changes, unchanged values and range edges, each with its figures", () => {
    const flags = plausibilityFlags(input());
    expect(flags.map(key).sort()).toEqual(
      [
        "a|change||OP1.3", // 40 → 50 is +25%, over the indicator's 20%
        "g|outlier||OP1.3", // 100 among ~50
        "g|outlier||OP1.4", // 10 among ~40
        "g|rangeEdge||OP1.3", // exactly the top of 0–100
        "g|rule|shares|OP1.3+OP1.4", // 100 + 10
        "i|outlier||DS1.1", // 20 among ~40
        "i|outlier||OP1.4", // 60 among ~40
        "i|rule|shares|OP1.3+OP1.4", // 50 + 60
        "i|rule|shared-le-total|DS1.2+DS1.1", // 25 sharing of 20
        "i|unchanged||OP1.3", // 50 again, on an indicator expected to move
      ].sort(),
    );
    expect(flags.find((f) => f.rule === "shared-le-total")).toMatchObject({ severity: "error", detail: { left: 25, right: 20 } });
    expect(flags.find((f) => f.unit === "a" && f.kind === "change")!.detail).toMatchObject({ value: 50, previous: 40, change: 0.25, limit: 0.2 });
    expect(flags.find((f) => f.unit === "g" && f.kind === "outlier" && f.indicators[0] === "OP1.3")!.detail).toMatchObject({ value: 100, median: 50, cohort: 9 });
  });

  it("the same flags whatever the order of the units", () => {
    const base = input();
    const expected = plausibilityFlags(base).map(key).sort();
    fc.assert(
      fc.property(fc.shuffledSubarray([...base.current.unitCodes.keys()], { minLength: 9, maxLength: 9 }), (order) => {
        const shuffled = {
          unitCodes: order.map((u) => base.current.unitCodes[u]!),
          columns: Object.fromEntries(Object.entries(base.current.columns).map(([c, v]) => [c, order.map((u) => v[u]!)])),
        };
        expect(plausibilityFlags({ ...base, current: shuffled }).map(key).sort()).toEqual(expected);
      }),
    );
  });

  it("after one saved value, recomputes only what that value can change, and agrees with a full run", () => {
    const base = input();
    const fixed = { ...base.current.columns, "OP1.4": [40, 41, 39, 40, 38, 39, 10, 37, 40] };
    const after = { ...base, current: { ...base.current, columns: fixed } };
    const partial = flagsAfterSave(after, "OP1.4", "i");
    const full = plausibilityFlags(after);
    expect(partial.rules.map(key)).toEqual(full.filter((f) => f.unit === "i" && f.kind === "rule" && f.indicators.includes("OP1.4")).map(key));
    expect(partial.values.map(key).sort()).toEqual(full.filter((f) => f.kind !== "rule" && f.indicators[0] === "OP1.4").map(key).sort());
    expect(partial.rules.map(key)).toEqual([]);
  });
});
