import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { indicatorValue, reviewValue, submission } from "../../../db/schema";
import { frameworkIndicators } from "../../../indicators";
import { appendAudit } from "../audit/index.server";
import { indicatorProblem, problem, ProblemError, type IndicatorProblem } from "../i18n/index.server";
import { campaignFramework, invalidValue, type SubmissionRow } from "../submissions/index.server";
import { textTooLong } from "../../platform/text-limits";


export interface ReviewInput {
  code: string;
  decision: "accepted" | "adjusted" | "returned";
  value?: number | null;
  reason?: string;
}

export type ReviewOutcome = { ok: true } | { ok: false; errors: IndicatorProblem[] };

/**
 * An assessor's decisions on indicators: accepting keeps the city's value; adjusting needs a value
 * and a reason; returning needs a comment telling the city what to fix.
 */
export async function reviewIndicators(db: Db, sub: SubmissionRow, agencyOrgId: string, userId: string, inputs: ReviewInput[]): Promise<ReviewOutcome> {
  const { framework } = await campaignFramework(db, sub.campaignId);
  const indicators = new Map(frameworkIndicators(framework).map((i) => [i.code, i]));
  const cityValues = new Map((await db.select().from(indicatorValue).where(eq(indicatorValue.submissionId, sub.id))).map((v) => [v.indicatorCode, v.value]));
  const errors = inputs.flatMap((r) => {
    const ind = indicators.get(r.code);
    if (!ind) return [indicatorProblem(r.code, problem("p_reviewNotInFramework"))];
    if (r.decision === "adjusted" && (r.value === undefined || r.value === null)) return [indicatorProblem(r.code, problem("p_adjustmentNeedsValue"))];
    if (r.decision === "adjusted") {
      const bad = invalidValue(ind, r.value!);
      if (bad) return [indicatorProblem(r.code, bad)];
    }
    if ((r.decision === "adjusted" || r.decision === "returned") && !r.reason?.trim())
      return [indicatorProblem(r.code, problem(r.decision === "adjusted" ? "p_adjustmentNeedsReason" : "p_returnNeedsReason"))];
    const long = textTooLong("reason", r.reason, "reason");
    return long ? [indicatorProblem(r.code, long)] : [];
  });
  if (errors.length) return { ok: false, errors };
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(submission).where(eq(submission.id, sub.id)).for("update");
    if (current!.status !== "in_review") throw new ProblemError(problem("p_reviewOnlyInReview", { status: { term: `subStatus_${current!.status}` } }), 409);
    for (const r of inputs) {
      const value = r.decision === "adjusted" ? r.value! : (cityValues.get(r.code) ?? null);
      const row = { decision: r.decision, value, reason: r.reason?.trim() ?? "", reviewedBy: userId, reviewedAt: new Date() };
      const [before] = await tx.select().from(reviewValue).where(and(eq(reviewValue.submissionId, sub.id), eq(reviewValue.agencyOrgId, agencyOrgId), eq(reviewValue.indicatorCode, r.code)));
      await tx
        .insert(reviewValue)
        .values({ submissionId: sub.id, agencyOrgId, indicatorCode: r.code, ...row })
        .onConflictDoUpdate({ target: [reviewValue.submissionId, reviewValue.agencyOrgId, reviewValue.indicatorCode], set: row });
      await appendAudit(tx, sub.campaignId, {
        actorUserId: userId,
        entity: "submission",
        entityId: sub.id,
        action: `review.${r.decision}`,
        before: before ? { code: r.code, decision: before.decision, value: before.value, agency: agencyOrgId } : { code: r.code, agency: agencyOrgId },
        after: { code: r.code, decision: r.decision, value, agency: agencyOrgId, cityValue: cityValues.get(r.code) ?? null },
        reason: row.reason || null,
      });
    }
  });
  return { ok: true };
}

