import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, campaignCity, orgProfile, organization, survey, surveyEstimate } from "../../../db/schema";
import { frameworkIndicators, isSurveySourced, type Framework, type SurveyIndicator } from "../../../indicators";
import { loadFramework } from "../frameworks/index.server";

export type SurveyRow = typeof survey.$inferSelect;

/** Where a campaign's survey stands for citizens at `now`. */
export type SurveyPhase = "scheduled" | "open" | "closed" | "frozen";

export function surveyPhase(row: Pick<SurveyRow, "opensAt" | "closesAt" | "frozenAt">, now = new Date()): SurveyPhase {
  if (row.frozenAt) return "frozen";
  if (now < row.opensAt) return "scheduled";
  return now < row.closesAt ? "open" : "closed";
}

/** A city's survey is closed once its estimates have entered its submission (the ministry closes cities one by one or all at once). */
export async function isCityFrozen(db: Db, campaignId: string, cityOrgId: string): Promise<boolean> {
  const [row] = await db.select({ code: surveyEstimate.indicatorCode }).from(surveyEstimate).where(and(eq(surveyEstimate.campaignId, campaignId), eq(surveyEstimate.cityOrgId, cityOrgId))).limit(1);
  return Boolean(row);
}

/** The framework's indicators citizens answer, in framework order. */
export const surveyIndicators = (framework: Framework): SurveyIndicator[] => frameworkIndicators(framework).filter(isSurveySourced);

export async function findSurvey(db: Db, campaignId: string): Promise<SurveyRow | null> {
  const [row] = await db.select().from(survey).where(eq(survey.campaignId, campaignId));
  return row ?? null;
}

/**
 * What the public link /s/<campaign>/<division code> points at: the campaign, its survey and the
 * city of its cohort with that code, or null when any of them is missing (the page then says the
 * link is not valid, without telling which part).
 */
export async function publicSurveyTarget(db: Db, slug: string, code: string) {
  const [row] = await db
    .select({ campaign, survey, cityOrgId: organization.id, cityName: organization.name, cityNameEn: orgProfile.nameEn, code: orgProfile.divisionCode })
    .from(campaign)
    .innerJoin(survey, eq(survey.campaignId, campaign.id))
    .innerJoin(campaignCity, eq(campaignCity.campaignId, campaign.id))
    .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id))
    .where(and(eq(campaign.slug, slug), eq(orgProfile.divisionCode, code)));
  if (!row || row.campaign.status !== "open") return null;
  const framework = await loadFramework(db, row.campaign.frameworkRef);
  const indicators = surveyIndicators(framework);
  if (!indicators.length) return null;
  return { ...row, indicators, cityFrozen: await isCityFrozen(db, row.campaign.id, row.cityOrgId) };
}

export type PublicSurveyTarget = NonNullable<Awaited<ReturnType<typeof publicSurveyTarget>>>;
