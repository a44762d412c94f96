import { formatDate, localText, translate, type Locale, type MessageKey } from "./i18n";

/**
 * A variable of a problem message: plain text, a term translated with the message (a status, an
 * action), text given in both languages (a unit), a date shown the reader's way, or a nested problem.
 */
export type ProblemVar = string | number | { term: MessageKey } | { terms: MessageKey[] } | { local: { zh: string; en: string } } | { date: string } | { problem: Problem } | { problems: Problem[] };

/** Something refused, said so that each reader gets it in their language: a message key and its variables. */
export interface Problem {
  key: MessageKey;
  vars?: Record<string, ProblemVar>;
}

export const problem = (key: MessageKey, vars?: Record<string, ProblemVar>): Problem => ({ key, vars });

function varText(locale: Locale, v: ProblemVar): string | number {
  if (typeof v !== "object") return v;
  if ("term" in v) return translate(locale, v.term);
  if ("terms" in v) return v.terms.map((k) => translate(locale, k)).join(locale === "en" ? ", " : "、");
  if ("local" in v) return localText(locale, v.local);
  if ("date" in v) return formatDate(locale, v.date);
  if ("problems" in v) return v.problems.map((p) => problemText(locale, p)).join(locale === "en" ? "; " : "；");
  return problemText(locale, v.problem);
}

/** The problem's variables as the reader reads them (terms translated, dates formatted): what a form shows beside its message key. */
export const problemVarTexts = (locale: Locale, p: Problem): Record<string, string | number> =>
  Object.fromEntries(Object.entries(p.vars ?? {}).map(([name, v]) => [name, varText(locale, v)]));

export function problemText(locale: Locale, p: Problem): string {
  return translate(locale, p.key, problemVarTexts(locale, p));
}

/**
 * The one error type for a refusal a person can act on: its message is the English text; routes
 * show `problem` in the reader's language. `field` names the form field it is about, if any.
 */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly status = 400,
    readonly field?: string,
  ) {
    super(problemText("en", problem));
    this.name = "ProblemError";
  }
}

/** The headers of a refusal: plain text in the reader's language, with the problem's key for scripts. */
export const refusalHeaders = (locale: Locale, p: Problem) => ({ "Content-Type": "text/plain; charset=utf-8", "Content-Language": locale, "X-Problem": p.key });

/** A refusal as an HTTP response in the reader's language (what a thrown 4xx from a loader or action carries). */
export function refusal(locale: Locale, status: number, p: Problem): Response {
  return new Response(problemText(locale, p), { status, headers: refusalHeaders(locale, p) });
}

/** A problem tied to one indicator: `message` in English for logs, the API and tests. */
export interface IndicatorProblem {
  code: string;
  message: string;
  problem: Problem;
}

export const indicatorProblem = (code: string, p: Problem): IndicatorProblem => ({ code, message: problemText("en", p), problem: p });

/** Indicator problems with their messages in the reader's language, for a page to show. */
export const localized = (locale: Locale, items: IndicatorProblem[]): { code: string; message: string }[] => items.map((i) => ({ code: i.code, message: problemText(locale, i.problem) }));
