import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerDistribution,
  estimateIndicator,
  findAnomalies,
  kishDesignEffect,
  parseAnswer,
  plannedSampleSize,
  rake,
  RakingError,
  type RakingMargin,
  respondentScore,
  surveyDesignSchema,
  wilsonInterval,
  type SurveyDesign,
  type SurveyQuestion,
} from "../../indicators/survey/index";

const text = (zh: string) => ({ zh, en: zh });
const likert = (id: string) => ({ id, scale: "likert5" as const, text: text(id) });
const design = (over: Partial<SurveyDesign>): SurveyDesign => ({ questions: [likert("q1")], estimator: "mean", minSample: 30, targetMargin: 5, ...over });

describe("survey estimators against hand-computed examples", () => {
  it("Wilson's interval reproduces Newcombe (1998), table I, method 3", () => {
    // Newcombe RG. Two-sided confidence intervals for the single proportion. Stat Med 1998;17:857–872.
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [r, n, lo, hi] of cases) {
      const [l, h] = wilsonInterval(r / n, n);
      expect(l).toBeCloseTo(lo, 4);
      expect(h).toBeCloseTo(hi, 4);
    }
  });

  it("a mean gets the t interval: five Likert answers", () => {
    // Answers 3,4,5,4,2 → scores 50,75,100,75,25; mean 65; s² = (225+100+1225+100+1600)/4 = 812.5;
    // se = √(812.5/5) = 12.7475; t(0.975, 4) = 2.776445 → half-width 35.393; the upper end clips at 100.
    const d = design({ minSample: 5 });
    const scores = [3, 4, 5, 4, 2].map((a) => respondentScore(d, { q1: a })!);
    expect(scores).toEqual([50, 75, 100, 75, 25]);
    const e = estimateIndicator(d, scores);
    expect(e.method).toBe("t");
    expect(e.value).toBe(65);
    expect(e.lower).toBeCloseTo(65 - 2.776445 * Math.sqrt(812.5 / 5), 4);
    expect(e.upper).toBe(100);
    expect(e.belowMinimum).toBe(false);
    expect(estimateIndicator(design({ minSample: 6 }), scores).belowMinimum).toBe(true);
  });

  it("top-two box is a proportion (Wilson); NPS is promoters minus detractors", () => {
    const top = design({ estimator: "top-two-box" });
    const answers = [5, 4, 3, 2, 4, 5, 1, 4];
    const e = estimateIndicator(top, answers.map((a) => respondentScore(top, { q1: a })!));
    expect(e.method).toBe("wilson");
    expect(e.value).toBe(62.5); // 5 of 8 answered 4 or 5
    const [lo, hi] = wilsonInterval(5 / 8, 8);
    expect([e.lower, e.upper]).toEqual([lo * 100, hi * 100]);

    const nps = design({ estimator: "nps", questions: [{ id: "q1", scale: "scale0to10", text: text("推荐") }] });
    const ten = [10, 9, 9, 8, 7, 6, 5, 10, 3, 9]; // 5 promoters, 3 detractors
    expect(estimateIndicator(nps, ten.map((a) => respondentScore(nps, { q1: a })!)).value).toBe(20);
  });

  it("a respondent's mean skips unanswered questions; one who answered none does not count", () => {
    const d = design({ questions: [likert("a"), { id: "b", scale: "yesno", text: text("b") }, { id: "c", scale: "choice", text: text("c"), options: [{ value: "x", label: text("x"), score: 20 }, { value: "y", label: text("y"), score: 90 }] }] });
    expect(respondentScore(d, { a: 5, b: 0, c: "y" })).toBeCloseTo((100 + 0 + 90) / 3, 12);
    expect(respondentScore(d, { b: 1 })).toBe(100);
    expect(respondentScore(d, {})).toBeNull();
  });

  it("Kish's design effect and the planned sample size", () => {
    expect(kishDesignEffect([1, 1, 2, 2])).toBeCloseTo((4 * 10) / 36, 12);
    expect(kishDesignEffect([3, 3, 3])).toBe(1);
    expect(plannedSampleSize(5)).toBe(385); // the textbook 385 for ±5 points at 95%
    const d = design({ estimator: "top-two-box" });
    const weighted = estimateIndicator(d, [100, 0, 100, 0], [1, 1, 2, 2]);
    expect(weighted.value).toBe(50);
    expect(weighted.nEffective).toBeCloseTo(3.6, 12);
    expect(weighted.weighted).toBe(true);
  });

  it("validates a design with the reason", () => {
    const bad = surveyDesignSchema.safeParse({ ...design({ estimator: "nps" }) });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toContain("NPS needs a 0–10 question");
    const two = surveyDesignSchema.safeParse(design({ estimator: "top-two-box", questions: [likert("a"), likert("b")] }));
    expect(two.error!.issues[0]!.message).toBe("the top-two-box estimator reads exactly one question");
    expect(parseAnswer(likert("a"), "6")).toBeNull();
    expect(parseAnswer(likert("a"), "4")).toBe(4);
    expect(parseAnswer(likert("a"), "4.5")).toBeNull();
  });
});

describe("raking", () => {
  it("reproduces a 2×2 table raked to census margins: the fitted table keeps the survey's cross-product ratio", () => {
    // Survey counts [[7, 9], [12, 7]] raked to rows (5, 15) and columns (10, 10), of 20 people: IPF keeps
    // the odds ratio 7·7 / (9·12) = 49/108, so the top-left cell a solves a(5 + a) / ((5 − a)(10 − a)) = 49/108,
    // i.e. 59a² + 1275a − 2450 = 0: a = (−1275 + √2203825) / 118.
    const cells: [string, string, number][] = [["r1", "c1", 7], ["r1", "c2", 9], ["r2", "c1", 12], ["r2", "c2", 7]];
    const respondents = cells.flatMap(([row, col, count]) => Array.from({ length: count }, () => ({ row, col })));
    const result = rake(respondents, [
      { variable: "row", shares: { r1: 5 / 20, r2: 15 / 20 } },
      { variable: "col", shares: { c1: 10 / 20, c2: 10 / 20 } },
    ]);
    expect(result.converged).toBe(true);
    const cellTotal = (row: string, col: string) => respondents.reduce((s, r, i) => s + (r.row === row && r.col === col ? result.weights[i]! : 0), 0) * (20 / respondents.length);
    const a = (-1275 + Math.sqrt(2203825)) / 118;
    expect(cellTotal("r1", "c1")).toBeCloseTo(a, 6);
    expect(cellTotal("r1", "c2")).toBeCloseTo(5 - a, 6);
    expect(cellTotal("r2", "c1")).toBeCloseTo(10 - a, 6);
    expect(cellTotal("r2", "c2")).toBeCloseTo(5 + a, 6);
  });

  it("names the problem: a category without respondents, an unknown category, shares that do not sum to 1", () => {
    const people = [{ g: "m" }, { g: "m" }];
    expect(() => rake(people, [{ variable: "g", shares: { m: 0.5, f: 0.5 } }])).toThrow(new RakingError('g "f" has a population share but no respondent'));
    expect(() => rake([{ g: "x" }], [{ variable: "g", shares: { m: 1 } }])).toThrow('respondent 1: g "x" is not one of m');
    expect(() => rake(people, [{ variable: "g", shares: { m: 0.7 } }])).toThrow("the shares of g sum to 0.7, not 1");
  });

  it("property: raked weights meet every margin, average 1, and unweighted answers are a special case", () => {
    const cats = ["a", "b", "c"];
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.constantFrom(...cats), y: fc.constantFrom("p", "q") }), { minLength: 12, maxLength: 200 }),
        fc.tuple(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true })),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        (people, [sa, sb, sc], sp) => {
          fc.pre(cats.every((c) => people.some((p) => p.x === c)) && people.some((p) => p.y === "p") && people.some((p) => p.y === "q"));
          // Every combination present keeps the fit reachable (IPF converges on a table without empty cells).
          fc.pre(cats.every((c) => ["p", "q"].every((y) => people.some((p) => p.x === c && p.y === y))));
          const total = sa + sb + sc;
          const margins: RakingMargin[] = [
            { variable: "x", shares: { a: sa / total, b: sb / total, c: sc / total } },
            { variable: "y", shares: { p: sp, q: 1 - sp } },
          ];
          const { weights, converged } = rake(people, margins, { maxIterations: 1000, tolerance: 1e-9 });
          expect(converged).toBe(true);
          const n = people.length;
          expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(n, 6);
          for (const m of margins)
            for (const [cat, share] of Object.entries(m.shares))
              expect(people.reduce((s, p, i) => s + ((p as Record<string, string>)[m.variable] === cat ? weights[i]! : 0), 0) / n).toBeCloseTo(share, 6);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("property: estimates stay in range, intervals contain them, equal weights change nothing, order does not matter", () => {
    const d = design({ minSample: 2 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 300 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (answers, w) => {
        const scores = answers.map((a) => respondentScore(d, { q1: a })!);
        const e = estimateIndicator(d, scores);
        expect(e.value!).toBeGreaterThanOrEqual(0);
        expect(e.value!).toBeLessThanOrEqual(100);
        expect(e.lower!).toBeLessThanOrEqual(e.value! + 1e-9);
        expect(e.upper!).toBeGreaterThanOrEqual(e.value! - 1e-9);
        const same = estimateIndicator(d, scores, scores.map(() => w));
        expect(same.value!).toBeCloseTo(e.value!, 9);
        expect(same.lower!).toBeCloseTo(e.lower!, 9);
        expect(same.designEffect).toBeCloseTo(1, 12);
        expect(estimateIndicator(d, [...scores].reverse()).value!).toBeCloseTo(e.value!, 9);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the per-city anomaly check", () => {
  const rules = { burstLimit: 3, burstWindowMs: 60_000, patternLimit: 2, patternWindowMs: 600_000 };
  it("sets aside what exceeds a burst and repeats of one answer pattern, keeping the earliest", () => {
    const at = (s: number) => s * 1000;
    const found = findAnomalies(
      [
        { id: "a", at: at(0), pattern: "1" },
        { id: "b", at: at(10), pattern: "2" },
        { id: "c", at: at(20), pattern: "3" },
        { id: "d", at: at(30), pattern: "4" }, // fourth within a minute: burst
        { id: "e", at: at(100), pattern: "1" },
        { id: "f", at: at(200), pattern: "1" }, // third "1" within ten minutes
        { id: "g", at: at(1000), pattern: "1" }, // the earlier ones have left the window
      ],
      rules,
    );
    expect(Object.fromEntries(found)).toEqual({ d: "burst", f: "repeated_pattern" });
  });

  it("property: the result does not depend on the order responses are given in, and nothing is set aside below the limits", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.integer({ min: 0, max: 3_600_000 }), pattern: fc.constantFrom("x", "y", "z", "w") }), { maxLength: 80 }), (raw) => {
        const responses = raw.map((r, i) => ({ id: `r${i}`, ...r }));
        const forward = findAnomalies(responses, rules);
        expect(findAnomalies([...responses].reverse(), rules)).toEqual(forward);
        const spaced = responses.map((r, i) => ({ ...r, at: i * 700_000, pattern: String(i) }));
        expect(findAnomalies(spaced, rules).size).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});

describe("answers by question", () => {
  const likert: SurveyQuestion = { id: "q1", text: { zh: "满意度", en: "Satisfaction" }, scale: "likert5" };
  const choice: SurveyQuestion = {
    id: "q2",
    text: { zh: "渠道", en: "Channel" },
    scale: "choice",
    options: [
      { value: "app", label: { zh: "应用", en: "App" }, score: 100 },
      { value: "hall", label: { zh: "大厅", en: "Hall" }, score: 0 },
    ],
  };

  it("lists every scale point or option in order, counts the valid answers and sets the rest apart", () => {
    expect(answerDistribution(likert, [5, "5", 1, 3, 9, "", undefined, "x"])).toEqual({
      counts: [
        { value: 1, count: 1 },
        { value: 2, count: 0 },
        { value: 3, count: 1 },
        { value: 4, count: 0 },
        { value: 5, count: 2 },
      ],
      unanswered: 4,
    });
    expect(answerDistribution(choice, ["hall", "app", "hall", "bus"])).toEqual({ counts: [{ value: "app", count: 1 }, { value: "hall", count: 2 }], unanswered: 1 });
  });

  it("accounts for every answer exactly once, whatever the answers and their order", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom("app", "hall", "", "1", "5")), { maxLength: 60 }), (answers) => {
        for (const question of [likert, choice]) {
          const { counts, unanswered } = answerDistribution(question, answers);
          expect(counts.reduce((n, a) => n + a.count, 0) + unanswered).toBe(answers.length);
          expect(answerDistribution(question, [...answers].reverse())).toEqual({ counts, unanswered });
        }
      }),
    );
  });
});
