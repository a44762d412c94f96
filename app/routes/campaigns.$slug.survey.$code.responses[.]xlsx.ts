import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCityData } from "~/features/access/index.server";
import { cityResponses, findSurvey, responsesTable, responsesXlsx, surveyIndicators } from "~/features/survey/index.server";
import { loadFramework } from "~/features/frameworks/index.server";
import { fileResponse } from "~/platform/file-response.server";

/** A city's raw anonymous survey responses as XLSX (the CSV beside it is the file the audit chain names): whoever may read the city's data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, scoped } = await requireCityData(request, params, "read:city-data");
  const table = await scoped(async (db) => {
    const survey = await findSurvey(db, resource.campaignId);
    if (!survey) return null;
    return responsesTable(surveyIndicators(await loadFramework(db, resource.row.frameworkRef)), survey.quotas, await cityResponses(db, resource.campaignId, city.id));
  });
  if (table === null) throw new Response(null, { status: 404 });
  const name = `survey-${resource.slug}-${city.code}`;
  return fileResponse(await responsesXlsx(table, name), `${name}.xlsx`, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
