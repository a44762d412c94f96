import { z } from "zod";

const text = z.object({ zh: z.string().min(1, "Chinese text is required"), en: z.string().min(1, "English text is required") }).strict();
const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, "must start with a letter and use only letters, digits, _ . -");

/** How a citizen answers one question. */
export const QUESTION_SCALES = ["likert5", "yesno", "scale0to10", "choice"] as const;
export type QuestionScale = (typeof QUESTION_SCALES)[number];

/**
 * How a city's answers become the indicator's value (0–100, NPS −100–100):
 * - `mean`: each answer scaled to 0–100 (Likert 1→0 … 5→100, no/yes 0/100, 0–10 ×10, a choice its
 *   option's score), a respondent's score the mean of their answers, the city's the mean of those;
 * - `top-two-box`: the share of respondents in the top two boxes (Likert 4–5, 0–10 scale 9–10, yes);
 * - `nps`: net promoter score on a 0–10 question, promoters (9–10) minus detractors (0–6), in points.
 */
export const SURVEY_ESTIMATORS = ["mean", "top-two-box", "nps"] as const;
export type SurveyEstimator = (typeof SURVEY_ESTIMATORS)[number];

export const surveyQuestionSchema = z
  .object({
    id,
    scale: z.enum(QUESTION_SCALES),
    text,
    /** A single-choice question's options, each with the score (0–100) it contributes to a mean. */
    options: z
      .array(z.object({ value: id, label: text, score: z.number().min(0, "must be ≥ 0").max(100, "must be ≤ 100") }).strict())
      .min(2, "a choice needs at least two options")
      .optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.scale === "choice" && !q.options) ctx.addIssue({ code: "custom", message: "a single-choice question needs its options", path: ["options"] });
    if (q.scale !== "choice" && q.options) ctx.addIssue({ code: "custom", message: `only a single-choice question has options, not ${q.scale}`, path: ["options"] });
    if (q.options && new Set(q.options.map((o) => o.value)).size !== q.options.length)
      ctx.addIssue({ code: "custom", message: "option values must be distinct", path: ["options"] });
  });

export const surveyDesignSchema = z
  .object({
    questions: z.array(surveyQuestionSchema).min(1, "a survey-sourced indicator needs at least one question"),
    estimator: z.enum(SURVEY_ESTIMATORS),
    /** Below this many valid responses the city's estimate is reported as "sample below minimum". */
    minSample: z.number().int("must be a whole number").min(2, "must be ≥ 2"),
    /** The 95% margin of error the sample is planned for, in points of the indicator (0–100 scale). */
    targetMargin: z.number().gt(0, "must be > 0").max(50, "must be ≤ 50"),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (new Set(d.questions.map((q) => q.id)).size !== d.questions.length)
      ctx.addIssue({ code: "custom", message: "question ids must be distinct within the indicator", path: ["questions"] });
    if (d.estimator !== "mean" && d.questions.length !== 1)
      ctx.addIssue({ code: "custom", message: `the ${d.estimator} estimator reads exactly one question`, path: ["questions"] });
    const first = d.questions[0];
    if (d.estimator === "nps" && first && first.scale !== "scale0to10")
      ctx.addIssue({ code: "custom", message: "NPS needs a 0–10 question", path: ["questions", 0, "scale"] });
    if (d.estimator === "top-two-box" && first?.scale === "choice")
      ctx.addIssue({ code: "custom", message: "a single-choice question has no top two boxes", path: ["questions", 0, "scale"] });
  });

export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;
export type SurveyDesign = z.infer<typeof surveyDesignSchema>;

/** What a respondent may answer to a question, as the form sends it. */
export function answerRange(question: SurveyQuestion): { min: number; max: number } | { values: string[] } {
  switch (question.scale) {
    case "likert5":
      return { min: 1, max: 5 };
    case "yesno":
      return { min: 0, max: 1 };
    case "scale0to10":
      return { min: 0, max: 10 };
    case "choice":
      return { values: question.options!.map((o) => o.value) };
  }
}

/** A valid answer, or null when `raw` is not one (absent, out of range, unknown option). */
export function parseAnswer(question: SurveyQuestion, raw: unknown): number | string | null {
  if (raw === undefined || raw === null || raw === "") return null;
  const range = answerRange(question);
  if ("values" in range) return typeof raw === "string" && range.values.includes(raw) ? raw : null;
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= range.min && n <= range.max ? n : null;
}
