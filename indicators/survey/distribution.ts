import { answerRange, parseAnswer, type SurveyQuestion } from "./design";

/** How many respondents gave each answer to a question. */
export interface AnswerCount {
  /** The answer as the form sends it: a scale point or a choice's value. */
  value: number | string;
  count: number;
}

/**
 * Every possible answer of a question, in scale or option order, with how many of `answers` gave
 * it; answers that are missing or invalid are counted apart (`unanswered`), never guessed.
 */
export function answerDistribution(question: SurveyQuestion, answers: readonly unknown[]): { counts: AnswerCount[]; unanswered: number } {
  const range = answerRange(question);
  const values: (number | string)[] = "values" in range ? range.values : Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i);
  const counts = new Map<number | string, number>(values.map((v) => [v, 0]));
  let unanswered = 0;
  for (const raw of answers) {
    const answer = parseAnswer(question, raw);
    if (answer === null) unanswered += 1;
    else counts.set(answer, counts.get(answer)! + 1);
  }
  return { counts: values.map((value) => ({ value, count: counts.get(value)! })), unanswered };
}
