import type { SubmissionStatus } from "../../db/schema";
import type { Action } from "./permissions";

/**
 * The submission state machine, enforced on the server. Each transition names the permission it
 * needs; anything not listed is refused with a message naming both states.
 */
export const TRANSITIONS = {
  submit: { from: ["draft"], to: "submitted", permission: "submit:city-data" },
  startReview: { from: ["submitted", "resubmitted"], to: "in_review", permission: "review:city-data" },
  returnForCorrection: { from: ["in_review"], to: "returned", permission: "review:city-data" },
  resubmit: { from: ["returned"], to: "resubmitted", permission: "submit:city-data" },
  signOff: { from: ["in_review"], to: "signed_off", permission: "signoff:city-data" },
  withdraw: { from: ["draft", "submitted", "returned"], to: "withdrawn", permission: "submit:city-data" },
} as const satisfies Record<string, { from: readonly SubmissionStatus[]; to: SubmissionStatus; permission: Action }>;

export type Transition = keyof typeof TRANSITIONS;

/** States in which the city may still change its values. */
export const CITY_EDITABLE: readonly SubmissionStatus[] = ["draft", "returned"];

export interface CampaignDeadlines {
  submissionDeadline: Date;
  reviewDeadline: Date;
}

/**
 * Why the city may not change its submission (values, evidence, submit) now, or null. A first
 * submission is due by the submission deadline; corrections asked for in review are due by the
 * review deadline, which is usually later. The ministry extends a deadline to reopen the window.
 */
export function cityChangeRefusal(status: SubmissionStatus, deadlines: CampaignDeadlines, now: Date): { status: SubmissionStatus; deadline: string | null; message: string } | null {
  if (!CITY_EDITABLE.includes(status))
    return { status, deadline: null, message: `The submission is ${status}; it can only change while it is a draft or returned for correction.` };
  const due = status === "returned" ? deadlines.reviewDeadline : deadlines.submissionDeadline;
  if (now > due) return { status, deadline: due.toISOString(), message: `The deadline for this submission (${due.toISOString()}) has passed; the ministry can extend it.` };
  return null;
}

export class IllegalTransitionError extends Error {
  constructor(readonly transition: Transition, readonly from: SubmissionStatus) {
    const allowed = TRANSITIONS[transition].from.join(", ");
    super(`Cannot ${transition} a submission that is ${from}; only from: ${allowed}.`);
    this.name = "IllegalTransitionError";
  }
}

export function nextStatus(transition: Transition, from: SubmissionStatus): SubmissionStatus {
  const t = TRANSITIONS[transition];
  if (!(t.from as readonly SubmissionStatus[]).includes(from)) throw new IllegalTransitionError(transition, from);
  return t.to;
}
