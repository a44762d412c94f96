import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCityData } from "~/features/access/index.server";
import { cityResponses, findSurvey, responsesCsv, surveyIndicators } from "~/features/survey/index.server";
import { loadFramework } from "~/features/frameworks/index.server";
import { fileResponse } from "~/platform/file-response.server";

/** A city's raw anonymous survey responses (the evidence behind its survey-sourced values): whoever may read the city's data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, scoped } = await requireCityData(request, params, "read:city-data");
  const csv = await scoped(async (db) => {
    const survey = await findSurvey(db, resource.campaignId);
    if (!survey) return null;
    return responsesCsv(surveyIndicators(await loadFramework(db, resource.row.frameworkRef)), survey.quotas, await cityResponses(db, resource.campaignId, city.id));
  });
  if (csv === null) throw new Response(null, { status: 404 });
  return fileResponse(new TextEncoder().encode(`\uFEFF${csv}`), `survey-${resource.slug}-${city.code}.csv`, "text/csv; charset=utf-8");
}
