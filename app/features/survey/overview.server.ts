import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { orgProfile, organization, surveyEstimate } from "../../../db/schema";
import { loadFramework } from "../frameworks/index.server";
import type { SurveyQuestion } from "../../../indicators";
import { citiesSurveyData, estimateCity, type CityEstimates } from "./estimates.server";
import { findSurvey, surveyIndicators, surveyPhase, type SurveyPhase } from "./survey.server";

export interface CitySurvey {
  cityOrgId: string;
  code: string;
  name: string;
  nameEn: string | null;
  estimates: CityEstimates;
  /** Its estimates have entered its submission: it takes no more answers. */
  frozen: boolean;
}

export interface SurveyOverview {
  phase: SurveyPhase;
  opensAt: string;
  closesAt: string;
  frozenAt: string | null;
  quotas: { id: string; label: { zh: string; en: string } }[];
  indicators: { code: string; name: { zh: string; en: string }; estimator: string; minSample: number; targetMargin: number; questions: { id: string; text: { zh: string; en: string }; scale: SurveyQuestion["scale"]; options?: { value: string; label: { zh: string; en: string } }[] }[] }[];
  cities: CitySurvey[];
}

/** A campaign's survey for the cities `cityOrgIds` (those the reader may see), estimated from their responses as they stand. */
export async function surveyOverview(db: Db, campaign: { id: string; frameworkRef: string }, cityOrgIds: readonly string[], now = new Date()): Promise<SurveyOverview | null> {
  const row = await findSurvey(db, campaign.id);
  if (!row) return null;
  const indicators = surveyIndicators(await loadFramework(db, campaign.frameworkRef));
  // The readable cities' names, which of them are closed, their responses and margins: a few queries, not a few per city.
  const named = cityOrgIds.length
    ? await db.select({ id: organization.id, name: organization.name, nameEn: orgProfile.nameEn, code: orgProfile.divisionCode }).from(organization).innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id)).where(inArray(organization.id, [...cityOrgIds]))
    : [];
  const frozen = new Set((await db.selectDistinct({ cityOrgId: surveyEstimate.cityOrgId }).from(surveyEstimate).where(eq(surveyEstimate.campaignId, campaign.id))).map((r) => r.cityOrgId));
  const data = await citiesSurveyData(db, campaign.id, named.map((c) => c.id));
  const cities: CitySurvey[] = named.map((city) => {
    const { responses, margins } = data.get(city.id)!;
    return { cityOrgId: city.id, code: city.code ?? "", name: city.name, nameEn: city.nameEn, estimates: estimateCity(indicators, row.quotas, margins, responses), frozen: frozen.has(city.id) };
  });
  cities.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    phase: surveyPhase(row, now),
    opensAt: row.opensAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    frozenAt: row.frozenAt?.toISOString() ?? null,
    quotas: row.quotas.map((q) => ({ id: q.id, label: q.label })),
    indicators: indicators.map((i) => ({ code: i.code, name: i.name, estimator: i.survey.estimator, minSample: i.survey.minSample, targetMargin: i.survey.targetMargin, questions: i.survey.questions.map((q) => ({ id: q.id, text: q.text, scale: q.scale, options: q.options?.map((o) => ({ value: o.value, label: o.label })) })) })),
    cities,
  };
}
