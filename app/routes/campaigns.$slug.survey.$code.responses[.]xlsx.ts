import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCityData } from "~/features/access/index.server";
import { cityResponseTable, responsesXlsx } from "~/features/survey/index.server";
import { fileResponse } from "~/platform/file-response.server";

/** A city's raw anonymous survey responses as XLSX (the CSV beside it is the file the audit chain names): whoever may read the city's data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, scoped } = await requireCityData(request, params, "read:city-data");
  const table = await scoped((db) => cityResponseTable(db, { id: resource.campaignId, frameworkRef: resource.row.frameworkRef }, city.id));
  if (table === null) throw new Response(null, { status: 404 });
  const name = `survey-${resource.slug}-${city.code}`;
  return fileResponse(await responsesXlsx(table, name), `${name}.xlsx`, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
