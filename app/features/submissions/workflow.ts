import type { SubmissionStatus } from "../../../db/schema";
import type { MessageKey } from "../i18n";
import type { Action } from "../access";
import { problem, ProblemError, type Problem } from "../i18n";

/**
 * The submission state machine, enforced on the server. Each transition names the permission it
 * needs; anything not listed is refused with a message naming both states.
 */
export const TRANSITIONS = {
  submit: { from: ["draft"], to: "submitted", permission: "submit:city-data" },
  // Only the primary agency moves the city's submission; a second agency scores it independently.
  startReview: { from: ["submitted", "resubmitted"], to: "in_review", permission: "advance:city-review" },
  returnForCorrection: { from: ["in_review"], to: "returned", permission: "advance:city-review" },
  resubmit: { from: ["returned"], to: "resubmitted", permission: "submit:city-data" },
  signOff: { from: ["in_review"], to: "signed_off", permission: "signoff:city-data" },
  withdraw: { from: ["draft", "submitted", "returned"], to: "withdrawn", permission: "submit:city-data" },
} as const satisfies Record<string, { from: readonly SubmissionStatus[]; to: SubmissionStatus; permission: Action }>;

export type Transition = keyof typeof TRANSITIONS;

/** States in which the city may still change its values. */
export const CITY_EDITABLE: readonly SubmissionStatus[] = ["draft", "returned"];

/** States in which assessors record decisions on indicators and evidence. */
export const REVIEWABLE: readonly SubmissionStatus[] = ["in_review"];

/**
 * Everything done on a submission page: the permission each needs and the states it applies in.
 * The page shows a control, and the server accepts the intent, by asking this table only.
 */
export const SUBMISSION_INTENTS = {
  save: { permission: "update:city-data", from: CITY_EDITABLE },
  review: { permission: "review:city-data", from: REVIEWABLE },
  reconcile: { permission: "signoff:city-data", from: REVIEWABLE },
  // An editor tells the city's approvers the submission is ready for them to submit.
  notifyReady: { permission: "update:city-data", from: CITY_EDITABLE },
  // The city explains a plausibility warning; the assessor resolves a flag (issue 18).
  explainFlag: { permission: "update:city-data", from: CITY_EDITABLE },
  resolveFlag: { permission: "review:city-data", from: REVIEWABLE },
  ...TRANSITIONS,
} as const satisfies Record<string, { from: readonly SubmissionStatus[]; permission: Action }>;

export type SubmissionIntent = keyof typeof SUBMISSION_INTENTS;

export const isSubmissionIntent = (intent: string): intent is SubmissionIntent => Object.hasOwn(SUBMISSION_INTENTS, intent);

/** The state machine's answer alone (permissions and deadlines are asked separately): may this intent happen in this state? */
export const intentApplies = (intent: SubmissionIntent, status: SubmissionStatus) => (SUBMISSION_INTENTS[intent].from as readonly SubmissionStatus[]).includes(status);

/** Intents that are the city's own: they close with the city's deadline. */
export const isCityIntent = (intent: SubmissionIntent) => SUBMISSION_INTENTS[intent].permission === "update:city-data" || SUBMISSION_INTENTS[intent].permission === "submit:city-data";

export interface CampaignDeadlines {
  submissionDeadline: Date;
  reviewDeadline: Date;
}

/**
 * When the city's current window closes (or closed), while the submission is with the city; null
 * otherwise. A first submission is due by the submission deadline; corrections asked for in review
 * are due by the review deadline, which is usually later. The ministry extends a deadline to reopen the window.
 */
export function cityDue(status: SubmissionStatus, deadlines: CampaignDeadlines, now = new Date()): { at: string; passed: boolean } | null {
  if (!CITY_EDITABLE.includes(status)) return null;
  const at = status === "returned" ? deadlines.reviewDeadline : deadlines.submissionDeadline;
  return { at: at.toISOString(), passed: now > at };
}

/** Why the city may not change its submission (values, evidence, submit) now, or null. */
export function cityChangeRefusal(status: SubmissionStatus, deadlines: CampaignDeadlines, now: Date): { status: SubmissionStatus; deadline: string | null; problem: Problem } | null {
  const due = cityDue(status, deadlines, now);
  if (!due) return { status, deadline: null, problem: problem("p_cityLocked", { status: { term: `subStatus_${status}` } }) };
  if (due.passed) return { status, deadline: due.at, problem: problem("p_cityLate", { date: { date: due.at } }) };
  return null;
}

/** How each transition is named to people: the button that performs it. */
const TRANSITION_LABELS: Record<Transition, MessageKey> = {
  submit: "submitSubmission",
  startReview: "startReview",
  returnForCorrection: "returnForCorrection",
  resubmit: "resubmitSubmission",
  signOff: "signOffResult",
  withdraw: "p_transitionWithdraw",
};

export class IllegalTransitionError extends ProblemError {
  constructor(
    readonly transition: Transition,
    readonly from: SubmissionStatus,
  ) {
    super(
      problem("p_illegalTransition", {
        transition: { term: TRANSITION_LABELS[transition] },
        from: { term: `subStatus_${from}` },
        allowed: { terms: TRANSITIONS[transition].from.map((s) => `subStatus_${s}` as const) },
      }),
      409,
    );
    this.name = "IllegalTransitionError";
  }
}

export function nextStatus(transition: Transition, from: SubmissionStatus): SubmissionStatus {
  const t = TRANSITIONS[transition];
  if (!(t.from as readonly SubmissionStatus[]).includes(from)) throw new IllegalTransitionError(transition, from);
  return t.to;
}
