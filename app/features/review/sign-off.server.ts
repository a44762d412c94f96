import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, result, reviewValue, submission } from "../../../db/schema";
import { listEvidence } from "../evidence/index.server";
import { type Framework, frameworkIndicators, unitResult } from "../../../indicators";
import { appendAudit, type Tx } from "../audit/index.server";
import { problem, ProblemError, type Problem } from "../i18n/index.server";
import { nextStatus, transition } from "../submissions/index.server";
import { campaignFramework, listCodes, signOffGaps, type SubmissionRow } from "../submissions/index.server";
import { cohortAfter, keepStanding, scoreCohort } from "../results/index.server";


export class SignOffError extends ProblemError {
  constructor(p: Problem) {
    super(p, 409);
  }
}

/** The reviewed values the result is computed from: every indicator accepted or adjusted. */
async function reviewedInputs(tx: Tx, sub: SubmissionRow, agencyOrgId: string, indicatorCodes: string[]) {
  const reviews = await tx.select().from(reviewValue).where(and(eq(reviewValue.submissionId, sub.id), eq(reviewValue.agencyOrgId, agencyOrgId)));
  const byCode = new Map(reviews.map((r) => [r.indicatorCode, r]));
  const missing = indicatorCodes.filter((c) => !byCode.has(c) || byCode.get(c)!.decision === "returned");
  if (missing.length) throw new SignOffError(problem("p_signOffIncomplete", { codes: listCodes(missing) }));
  return Object.fromEntries(indicatorCodes.map((c) => [c, byCode.get(c)!.value]));
}

/**
 * Every indicator whose framework requires evidence has some, and every item attached has this
 * agency's verdict: a result is not signed off on evidence nobody looked at.
 */
async function assertEvidenceJudged(tx: Tx, sub: SubmissionRow, agencyOrgId: string, framework: Framework) {
  const gaps = signOffGaps(frameworkIndicators(framework), new Set(), await listEvidence(tx, sub.id, agencyOrgId));
  const parts: Problem[] = [];
  if (gaps.missingEvidence.length) parts.push(problem("p_signOffEvidenceMissing", { count: gaps.missingEvidence.length, codes: listCodes(gaps.missingEvidence) }));
  if (gaps.unjudged.length) parts.push(problem("p_signOffEvidenceUnjudged", { count: gaps.unjudged.length, codes: listCodes([...new Set(gaps.unjudged)]) }));
  if (parts.length) throw new SignOffError(problem("p_signOffEvidence", { details: { problems: parts } }));
}

/**
 * A lead assessor signs off: the engine scores the reviewed values together with every city already
 * signed off in the campaign (normalisation may be cohort-relative), and the city's result is frozen
 * with its inputs, its place in the sign-off order and the hash that these reproduce (decision 016).
 */
export async function signOff(db: Db, sub: SubmissionRow, agencyOrgId: string, userId: string) {
  const { framework, method } = await campaignFramework(db, sub.campaignId);
  const codes = frameworkIndicators(framework).map((i) => i.code);
  const frozen = await db.transaction(async (tx) => {
    // Sign-offs of one campaign take turns, so each frozen cohort includes every earlier one and
    // the latest result always holds the whole signed-off cohort.
    await tx.select({ id: campaign.id }).from(campaign).where(eq(campaign.id, sub.campaignId)).for("update");
    const [current] = await tx.select().from(submission).where(eq(submission.id, sub.id)).for("update");
    // A repeated sign-off (a double click, a second tab) is refused by the state machine before anything is scored.
    nextStatus("signOff", current!.status);
    const values = await reviewedInputs(tx, current!, agencyOrgId, codes);
    await assertEvidenceJudged(tx, current!, agencyOrgId, framework);
    // Every city signed off before, in that order (kept by the process; decision 016), and this one.
    const [latest] = await tx.select({ id: result.id, cohortSeq: result.cohortSeq }).from(result).where(eq(result.campaignId, sub.campaignId)).orderBy(desc(result.cohortSeq)).limit(1);
    const own = { code: sub.cityOrgId, values };
    const { cohort, columns } = await cohortAfter(tx, framework, latest && { campaignId: sub.campaignId, ...latest }, own);
    const scored = scoreCohort(framework, columns, method);
    const mine = unitResult(scored, sub.cityOrgId);
    await transition(tx, current!, "signOff", userId);
    const id = randomUUID();
    const [row] = await tx.insert(result).values({
      id,
      submissionId: sub.id,
      campaignId: sub.campaignId,
      cityOrgId: sub.cityOrgId,
      frameworkRef: `${framework.id}@${framework.version}`,
      method,
      engineVersion: scored.engineVersion,
      hash: scored.hash,
      inputs: { units: [own] },
      scores: mine,
      signedOffBy: userId,
      // Taken under the campaign lock: the order results froze in, which the standing follows.
      signedOffAt: new Date(),
      cohortSeq: (latest?.cohortSeq ?? 0) + 1,
    }).returning();
    await appendAudit(tx, sub.campaignId, { actorUserId: userId, entity: "submission", entityId: sub.id, action: "result.frozen", after: { resultId: id, hash: scored.hash, index: mine.scores.Index } });
    return { row: row!, cohort, columns, scored, mine };
  });
  // Committed: the campaign's new standing is the cohort just scored, so no page re-scores it.
  keepStanding(frozen.row, frozen.cohort, framework, frozen.columns, frozen.scored);
  return { id: frozen.row.id, hash: frozen.scored.hash, scores: frozen.mine };
}

