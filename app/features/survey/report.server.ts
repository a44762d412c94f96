import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { orgProfile, organization, surveyEstimate } from "../../../db/schema";
import type { Framework } from "../../../indicators";
import type { CohortReportData, ReportSurveyCity } from "../../../reports/types";
import { surveyIndicators } from "./survey.server";

/** The frozen estimates of a campaign (what entered the submissions), by city. */
async function frozenEstimates(db: Db, campaignId: string) {
  return db
    .select({ row: surveyEstimate, code: orgProfile.divisionCode, name: organization.name, nameEn: orgProfile.nameEn })
    .from(surveyEstimate)
    .innerJoin(organization, eq(organization.id, surveyEstimate.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, surveyEstimate.cityOrgId))
    .where(eq(surveyEstimate.campaignId, campaignId));
}

/** A city report's survey section: only frozen estimates, so the report is the same whenever it is built. Undefined without survey-sourced indicators. */
export async function citySurveyReport(db: Db, campaignId: string, cityOrgId: string, framework: Framework): Promise<ReportSurveyCity | undefined> {
  const indicators = surveyIndicators(framework);
  if (!indicators.length) return undefined;
  const rows = (await frozenEstimates(db, campaignId)).filter((r) => r.row.cityOrgId === cityOrgId);
  const first = rows[0]?.row;
  return {
    indicators: indicators.flatMap((ind) => {
      const e = rows.find((r) => r.row.indicatorCode === ind.code)?.row;
      return e ? [{ code: ind.code, name: ind.name, value: e.value, lower: e.lower, upper: e.upper, n: e.n, weighted: e.weighted, belowMinimum: e.belowMinimum, minSample: ind.survey.minSample }] : [];
    }),
    received: first?.received ?? 0,
    excluded: first ? Object.values(first.excluded).reduce((a, b) => a + b, 0) : 0,
    sha256: first?.responsesSha256 ?? null,
  };
}

/** The cohort report's survey section: each indicator's frozen estimates across the cities whose survey closed. */
export async function cohortSurveyReport(db: Db, campaignId: string, framework: Framework): Promise<CohortReportData["survey"]> {
  const indicators = surveyIndicators(framework);
  if (!indicators.length) return undefined;
  const rows = await frozenEstimates(db, campaignId);
  return indicators.map((ind) => ({
    code: ind.code,
    name: ind.name,
    cities: rows
      .filter((r) => r.row.indicatorCode === ind.code)
      .map(({ row: e, code, name, nameEn }) => ({ code: code ?? "", name: { zh: name, en: nameEn }, value: e.value, lower: e.lower, upper: e.upper, n: e.n, weighted: e.weighted, belowMinimum: e.belowMinimum, minSample: ind.survey.minSample })),
  }));
}
