import { and, desc, eq, gt } from "drizzle-orm";
import { auditEvent, submission, user } from "../../../db/schema";
import { appendAudit, recordedActorName, type Tx } from "../audit/index.server";
import { problem, ProblemError, type Problem } from "../i18n/index.server";
import { lockForCityChange, type SubmissionRow } from "./values.server";
import { assertSubmittable } from "./progress.server";
import { nextStatus, TRANSITIONS, type Transition } from "./workflow";
import { textTooLong } from "../../platform/text-limits";


export class DeadlinePassedError extends ProblemError {
  constructor(p: Problem) {
    super(p, 409);
  }
}

export class StaleSubmissionError extends ProblemError {
  constructor() {
    super(problem("p_staleSubmission"), 409);
  }
}

/**
 * Moves a submission through the state machine (checked on the server), recording it. Runs in its
 * own transaction, or a savepoint of the caller's, because the audit entry must commit with it.
 */
export async function transition(txOrDb: Tx, sub: SubmissionRow, name: Transition, userId: string, reason?: string): Promise<SubmissionRow> {
  const long = textTooLong("reason", reason, "reason");
  if (long) throw new ProblemError(long, 400);
  const to = nextStatus(name, sub.status);
  const round = name === "submit" || name === "resubmit" ? sub.round + 1 : sub.round;
  return txOrDb.transaction(async (tx) => {
    if (TRANSITIONS[name].permission === "submit:city-data") {
      const { refusal } = await lockForCityChange(tx, sub.id);
      if (refusal?.deadline) throw new DeadlinePassedError(refusal.problem);
    }
    if (name === "submit" || name === "resubmit") await assertSubmittable(tx, sub);
    const updated = await tx
      .update(submission)
      .set({ status: to, round, version: sub.version + 1, updatedAt: new Date() })
      .where(and(eq(submission.id, sub.id), eq(submission.version, sub.version)))
      .returning();
    if (!updated[0]) throw new StaleSubmissionError();
    await appendAudit(tx, sub.campaignId, {
      actorUserId: userId,
      entity: "submission",
      entityId: sub.id,
      action: `status.${to}`,
      before: { status: sub.status, round: sub.round },
      after: { status: to, round },
      reason: reason ?? null,
    });
    return updated[0];
  });
}


/**
 * An editor's word that the submission is ready for the approver: an entry in the trail (the
 * approver's page and dashboard show it until the submission moves on); the e-mail follows.
 */
export async function recordReadyForApproval(db: Tx, sub: SubmissionRow, userId: string) {
  await db.transaction((tx) => appendAudit(tx, sub.campaignId, { actorUserId: userId, entity: "submission", entityId: sub.id, action: "submission.ready", after: { status: sub.status, round: sub.round } }));
}

/** The latest "ready" from an editor since the submission last changed state, if any. */
export async function pendingReadyNotice(db: Tx, sub: SubmissionRow) {
  const [row] = await db
    .select({ at: auditEvent.at, by: recordedActorName })
    .from(auditEvent)
    .leftJoin(user, eq(user.id, auditEvent.actorUserId))
    .where(and(eq(auditEvent.campaignId, sub.campaignId), eq(auditEvent.entity, "submission"), eq(auditEvent.entityId, sub.id), eq(auditEvent.action, "submission.ready"), gt(auditEvent.at, sub.updatedAt.toISOString())))
    .orderBy(desc(auditEvent.seq))
    .limit(1);
  return row ? { by: row.by ?? "", at: row.at } : null;
}
