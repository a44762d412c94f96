import type { Db } from "../../../db/client";
import { loadFramework } from "../frameworks/index.server";
import { cityResponses, responsesTable } from "./estimates.server";
import { findSurvey, surveyIndicators } from "./survey.server";

/** A city's raw anonymous responses as a table (for its CSV and XLSX downloads); null when the campaign has no survey. */
export async function cityResponseTable(db: Db, campaign: { id: string; frameworkRef: string }, cityOrgId: string) {
  const survey = await findSurvey(db, campaign.id);
  if (!survey) return null;
  return responsesTable(surveyIndicators(await loadFramework(db, campaign.frameworkRef)), survey.quotas, await cityResponses(db, campaign.id, cityOrgId));
}
