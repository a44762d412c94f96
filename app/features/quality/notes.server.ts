import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, FLAG_RESOLUTIONS, qualityFlagNote, submission, type FlagResolution } from "../../../db/schema";
import { appendAudit } from "../audit/index.server";
import { problem, ProblemError } from "../i18n/index.server";
import { textTooLong } from "../../platform/text-limits";
import { cityChangeRefusal } from "../submissions";
import { campaignQuality } from "./flags.server";
import { cityExplains, type QualityFlag } from "./flag";

interface SubmissionRef {
  id: string;
  campaignId: string;
  cityOrgId: string;
}

/** The flag as it stands now: a note is only taken for a flag the data still raises. */
async function currentFlag(db: Db, sub: SubmissionRef, key: string, evidenceChecks: boolean): Promise<QualityFlag> {
  const { flags } = await campaignQuality(db, sub.campaignId, { cityOrgIds: [sub.cityOrgId], evidenceChecks });
  const flag = flags.find((f) => f.key === key);
  if (!flag) throw new ProblemError(problem("p_flagGone"), 409);
  return flag;
}

const cleanText = (text: string, field: "flagExplanation" | "flagResolutionNote") => {
  const trimmed = text.trim();
  const long = textTooLong("reason", trimmed, field);
  if (long) throw new ProblemError(long, 400);
  return trimmed;
};

/**
 * The city's explanation of a warning on its values: why the figure is right although it looks
 * odd. Kept beside the value for the assessor and written to the audit trail.
 */
export async function explainFlag(db: Db, sub: SubmissionRef, userId: string, key: string, text: string) {
  const explanation = cleanText(text, "flagExplanation");
  if (!explanation) throw new ProblemError(problem("p_flagExplanationEmpty"), 400);
  const flag = await currentFlag(db, sub, key, false);
  if (!cityExplains(flag)) throw new ProblemError(problem("p_flagNotExplainable"), 400);
  await db.transaction(async (tx) => {
    // As for a value: only while the submission is with the city, before its deadline.
    const [current] = await tx.select({ status: submission.status }).from(submission).where(eq(submission.id, sub.id)).for("update");
    const [deadlines] = await tx.select({ submissionDeadline: campaign.submissionDeadline, reviewDeadline: campaign.reviewDeadline }).from(campaign).where(eq(campaign.id, sub.campaignId));
    const refused = cityChangeRefusal(current!.status, deadlines!, new Date());
    if (refused) throw new ProblemError(refused.problem, 409);
    const [before] = await tx.select().from(qualityFlagNote).where(and(eq(qualityFlagNote.submissionId, sub.id), eq(qualityFlagNote.flagKey, key)));
    const row = { explanation, explainedBy: userId, explainedAt: new Date() };
    await tx.insert(qualityFlagNote).values({ submissionId: sub.id, flagKey: key, ...row }).onConflictDoUpdate({ target: [qualityFlagNote.submissionId, qualityFlagNote.flagKey], set: row });
    await appendAudit(tx, sub.campaignId, {
      actorUserId: userId,
      entity: "submission",
      entityId: sub.id,
      action: "flag.explained",
      before: before?.explanation ? { flag: key, explanation: before.explanation } : { flag: key },
      after: { flag: key, code: flag.indicators[0], kind: flag.kind, explanation },
      reason: explanation,
    });
  });
}

/**
 * The assessor's resolution of a flag: explained (the figure stands), corrected (the value was
 * changed), returned (sent back to the city). Recorded in the audit trail with the figures the
 * assessor saw.
 */
export async function resolveFlag(db: Db, sub: SubmissionRef, userId: string, key: string, resolution: string, text: string) {
  if (!(FLAG_RESOLUTIONS as readonly string[]).includes(resolution)) throw new ProblemError(problem("p_flagResolutionUnknown"), 400);
  const note = cleanText(text, "flagResolutionNote");
  if (!note) throw new ProblemError(problem("p_flagResolutionNeedsNote"), 400);
  const flag = await currentFlag(db, sub, key, true);
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ status: submission.status }).from(submission).where(eq(submission.id, sub.id)).for("update");
    if (current!.status !== "in_review") throw new ProblemError(problem("p_reviewOnlyInReview", { status: { term: `subStatus_${current!.status}` } }), 409);
    const row = { resolution: resolution as FlagResolution, resolutionNote: note, resolvedBy: userId, resolvedAt: new Date() };
    await tx.insert(qualityFlagNote).values({ submissionId: sub.id, flagKey: key, ...row }).onConflictDoUpdate({ target: [qualityFlagNote.submissionId, qualityFlagNote.flagKey], set: row });
    await appendAudit(tx, sub.campaignId, {
      actorUserId: userId,
      entity: "submission",
      entityId: sub.id,
      action: "flag.resolved",
      before: { flag: key, status: flag.status },
      after: { flag: key, code: flag.indicators[0], kind: flag.kind, resolution },
      reason: note,
    });
  });
}
