import { and, eq } from "drizzle-orm";
import { submission } from "../../../db/schema";
import { appendAudit, type Tx } from "../audit/index.server";
import { problem, ProblemError, type Problem } from "../i18n/index.server";
import { lockForCityChange, type SubmissionRow } from "./values.server";
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

