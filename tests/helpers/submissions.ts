import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaign, member, orgProfile, organization, user } from "../../db/schema";
import { frameworkIndicators, isSurveySourced, type IndicatorNode } from "../../indicators";
import { addLinkEvidence, judgeEvidence, listEvidence } from "../../app/features/evidence/index.server";
import { campaignFramework, currentValues, getOrCreateSubmission, saveValues, type SubmissionRow } from "../../app/features/submissions/index.server";

async function cityAndCampaign(db: Db, slug: string, cityCode: string) {
  const [c] = await db.select().from(campaign).where(eq(campaign.slug, slug));
  const [city] = await db.select().from(orgProfile).where(eq(orgProfile.divisionCode, cityCode));
  return { campaign: c!, cityOrgId: city!.organizationId };
}

async function memberOf(db: Db, orgId: string, role: string) {
  const [row] = await db.select({ id: user.id }).from(member).innerJoin(user, eq(user.id, member.userId)).where(and(eq(member.organizationId, orgId), eq(member.role, role)));
  return row!.id;
}

/**
 * What a city attaches before it may submit: a link for every indicator whose framework requires
 * evidence (the completeness rule refuses a submission without them). Tests that are about
 * something else call this rather than upload files.
 */
export async function attachRequiredEvidence(db: Db, slug: string, cityCode: string) {
  const { campaign: c, cityOrgId } = await cityAndCampaign(db, slug, cityCode);
  const { framework } = await campaignFramework(db, c.id);
  const sub = await getOrCreateSubmission(db, c.id, cityOrgId);
  const editor = await memberOf(db, cityOrgId, "city_editor");
  const have = new Set((await listEvidence(db, sub.id, null)).map((e) => e.indicatorCode));
  for (const ind of frameworkIndicators(framework))
    if (ind.evidence.some((e) => e.mandatory) && !have.has(ind.code)) await addLinkEvidence(db, sub, editor, { indicatorCode: ind.code, url: `https://data.example.gov.cn/${cityCode}/${ind.code}`, title: `${ind.code} 证明材料` });
}

/** A value every indicator accepts: a rubric's top level, yes, or the middle of the expected range. */
export const acceptableValue = (ind: IndicatorNode) =>
  ind.kind === "rubric" ? ind.levels[ind.levels.length - 1]!.level : ind.kind === "binary" ? 1 : ind.expectedRange ? (ind.expectedRange[0] + ind.expectedRange[1]) / 2 : 50;

/** Fills every indicator the city fills (citizens answer the survey-sourced ones) not yet filled, and attaches the required evidence: a draft the completeness rule lets through. */
export async function completeSubmission(db: Db, slug: string, cityCode: string) {
  const { campaign: c, cityOrgId } = await cityAndCampaign(db, slug, cityCode);
  const { framework } = await campaignFramework(db, c.id);
  const sub = await getOrCreateSubmission(db, c.id, cityOrgId);
  const editor = await memberOf(db, cityOrgId, "city_editor");
  const current = await currentValues(db, sub.id);
  const missing = frameworkIndicators(framework).filter((i) => !isSurveySourced(i) && (current[i.code]?.value === null || current[i.code] === undefined));
  const outcome = await saveValues(db, sub, editor, missing.map((ind) => ({ code: ind.code, value: acceptableValue(ind), baseVersion: current[ind.code]?.version ?? 0 })));
  if (!outcome.ok) throw new Error(`completeSubmission: ${JSON.stringify(outcome)}`);
  await attachRequiredEvidence(db, slug, cityCode);
}

/** An agency judges every evidence item of a submission sufficient (sign-off refuses unjudged evidence). */
export async function judgeAllEvidence(db: Db, sub: SubmissionRow, agencyOrgId: string) {
  const assessor = await memberOf(db, agencyOrgId, "agency_assessor");
  const items = await listEvidence(db, sub.id, agencyOrgId);
  await judgeEvidence(db, sub, agencyOrgId, assessor, items.filter((e) => !e.verdict).map((e) => ({ evidenceId: e.id, verdict: "sufficient" as const, comment: "" })));
}

/** As judgeAllEvidence, for a city of a campaign and an agency found by their codes. */
export async function judgeCityEvidence(db: Db, slug: string, cityCode: string, agencySlug: string) {
  const { campaign: c, cityOrgId } = await cityAndCampaign(db, slug, cityCode);
  const [agency] = await db.select().from(organization).where(eq(organization.slug, agencySlug));
  await judgeAllEvidence(db, await getOrCreateSubmission(db, c.id, cityOrgId), agency!.id);
}
