import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, campaignCity, orgProfile, organization, survey } from "../../../db/schema";
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
    .select({
      campaign,
      survey,
      cityOrgId: organization.id,
      cityName: organization.name,
      cityNameEn: orgProfile.nameEn,
      code: orgProfile.divisionCode,
      // A city's survey is closed once its estimates have entered its submission (the ministry closes
      // cities one by one or all at once); asked in the same query, as the public form is the busiest path.
      cityFrozen: sql<boolean>`exists (select 1 from survey_estimate e where e.campaign_id = ${campaign.id} and e.city_org_id = ${organization.id})`,
    })
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
  return { ...row, indicators };
}

export type PublicSurveyTarget = NonNullable<Awaited<ReturnType<typeof publicSurveyTarget>>>;
