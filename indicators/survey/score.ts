import type { SurveyDesign, SurveyQuestion } from "./design";

export type Answers = Readonly<Record<string, number | string | null | undefined>>;

/** One answer on the 0–100 scale a mean uses. */
export function scaledAnswer(question: SurveyQuestion, answer: number | string): number {
  switch (question.scale) {
    case "likert5":
      return ((answer as number) - 1) * 25;
    case "yesno":
      return (answer as number) * 100;
    case "scale0to10":
      return (answer as number) * 10;
    case "choice":
      return question.options!.find((o) => o.value === answer)!.score;
  }
}

function inTopTwo(question: SurveyQuestion, answer: number): boolean {
  if (question.scale === "likert5") return answer >= 4;
  if (question.scale === "scale0to10") return answer >= 9;
  return answer === 1;
}

/**
 * One respondent's contribution to the indicator, or null when they answered none of its
 * questions (they then do not count in its n). Answers are assumed valid (see parseAnswer).
 */
export function respondentScore(design: SurveyDesign, answers: Answers): number | null {
  if (design.estimator === "mean") {
    let sum = 0;
    let count = 0;
    for (const q of design.questions) {
      const a = answers[q.id];
      if (a === null || a === undefined) continue;
      sum += scaledAnswer(q, a);
      count += 1;
    }
    return count ? sum / count : null;
  }
  const q = design.questions[0]!;
  const a = answers[q.id];
  if (a === null || a === undefined) return null;
  if (design.estimator === "top-two-box") return inTopTwo(q, a as number) ? 100 : 0;
  return (a as number) >= 9 ? 100 : (a as number) <= 6 ? -100 : 0;
}

/** Whether the estimate is a proportion (its interval is Wilson's) rather than a mean (t). */
export function isProportion(design: SurveyDesign): boolean {
  return design.estimator === "top-two-box" || (design.estimator === "mean" && design.questions.length === 1 && design.questions[0]!.scale === "yesno");
}

/** The range the indicator's value lives in. */
export function estimateBounds(design: SurveyDesign): [number, number] {
  return design.estimator === "nps" ? [-100, 100] : [0, 100];
}
