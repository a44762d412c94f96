import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { indicatorValue, reviewValue } from "../../../db/schema";
import { weightedKappa, frameworkIndicators, type Framework } from "../../../indicators";
import { type SubmissionRow } from "../submissions/index.server";
import { indicatorProblem, problem, translate, type Locale } from "../i18n/index.server";
import { reviewIndicators, type ReviewOutcome } from "./review.server";
import { textTooLong } from "../../platform/text-limits";

/**
 * How the primary and the second assessor of a city agree: weighted Cohen's kappa (quadratic) on
 * the rubric levels both scored, and every indicator whose reviewed values differ, for the lead
 * assessor to reconcile (by adjusting the primary review, with a reason).
 */
export async function assessorAgreement(db: Db, framework: Framework, submissionId: string, primaryAgencyOrgId: string, secondAgencyOrgId: string) {
  const rows = await db.select().from(reviewValue).where(eq(reviewValue.submissionId, submissionId));
  const of = (agency: string) => new Map(rows.filter((r) => r.agencyOrgId === agency).map((r) => [r.indicatorCode, r.value]));
  const primary = of(primaryAgencyOrgId);
  const second = of(secondAgencyOrgId);
  const indicators = frameworkIndicators(framework);
  const both = indicators.filter((i) => primary.has(i.code) && second.has(i.code));
  const rubric = both.filter((i) => i.kind === "rubric" && primary.get(i.code) !== null && second.get(i.code) !== null);
  const levels = [...new Set(indicators.flatMap((i) => (i.kind === "rubric" ? i.levels.map((l) => l.level) : [])))].sort((a, b) => a - b);
  const kappa = weightedKappa(
    rubric.map((i) => primary.get(i.code)!),
    rubric.map((i) => second.get(i.code)!),
    levels,
    "quadratic",
  );
  return {
    ...kappa,
    reviewedByBoth: both.length,
    disagreements: both.filter((i) => primary.get(i.code) !== second.get(i.code)).map((i) => ({ code: i.code, name: i.name, kind: i.kind, primary: primary.get(i.code) ?? null, second: second.get(i.code) ?? null })),
  };
}

/**
 * One-click reconciliation: the lead adopts the second assessor's value for an indicator. The
 * primary review takes that value (an acceptance if it is the city's own, else an adjustment) with
 * a reason that says where it came from, so the audit trail shows the reconciliation.
 */
export async function adoptSecondAssessment(db: Db, sub: SubmissionRow, primaryAgencyOrgId: string, secondAgencyOrgId: string, userId: string, code: string, note: string, locale: Locale = "zh-CN"): Promise<ReviewOutcome> {
  const long = textTooLong("reason", note, "reason");
  if (long) return { ok: false, errors: [indicatorProblem(code, long)] };
  const [theirs] = await db.select().from(reviewValue).where(and(eq(reviewValue.submissionId, sub.id), eq(reviewValue.agencyOrgId, secondAgencyOrgId), eq(reviewValue.indicatorCode, code)));
  if (!theirs || theirs.decision === "returned") return { ok: false, errors: [indicatorProblem(code, problem("p_secondNotScored"))] };
  const [city] = await db.select({ value: indicatorValue.value }).from(indicatorValue).where(and(eq(indicatorValue.submissionId, sub.id), eq(indicatorValue.indicatorCode, code)));
  // Stored text that the city and the report read: written in the lead's language, like a reason they typed.
  const reason = [translate(locale, "reconciledReason", { value: theirs.value ?? "—" }), theirs.reason, note.trim()].filter(Boolean).join(locale === "en" ? " — " : "；");
  return reviewIndicators(db, sub, primaryAgencyOrgId, userId, [{ code, decision: theirs.value === (city?.value ?? null) ? "accepted" : "adjusted", value: theirs.value, reason }]);
}
