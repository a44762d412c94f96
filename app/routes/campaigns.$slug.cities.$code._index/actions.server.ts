import { data } from "@remix-run/node";
import { checkVerdicts, judgeEvidence } from "~/features/evidence/index.server";
import { localized, problem, ProblemError, problemText, type IndicatorProblem, type Problem, refusal } from "~/features/i18n";
import { notifyTransition } from "~/features/notifications/index.server";
import { adoptSecondAssessment, reviewIndicators, signOff } from "~/features/review/index.server";
import { getOrCreateSubmission, recordReadyForApproval, reviewInputsFromForm, saveValues, StaleSubmissionError, transition, valueChangesFromForm, verdictInputsFromForm, type Transition, isSubmissionIntent, SUBMISSION_INTENTS } from "~/features/submissions/index.server";
import { requireCityData, requirePermission } from "~/features/access/index.server";
import { explainFlag, resolveFlag } from "~/features/quality/index.server";
import { formText, pageForm } from "~/platform/request-body.server";

/** Every indicator of a framework with its narrative and data source full, percent-encoded. */
const SUBMISSION_FORM_MAX_BYTES = 8 * 1024 * 1024;

/** The reason goes into the audit trail and into e-mails: a paragraph, not a document. */
const WITHDRAW_REASON_MAX = 500;


/**
 * Everything done on a submission page: save, submit, resubmit, withdraw (the city); start review,
 * review, return, sign off, reconcile (the agencies). Each intent names the permission it needs,
 * checked for this user and this city before the submission is touched; refusals come back in the
 * reader's language.
 */
export async function submissionAction(request: Request, params: { slug?: string; code?: string }) {
  // Who may see this city is checked before the body is read; what the intent needs, once it is known.
  const { db, resource, city, user, target, scoped } = await requireCityData(request, params, "read:city-data");
  const form = await pageForm(request, user.locale, SUBMISSION_FORM_MAX_BYTES);
  const intent = formText(form, "intent");
  if (!isSubmissionIntent(intent)) throw refusal(user.locale, 400, problem("p_unknownIntent", { intent }));
  requirePermission(user, SUBMISSION_INTENTS[intent].permission, target);
  // Notifications go out once the change has committed, outside the tenant scope (they read recipients across organizations).
  const notifications: (() => Promise<unknown>)[] = [];
  const tell = (send: () => Promise<unknown>) => notifications.push(send);
  const response = await scoped(async (scopedDb) => {
    const sub = await getOrCreateSubmission(scopedDb, resource.campaignId, city.id);
    const say = (p: Problem, status: number) => data({ error: problemText(user.locale, p) }, { status });
    const invalid = (errors: IndicatorProblem[]) => data({ invalid: localized(user.locale, errors) }, { status: 400 });
    if (Number(form.get("version")) !== sub.version) return say(new StaleSubmissionError().problem, 409);
    const agency = user.actor.membership?.kind === "agency" ? user.actor.membership.orgId : null;
    try {
      switch (intent) {
        case "save": {
          const parsed = valueChangesFromForm(form);
          // An autosave keeps what can be kept; the person's own click on "save" is all or nothing.
          const partial = formText(form, "autosave") === "1";
          if (parsed.errors.length && !partial) return invalid(parsed.errors);
          const outcome = await saveValues(scopedDb, sub, user.id, parsed.changes);
          if (outcome.ok)
            return { done: intent, saved: outcome.saved.length, versions: outcome.versions, warnings: localized(user.locale, outcome.warnings), ...(parsed.errors.length ? { unsaved: localized(user.locale, parsed.errors) } : {}) };
          if (outcome.kind === "invalid") return invalid(outcome.errors);
          if (outcome.kind === "conflict") return data({ conflicts: outcome.conflicts }, { status: 409 });
          return say(outcome.problem, 409);
        }
        case "review":
        case "returnForCorrection": {
          // Both parts are checked before either is written, so a refused review saves nothing.
          const verdicts = verdictInputsFromForm(form);
          checkVerdicts(verdicts);
          const inputs = reviewInputsFromForm(form);
          const outcome = await reviewIndicators(scopedDb, sub, agency!, user.id, inputs);
          if (!outcome.ok) return invalid(outcome.errors);
          await judgeEvidence(scopedDb, sub, agency!, user.id, verdicts);
          if (intent === "review") return { done: intent, saved: inputs.length, warnings: [] };
          if (!inputs.some((i) => i.decision === "returned")) return say(problem("p_markOneReturned"), 400);
          // Reviews do not touch the submission row, so `sub` is still current.
          const returned = await transition(scopedDb, sub, "returnForCorrection", user.id, String(form.get("comment") ?? ""));
          tell(() => notifyTransition(db, returned, "returnForCorrection", user));
          return { done: intent, saved: inputs.length, warnings: [] };
        }
        case "notifyReady": {
          await recordReadyForApproval(scopedDb, sub, user.id);
          tell(() => notifyTransition(db, sub, "readyForApproval", user));
          return { done: intent, saved: 0, warnings: [] };
        }
        case "explainFlag":
          await explainFlag(scopedDb, sub, user.id, formText(form, "flag"), formText(form, "explanation"));
          return { done: intent, saved: 1, warnings: [] };
        case "resolveFlag":
          await resolveFlag(scopedDb, sub, user.id, formText(form, "flag"), formText(form, "resolution"), formText(form, "note"));
          return { done: intent, saved: 1, warnings: [] };
        case "signOff":
          await signOff(scopedDb, sub, agency!, user.id);
          tell(() => notifyTransition(db, sub, "signOff", user));
          return { done: intent, saved: 0, warnings: [] };
        case "withdraw": {
          const reason = String(form.get("withdrawReason") ?? "").trim();
          if (!reason) return say(problem("p_withdrawNeedsReason"), 400);
          if (reason.length > WITHDRAW_REASON_MAX) return say(problem("p_withdrawReasonTooLong", { max: WITHDRAW_REASON_MAX }), 400);
          const withdrawn = await transition(scopedDb, sub, "withdraw", user.id, reason);
          tell(() => notifyTransition(db, withdrawn, "withdraw", user, reason));
          return { done: intent, saved: 0, warnings: [] };
        }
        case "reconcile": {
          // signoff:city-data already tied this lead to the primary agency.
          const [, second] = resource.cohort.find((c) => c.cityOrgId === city.id)!.agencyOrgIds;
          if (!second) return say(problem("p_noSecondAssessor"), 400);
          const outcome = await adoptSecondAssessment(scopedDb, sub, agency!, second, user.id, String(form.get("code") ?? ""), String(form.get("note") ?? ""), user.locale);
          if (!outcome.ok) return invalid(outcome.errors);
          return { done: intent, saved: 1, warnings: [] };
        }
        default: {
          // Submitting also saves what was typed but not yet saved, so nothing is lost on the way.
          const parsed = intent === "submit" || intent === "resubmit" ? valueChangesFromForm(form) : { changes: [], errors: [] };
          if (parsed.errors.length) return invalid(parsed.errors);
          if (parsed.changes.length) {
            const outcome = await saveValues(scopedDb, sub, user.id, parsed.changes);
            if (!outcome.ok && outcome.kind === "invalid") return invalid(outcome.errors);
            if (!outcome.ok && outcome.kind === "conflict") return data({ conflicts: outcome.conflicts }, { status: 409 });
          }
          // Value saves do not touch the submission row either; its version still guards the transition.
          const moved = await transition(scopedDb, sub, intent as Transition, user.id);
          tell(() => notifyTransition(db, moved, intent as Transition, user));
          return { done: intent, saved: parsed.changes.length, warnings: [] };
        }
      }
    } catch (e) {
      // Illegal transitions, stale forms, incomplete sign-offs, passed deadlines, refused verdicts.
      if (e instanceof ProblemError) return say(e.problem, e.status);
      throw e;
    }
  });
  for (const send of notifications) await send();
  return response;
}
