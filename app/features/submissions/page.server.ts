import { z } from "zod";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { indicatorValue, result, reviewValue, user } from "../../../db/schema";
import { flattenFramework, isIndicator } from "../../../indicators";
import { assessorAgreement, type ReviewInput } from "../review/index.server";
import { evidenceMaxBytes } from "../evidence/index.server";
import { listEvidence, type VerdictInput } from "../evidence/index.server";
import { decide, type CampaignResource } from "../access/index.server";
import { signOffGaps, submissionGaps, submissionProgress } from "./progress.server";
import { pendingReadyNotice } from "./transition.server";
import { changesSinceReturn } from "./changes-since-return.server";
import { auditTrail } from "../audit/index.server";
import { indicatorProblem, problem, type IndicatorProblem } from "../i18n/index.server";
import { campaignFramework, findSubmission, type ValueChange } from "./values.server";
import { cityDue, intentApplies, isCityIntent, SUBMISSION_INTENTS, type SubmissionIntent } from "./workflow";
import { type SessionUser } from "../accounts/index.server";
import { parseTypedNumber } from "../../platform/typed-number";
import { cityFlagsFor, flaggedIndicators, submitBlockers } from "../quality/index.server";

/** Everything the submission page shows, already cut to what this user may see and do. */
export async function submissionPageData(db: Db, viewer: SessionUser, resource: CampaignResource, cityOrgId: string, historyCode?: string) {
  // A city nobody has saved for yet is shown as an empty draft; the first save creates the row.
  const sub = (await findSubmission(db, resource.campaignId, cityOrgId)) ?? { id: null, status: "draft" as const, round: 0, version: 0 };
  const { framework, deadlines } = await campaignFramework(db, resource.campaignId);
  const due = cityDue(sub.status, deadlines);
  const late = !!due?.passed;
  const target = { type: "city-data" as const, campaign: resource, cityOrgId };
  const status = sub.status;
  /** What this viewer may do now: the permission (decide), the state machine, and for the city's own intents its deadline. */
  const may = (intent: SubmissionIntent) => intentApplies(intent, status) && !(late && isCityIntent(intent)) && decide(viewer.actor, SUBMISSION_INTENTS[intent].permission, target).allowed;
  const values = !sub.id ? [] : await db
    .select({ code: indicatorValue.indicatorCode, value: indicatorValue.value, narrative: indicatorValue.narrative, dataSource: indicatorValue.dataSource, origin: indicatorValue.origin, qualityGrade: indicatorValue.qualityGrade, version: indicatorValue.version, by: user.name, at: indicatorValue.updatedAt })
    .from(indicatorValue)
    .innerJoin(user, eq(user.id, indicatorValue.updatedBy))
    .where(eq(indicatorValue.submissionId, sub.id));
  const agencies = resource.cohort.find((c) => c.cityOrgId === cityOrgId)!.agencyOrgIds;
  const [primaryAgency, secondAgency] = agencies;
  const viewerAgency = viewer.actor.membership?.kind === "agency" ? viewer.actor.membership.orgId : null;
  // The city sees the primary assessor's decisions (what to fix); an agency sees its own.
  const reviewAgency = viewerAgency ?? primaryAgency!;
  const reviews = !sub.id ? [] : await db.select().from(reviewValue).where(and(eq(reviewValue.submissionId, sub.id), eq(reviewValue.agencyOrgId, reviewAgency)));
  const [frozen] = !sub.id ? [] : await db.select().from(result).where(eq(result.submissionId, sub.id));
  const groups = flattenFramework(framework)
    .filter((f) => f.depth === 1)
    .map(({ node }) => ({
      code: node.code,
      name: node.name,
      indicators: flattenFramework({ ...framework, dimensions: [node] }).flatMap(({ node: n }) => (isIndicator(n) ? [n] : [])),
    }));
  const evidenceItems = sub.id ? await listEvidence(db, sub.id, reviewAgency) : [];
  const indicators = groups.flatMap((g) => g.indicators);
  const filledCodes = values.filter((v) => v.value !== null).map((v) => v.code);
  const evidencedCodes = evidenceItems.map((e) => e.indicatorCode);
  const quality = sub.id ? await cityFlagsFor(db, viewer.actor, resource, cityOrgId) : null;
  const blockers = submitBlockers(quality?.flags ?? []);
  const completeness = submissionGaps(framework, filledCodes, evidencedCodes);
  const reviewed = new Set(reviews.filter((r) => r.decision !== "returned").map((r) => r.indicatorCode));
  const ownReviewComplete = !!viewerAgency && indicators.every((i) => reviewed.has(i.code));
  // The primary's and the second's work side by side: the ministry, the primary agency, and the second once its own review is complete.
  const seesOtherAssessment = !!secondAgency && decide(viewer.actor, "read:other-assessment", { ...target, ownReviewComplete }).allowed;
  const agreement = sub.id && secondAgency && seesOtherAssessment ? await assessorAgreement(db, framework, sub.id, primaryAgency!, secondAgency) : null;
  /** A second assessor still scoring blind (the page says why it sees no comparison). */
  const blind = !!secondAgency && viewerAgency === secondAgency && !seesOtherAssessment;
  const returnReasons = new Map(reviews.filter((r) => r.decision === "returned").map((r) => [r.indicatorCode, r.reason]));
  // While returned, what the primary assessor asked to fix: returned indicators and evidence judged insufficient.
  const toFix =
    sub.status !== "returned"
      ? []
      : indicators
          .map((ind) => ({
            code: ind.code,
            name: ind.name,
            reason: returnReasons.get(ind.code) ?? null,
            evidence: evidenceItems.filter((e) => e.indicatorCode === ind.code && e.verdict?.verdict === "insufficient").map((e) => ({ name: e.name, comment: e.verdict!.comment })),
          }))
          .filter((f) => f.reason !== null || f.evidence.length > 0);
  // An item is ticked off once the city has changed its value or evidence since the return.
  const fixedSinceReturn =
    sub.id && sub.status === "returned" && toFix.length
      ? new Set((await changesSinceReturn(db, resource.campaignId, sub.id, sub.round, indicators.map((i) => i.code), [...returnReasons.keys()]))?.changes.map((c) => c.code))
      : new Set<string>();
  const sinceReturn =
    sub.id && !blind && (sub.status === "resubmitted" || sub.status === "in_review")
      ? await changesSinceReturn(
          db,
          resource.campaignId,
          sub.id,
          sub.round,
          indicators.map((i) => i.code),
          [...returnReasons.keys()],
        )
      : null;
  // The city reads the primary assessor's reviews only; an agency its own; the ministry everything.
  const hiddenAgencies = agencies.filter((a) => (viewer.actor.membership?.kind === "city" ? a !== primaryAgency : viewerAgency ? a !== viewerAgency : false));
  // While blind, the primary's return comments (its findings) are not the second assessor's to read either.
  const hideReturnReasons = blind;
  // An unknown code in the address shows the whole history rather than an empty one.
  const historyFilter = indicators.some((i) => i.code === historyCode) ? historyCode : undefined;
  const history = sub.id ? await auditTrail(db, resource.campaignId, "submission", sub.id, { code: historyFilter, hiddenAgencies, hideReturnReasons }) : [];
  return {
    submission: { id: sub.id, status: sub.status, round: sub.round, version: sub.version },
    sinceReturn,
    history: { code: historyFilter ?? null, entries: history },
    toFix: toFix.map((f) => ({ ...f, fixed: fixedSinceReturn.has(f.code) })),
    /** An editor said it is ready: shown to the city while the submission waits for its approver. */
    readyNotice: "campaignId" in sub && viewer.actor.membership?.kind === "city" && (sub.status === "draft" || sub.status === "returned") ? await pendingReadyNotice(db, sub) : null,
    /** The viewing agency's own review so far (null for anyone else). */
    reviewProgress:
      viewerAgency && agencies.includes(viewerAgency)
        ? {
            decided: reviews.length - returnReasons.size,
            returned: returnReasons.size,
            total: indicators.length,
            judged: evidenceItems.filter((e) => e.verdict).length,
            evidence: evidenceItems.length,
          }
        : null,
    framework: { ref: `${framework.id}@${framework.version}`, name: framework.name },
    groups,
    values: Object.fromEntries(values.map((v) => [v.code, { ...v, at: v.at.toISOString() }])),
    reviews: Object.fromEntries(reviews.map((r) => [r.indicatorCode, { decision: r.decision, value: r.value, reason: r.reason }])),
    progress: submissionProgress(framework, filledCodes, evidencedCodes),
    /** What submitting would be refused for: the confirmation shows it before the server says it. */
    gaps: {
      ...completeness,
      ruleErrors: flaggedIndicators(blockers.errors),
      unexplained: flaggedIndicators(blockers.unexplained),
      blocking: completeness.blocking || blockers.errors.length > 0 || blockers.unexplained.length > 0,
    },
    /** The plausibility flags this reader may see, with what the city and the assessor said. */
    quality: quality && { ...quality, rules: Object.fromEntries((framework.rules ?? []).map((r) => [r.id, r.message])) },
    /** What signing off would be refused for, for the agency reviewing (null for anyone else). */
    signOffGaps: viewerAgency && agencies.includes(viewerAgency) ? signOffGaps(indicators, reviewed, evidenceItems) : null,
    evidence: evidenceItems,
    agreement,
    blind,
    evidenceMaxBytes: evidenceMaxBytes(),
    // The frozen result also holds ranks; the page shows scores only (ranks follow publication, see read:city-rank).
    result: frozen ? { hash: frozen.hash, signedOffAt: frozen.signedOffAt.toISOString(), scores: { scores: frozen.scores.scores } } : null,
    reviewAgencyOrgId: viewerAgency && agencies.includes(viewerAgency) ? viewerAgency : null,
    due,
    can: Object.fromEntries((Object.keys(SUBMISSION_INTENTS) as SubmissionIntent[]).map((intent) => [intent, may(intent)])) as Record<SubmissionIntent, boolean>,
  };
}

/** What the page showed for an indicator (its hidden o:<code> field), or undefined when the field is not what the page writes. */
const shownSchema = z.object({ value: z.number().nullable(), narrative: z.string(), dataSource: z.string(), origin: z.string().nullable().optional(), qualityGrade: z.string().nullable().optional() });
function shownValue(json: string): z.infer<typeof shownSchema> | undefined {
  try {
    return shownSchema.parse(JSON.parse(json));
  } catch {
    return undefined;
  }
}

/** NaN for text that is not a number, so the caller reports what was typed. */
const numberOrNull = (text: FormDataEntryValue | null) => {
  const parsed = parseTypedNumber(String(text ?? ""));
  return parsed === undefined ? Number.NaN : parsed;
};

/**
 * Value edits from the form: fields v:<code>, n:<code>, s:<code>, b:<code> (base version); only
 * changed ones, and the fields that could not be read. An explicit save refuses the lot when any
 * field is wrong; an autosave stores the rest, so one bad field does not hold up the others.
 */
export function valueChangesFromForm(form: FormData): { changes: ValueChange[]; errors: IndicatorProblem[] } {
  const changes: ValueChange[] = [];
  const errors: IndicatorProblem[] = [];
  for (const [key] of form) {
    if (!key.startsWith("v:")) continue;
    const code = key.slice(2);
    const value = numberOrNull(form.get(key));
    if (value !== null && !Number.isFinite(value)) {
      errors.push(indicatorProblem(code, problem("p_expectedNumberGot", { got: String(form.get(key)) })));
      continue;
    }
    const original = form.get(`o:${code}`);
    const narrative = String(form.get(`n:${code}`) ?? "");
    const dataSource = String(form.get(`s:${code}`) ?? "");
    // The declaration's selects: absent from the form keeps what is stored; the empty choice clears it.
    const declared = (name: string) => (form.has(`${name}:${code}`) ? String(form.get(`${name}:${code}`)) || null : undefined);
    const origin = declared("og") as ValueChange["origin"];
    const qualityGrade = declared("qg") as ValueChange["qualityGrade"];
    const before = original === null ? null : shownValue(String(original));
    const baseVersion = Number(form.get(`b:${code}`) ?? 0);
    if (before === undefined || !Number.isSafeInteger(baseVersion) || baseVersion < 0) {
      // Hidden fields the page wrote: only a tampered or truncated form gets here.
      errors.push(indicatorProblem(code, problem("p_staleForm")));
      continue;
    }
    const sameDeclaration = (origin === undefined || origin === (before?.origin ?? null)) && (qualityGrade === undefined || qualityGrade === (before?.qualityGrade ?? null));
    if (before && before.value === value && before.narrative === narrative && before.dataSource === dataSource && sameDeclaration) continue;
    changes.push({ code, value, narrative, dataSource, baseVersion, ...(origin !== undefined ? { origin } : {}), ...(qualityGrade !== undefined ? { qualityGrade } : {}) });
  }
  return { changes, errors };
}

export function reviewInputsFromForm(form: FormData): ReviewInput[] {
  const inputs: ReviewInput[] = [];
  for (const [key, raw] of form) {
    if (!key.startsWith("d:")) continue;
    const code = key.slice(2);
    const decision = String(raw);
    if (decision !== "accepted" && decision !== "adjusted" && decision !== "returned") continue;
    inputs.push({ code, decision, value: numberOrNull(form.get(`a:${code}`)), reason: String(form.get(`r:${code}`) ?? "") });
  }
  return inputs;
}

/** Evidence verdicts from the review form: fields ev:<evidence id> (verdict) and evc:<evidence id> (comment); unset ones skipped. */
export function verdictInputsFromForm(form: FormData): VerdictInput[] {
  const inputs: VerdictInput[] = [];
  for (const [key, raw] of form) {
    if (!key.startsWith("ev:") || !raw) continue;
    const evidenceId = key.slice(3);
    const name = form.get(`evn:${evidenceId}`);
    inputs.push({ evidenceId, verdict: String(raw) as VerdictInput["verdict"], comment: String(form.get(`evc:${evidenceId}`) ?? ""), ...(name ? { name: String(name) } : {}) });
  }
  return inputs;
}
