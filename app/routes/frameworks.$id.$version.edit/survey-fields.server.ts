import { QUESTION_SCALES, SURVEY_ESTIMATORS, surveyDesignSchema, type QuestionScale, type SurveyDesign, type SurveyEstimator, type SurveyQuestion } from "../../../indicators/browser";
import type { MessageKey } from "~/features/i18n";
import { num, rows, text, type Fields } from "./form-fields.server";

const ID = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * A single-choice question's options as the editor takes them: one per line,
 * `value | score | 中文 | English` (a score from 0 to 100). Null when a line does not read so.
 */
export function parseOptions(typed: string): NonNullable<SurveyQuestion["options"]> | null {
  const lines = typed.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const options = lines.map((line) => {
    const [value = "", score = "", zh = "", en = "", ...rest] = line.split(/[|｜]/).map((p) => p.trim());
    const points = num(score);
    if (rest.length || !ID.test(value) || points === null || points < 0 || points > 100 || !zh || !en) return null;
    return { value, score: points, label: { zh, en } };
  });
  if (options.length < 2 || options.some((o) => o === null) || new Set(options.map((o) => o!.value)).size !== options.length) return null;
  return options as NonNullable<SurveyQuestion["options"]>;
}

/**
 * The survey block of a quantitative indicator from the node panel: none unless it is marked
 * survey-sourced (and, when it had questions, the editor confirms deleting them). Every rule of the framework schema is checked here first, so that each problem
 * lands on its field in the reader's language; the schema then checks the result once more.
 */
export function surveyFromForm(f: Fields, errors: Record<string, MessageKey>, current: SurveyDesign | undefined): SurveyDesign | undefined {
  if (f.surveySourced !== "on") {
    // Unticking deletes the questions from the draft: saved only once the editor says so.
    if (current && f.surveyRemovalConfirmed !== "on") errors.surveyRemovalConfirmed = "surveyRemovalNeedsConfirmation";
    return undefined;
  }
  const estimator = text(f, "surveyEstimator") as SurveyEstimator;
  if (!SURVEY_ESTIMATORS.includes(estimator)) errors.surveyEstimator = "required";
  const minSample = num(text(f, "surveyMinSample"));
  if (minSample === null || !Number.isInteger(minSample) || minSample < 2) errors.surveyMinSample = "surveyMinSampleFormat";
  const targetMargin = num(text(f, "surveyTargetMargin"));
  if (targetMargin === null || !(targetMargin > 0) || targetMargin > 50) errors.surveyTargetMargin = "surveyTargetMarginFormat";

  const seen = new Set<string>();
  const questions = rows(f, ["qId", "qScale", "qTextZh", "qTextEn", "qOptions"]).map((r) => {
    const field = (name: string) => `${name}.${r.index}`;
    const id = r.get("qId");
    if (!ID.test(id)) errors[field("qId")] = "surveyQuestionIdFormat";
    else if (seen.has(id)) errors[field("qId")] = "surveyQuestionIdTaken";
    seen.add(id);
    const scale = r.get("qScale") as QuestionScale;
    if (!QUESTION_SCALES.includes(scale)) errors[field("qScale")] = "required";
    for (const name of ["qTextZh", "qTextEn"]) if (!r.get(name)) errors[field(name)] = "required";
    const question: SurveyQuestion = { id, scale, text: { zh: r.get("qTextZh"), en: r.get("qTextEn") } };
    if (scale === "choice") {
      const options = parseOptions(r.get("qOptions"));
      if (options) question.options = options;
      else errors[field("qOptions")] = "surveyOptionsFormat";
    } else if (r.get("qOptions")) errors[field("qOptions")] = "surveyOptionsOnlyChoice";
    return { index: r.index, question };
  });

  if (!questions.length) errors.surveyQuestions = "surveyNeedsQuestion";
  const first = questions[0];
  if (estimator !== "mean" && questions.length > 1) errors.surveyEstimator = "surveyEstimatorOneQuestion";
  if (first && estimator === "nps" && first.question.scale !== "scale0to10") errors[`qScale.${first.index}`] = "surveyNpsNeedsScale";
  if (first && estimator === "top-two-box" && first.question.scale === "choice") errors[`qScale.${first.index}`] = "surveyTopTwoNotChoice";

  const design = { questions: questions.map((q) => q.question), estimator, minSample: minSample ?? 0, targetMargin: targetMargin ?? 0 };
  if (Object.keys(errors).length) return design;
  if (!surveyDesignSchema.safeParse(design).success) errors.surveyQuestions = "invalidField";
  return design;
}
