import { and, eq, inArray, isNotNull, isNull, ne } from "drizzle-orm";
import { queriesInTurn, type Db } from "../../../db/client";
import { campaign, campaignCity, evidence, evidenceVerdict, indicatorValue, orgProfile, reviewValue, submission, type SubmissionStatus } from "../../../db/schema";
import { completenessRule, type Framework, frameworkIndicators, isSurveySourced, type IndicatorNode } from "../../../indicators";

/** What the city itself fills: survey-sourced indicators come from citizens' answers when the survey closes. */
const cityIndicators = (framework: Framework) => frameworkIndicators(framework).filter((i) => !isSurveySourced(i));
import { problem, ProblemError, type Problem } from "../i18n/index.server";
import { loadFramework } from "../frameworks/index.server";
import { campaignFramework } from "./values.server";
import { cityDue } from "./workflow";
import { campaignQuality, flaggedIndicators, submitBlockers } from "../quality/index.server";

export interface SubmissionProgress {
  /** Indicators with a value. */
  filled: number;
  total: number;
  /** Indicators whose framework requires evidence and that have none attached. */
  missing: number;
}

/** "x of y indicators complete, z evidence missing", as the submission page and the dashboard show it. */
export function submissionProgress(framework: Framework, filledCodes: Iterable<string>, evidencedCodes: Iterable<string>): SubmissionProgress {
  const indicators = cityIndicators(framework);
  const filled = new Set(filledCodes);
  const evidenced = new Set(evidencedCodes);
  return {
    filled: indicators.filter((i) => filled.has(i.code)).length,
    total: indicators.length,
    missing: indicators.filter((i) => i.evidence.some((e) => e.mandatory) && !evidenced.has(i.code)).length,
  };
}

/** What keeps a submission from being submitted under its framework's completeness rule (nothing when `blocking` is false). */
export interface SubmissionGaps {
  unfilled: string[];
  missingEvidence: string[];
  /** How many indicators must have a value. */
  minFilled: number;
  filled: number;
  total: number;
  /** Indicators named by a broken error rule, and by a warning the city has not explained (the plausibility checks; empty where not run). */
  ruleErrors: string[];
  unexplained: string[];
  blocking: boolean;
}

export function submissionGaps(framework: Framework, filledCodes: Iterable<string>, evidencedCodes: Iterable<string>): SubmissionGaps {
  const rule = completenessRule(framework);
  const indicators = cityIndicators(framework);
  const filled = new Set(filledCodes);
  const evidenced = new Set(evidencedCodes);
  const unfilled = indicators.filter((i) => !filled.has(i.code)).map((i) => i.code);
  const missingEvidence = rule.mandatoryEvidence ? indicators.filter((i) => i.evidence.some((e) => e.mandatory) && !evidenced.has(i.code)).map((i) => i.code) : [];
  const minFilled = Math.ceil(rule.minFilledShare * indicators.length - 1e-9);
  const done = indicators.length - unfilled.length;
  return { unfilled, missingEvidence, minFilled, filled: done, total: indicators.length, ruleErrors: [], unexplained: [], blocking: done < minFilled || missingEvidence.length > 0 };
}

/** What a lead assessor cannot sign off yet: indicators not accepted or adjusted, mandatory evidence absent, evidence not judged. */
export function signOffGaps(indicators: IndicatorNode[], decided: ReadonlySet<string>, items: { indicatorCode: string; verdict: unknown }[]) {
  const evidenced = new Set(items.map((e) => e.indicatorCode));
  return {
    undecided: indicators.filter((i) => !decided.has(i.code)).map((i) => i.code),
    missingEvidence: indicators.filter((i) => i.evidence.some((e) => e.mandatory) && !evidenced.has(i.code)).map((i) => i.code),
    unjudged: items.filter((e) => !e.verdict).map((e) => e.indicatorCode),
    judged: items.filter((e) => e.verdict).length,
    evidence: items.length,
  };
}

/** Refuses to submit a submission that falls short of its framework's completeness rule, naming what is missing. */
export async function assertSubmittable(db: Db, sub: { id: string; campaignId: string; cityOrgId: string }) {
  const { framework } = await campaignFramework(db, sub.campaignId);
  const [filled, evidenced] = await queriesInTurn(
    db,
    () => db.select({ code: indicatorValue.indicatorCode }).from(indicatorValue).where(and(eq(indicatorValue.submissionId, sub.id), isNotNull(indicatorValue.value))),
    () => db.selectDistinct({ code: evidence.indicatorCode }).from(evidence).where(and(eq(evidence.submissionId, sub.id), isNull(evidence.removedAt))),
  );
  const gaps = submissionGaps(framework, filled.map((r) => r.code), evidenced.map((r) => r.code));
  // A broken error rule and an unexplained warning stop the submission like a missing value does.
  const { flags } = await campaignQuality(db, sub.campaignId, { cityOrgIds: [sub.cityOrgId], evidenceChecks: false });
  const blockers = submitBlockers(flags);
  if (!gaps.blocking && !blockers.errors.length && !blockers.unexplained.length) return;
  const parts: Problem[] = [];
  if (gaps.filled < gaps.minFilled) parts.push(problem("p_submitUnfilled", { filled: gaps.filled, total: gaps.total, required: gaps.minFilled, codes: listCodes(gaps.unfilled) }));
  if (gaps.missingEvidence.length) parts.push(problem("p_submitMissingEvidence", { count: gaps.missingEvidence.length, codes: listCodes(gaps.missingEvidence) }));
  const flagCodes = (list: { indicators: string[] }[]) => listCodes(flaggedIndicators(list));
  if (blockers.errors.length) parts.push(problem("p_submitRuleErrors", { count: blockers.errors.length, codes: flagCodes(blockers.errors) }));
  if (blockers.unexplained.length) parts.push(problem("p_submitUnexplained", { count: blockers.unexplained.length, codes: flagCodes(blockers.unexplained) }));
  throw new ProblemError(problem("p_submitIncomplete", { details: { problems: parts } }), 409);
}

/** A list of codes short enough for a message: the first ten and how many more. */
export const listCodes = (codes: string[], shown = 10) => (codes.length <= shown ? codes.join(", ") : `${codes.slice(0, shown).join(", ")} … (+${codes.length - shown})`);

/** Progress of many submissions of one framework in two queries (a cohort, a queue); absent ids have nothing filled. */
export async function progressBySubmission(db: Db, framework: Framework, submissionIds: string[]): Promise<Map<string, SubmissionProgress>> {
  const ids = [...new Set(submissionIds)];
  if (!ids.length) return new Map();
  const [filled, evidenced] = await queriesInTurn(
    db,
    () => db.select({ id: indicatorValue.submissionId, code: indicatorValue.indicatorCode }).from(indicatorValue).where(and(inArray(indicatorValue.submissionId, ids), isNotNull(indicatorValue.value))),
    () => db.selectDistinct({ id: evidence.submissionId, code: evidence.indicatorCode }).from(evidence).where(and(inArray(evidence.submissionId, ids), isNull(evidence.removedAt))),
  );
  const bySubmission = (rows: { id: string; code: string }[]) => {
    const codes = new Map<string, string[]>();
    for (const r of rows) codes.set(r.id, [...(codes.get(r.id) ?? []), r.code]);
    return codes;
  };
  const [filledBy, evidencedBy] = [bySubmission(filled), bySubmission(evidenced)];
  return new Map(ids.map((id) => [id, submissionProgress(framework, filledBy.get(id) ?? [], evidencedBy.get(id) ?? [])]));
}

/**
 * Rows with how far each one's submission has got ("x of y filled, z evidence missing"), counted
 * against its campaign's framework: two queries per framework however many rows.
 */
export async function withProgress<T extends { submissionId: string | null }>(db: Db, rows: T[], frameworkRefOf: (row: T) => string): Promise<(T & { progress: SubmissionProgress })[]> {
  const progress = new Map<string, SubmissionProgress>();
  const empty = new Map<string, SubmissionProgress>();
  for (const ref of new Set(rows.map(frameworkRefOf))) {
    const framework = await loadFramework(db, ref);
    empty.set(ref, submissionProgress(framework, [], []));
    const ids = rows.filter((r) => frameworkRefOf(r) === ref).flatMap((r) => (r.submissionId ? [r.submissionId] : []));
    for (const [id, p] of await progressBySubmission(db, framework, ids)) progress.set(id, p);
  }
  return rows.map((r) => ({ ...r, progress: (r.submissionId && progress.get(r.submissionId)) || empty.get(frameworkRefOf(r))! }));
}

/**
 * Where the city stands in every campaign it takes part in that has opened, by campaign slug:
 * status, progress, how many indicators the primary assessor returned, and when it is due.
 */
export async function cityOverviews(db: Db, cityOrgId: string) {
  const rows = await db
    .select({ campaign, agencyOrgId: campaignCity.agencyOrgId, divisionCode: orgProfile.divisionCode, submissionId: submission.id, status: submission.status, round: submission.round })
    .from(campaignCity)
    .innerJoin(campaign, eq(campaign.id, campaignCity.campaignId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .leftJoin(submission, and(eq(submission.campaignId, campaignCity.campaignId), eq(submission.cityOrgId, campaignCity.cityOrgId)))
    .where(and(eq(campaignCity.cityOrgId, cityOrgId), ne(campaign.status, "draft")));
  const returnedIds = rows.flatMap((r) => (r.status === "returned" && r.submissionId ? [r.submissionId] : []));
  // What the page's to-fix list holds: indicators returned and evidence judged insufficient, by indicator.
  const returned = returnedIds.length
    ? [
        ...(await db
          .select({ submissionId: reviewValue.submissionId, agencyOrgId: reviewValue.agencyOrgId, code: reviewValue.indicatorCode })
          .from(reviewValue)
          .where(and(inArray(reviewValue.submissionId, returnedIds), eq(reviewValue.decision, "returned")))),
        ...(await db
          .select({ submissionId: evidence.submissionId, agencyOrgId: evidenceVerdict.agencyOrgId, code: evidence.indicatorCode })
          .from(evidenceVerdict)
          .innerJoin(evidence, eq(evidence.id, evidenceVerdict.evidenceId))
          .where(and(inArray(evidence.submissionId, returnedIds), isNull(evidence.removedAt), eq(evidenceVerdict.verdict, "insufficient")))),
      ]
    : [];
  const withCounts = await withProgress(db, rows, (r) => r.campaign.frameworkRef);
  return Object.fromEntries(
    withCounts.map((r) => {
      const status: SubmissionStatus = r.status ?? "draft";
      return [
        r.campaign.slug,
        {
          status,
          round: r.round ?? 0,
          progress: r.progress,
          toFix: new Set(returned.filter((v) => v.submissionId === r.submissionId && v.agencyOrgId === r.agencyOrgId).map((v) => v.code)).size,
          due: cityDue(status, r.campaign),
          divisionCode: r.divisionCode!,
        },
      ] as const;
    }),
  );
}
