import { and, eq, inArray, isNotNull, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaign, campaignCity, evidence, indicatorValue, orgProfile, reviewValue, type SubmissionStatus } from "../../db/schema";
import type { Framework } from "../../indicators/framework/schema";
import { frameworkIndicators } from "../../indicators/framework/model";
import { campaignFramework, findSubmission } from "./submissions.server";
import { cityDue } from "./workflow";

export interface SubmissionProgress {
  /** Indicators with a value. */
  filled: number;
  total: number;
  /** Indicators whose framework requires evidence and that have none attached. */
  missing: number;
}

/** "x of y indicators complete, z evidence missing", as the submission page and the dashboard show it. */
export function submissionProgress(framework: Framework, filledCodes: Iterable<string>, evidencedCodes: Iterable<string>): SubmissionProgress {
  const indicators = frameworkIndicators(framework);
  const filled = new Set(filledCodes);
  const evidenced = new Set(evidencedCodes);
  return {
    filled: indicators.filter((i) => filled.has(i.code)).length,
    total: indicators.length,
    missing: indicators.filter((i) => i.evidence.some((e) => e.mandatory) && !evidenced.has(i.code)).length,
  };
}

/** Progress of many submissions of one framework in two queries (a cohort, a queue); absent ids have nothing filled. */
export async function progressBySubmission(db: Db, framework: Framework, submissionIds: string[]): Promise<Map<string, SubmissionProgress>> {
  const ids = [...new Set(submissionIds)];
  if (!ids.length) return new Map();
  const [filled, evidenced] = await Promise.all([
    db.select({ id: indicatorValue.submissionId, code: indicatorValue.indicatorCode }).from(indicatorValue).where(and(inArray(indicatorValue.submissionId, ids), isNotNull(indicatorValue.value))),
    db.selectDistinct({ id: evidence.submissionId, code: evidence.indicatorCode }).from(evidence).where(and(inArray(evidence.submissionId, ids), isNull(evidence.removedAt))),
  ]);
  const bySubmission = (rows: { id: string; code: string }[]) => {
    const codes = new Map<string, string[]>();
    for (const r of rows) codes.set(r.id, [...(codes.get(r.id) ?? []), r.code]);
    return codes;
  };
  const [filledBy, evidencedBy] = [bySubmission(filled), bySubmission(evidenced)];
  return new Map(ids.map((id) => [id, submissionProgress(framework, filledBy.get(id) ?? [], evidencedBy.get(id) ?? [])]));
}

/** Where a city stands in one campaign: status, progress, what the assessor asked to fix, and when it is due. */
export async function cityOverview(db: Db, campaignId: string, cityOrgId: string, primaryAgencyOrgId: string) {
  const sub = await findSubmission(db, campaignId, cityOrgId);
  const { framework, deadlines } = await campaignFramework(db, campaignId);
  const status: SubmissionStatus = sub?.status ?? "draft";
  if (!sub) return { status, round: 0, progress: submissionProgress(framework, [], []), toFix: 0, due: cityDue(status, deadlines) };
  const [progress, returned] = await Promise.all([
    progressBySubmission(db, framework, [sub.id]),
    status === "returned"
      ? db.select({ code: reviewValue.indicatorCode }).from(reviewValue).where(and(eq(reviewValue.submissionId, sub.id), eq(reviewValue.agencyOrgId, primaryAgencyOrgId), eq(reviewValue.decision, "returned")))
      : Promise.resolve([]),
  ]);
  return {
    status,
    round: sub.round,
    progress: progress.get(sub.id)!,
    toFix: returned.length,
    due: cityDue(status, deadlines),
  };
}

export type CityOverview = Awaited<ReturnType<typeof cityOverview>>;

/** The city's overview (and its division code, for links) in every campaign it takes part in that has opened, by campaign slug. */
export async function cityOverviews(db: Db, cityOrgId: string): Promise<Record<string, CityOverview & { divisionCode: string }>> {
  const entries = await db
    .select({ slug: campaign.slug, campaignId: campaignCity.campaignId, agencyOrgId: campaignCity.agencyOrgId, divisionCode: orgProfile.divisionCode })
    .from(campaignCity)
    .innerJoin(campaign, eq(campaign.id, campaignCity.campaignId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .where(and(eq(campaignCity.cityOrgId, cityOrgId), ne(campaign.status, "draft")));
  return Object.fromEntries(
    await Promise.all(entries.map(async (e) => [e.slug, { ...(await cityOverview(db, e.campaignId, cityOrgId, e.agencyOrgId)), divisionCode: e.divisionCode! }] as const)),
  );
}
