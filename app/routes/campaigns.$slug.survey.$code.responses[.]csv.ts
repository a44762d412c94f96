import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCityData } from "~/features/access/index.server";
import { cityResponseTable, responsesCsv } from "~/features/survey/index.server";
import { fileResponse } from "~/platform/file-response.server";

/** A city's raw anonymous survey responses (the evidence behind its survey-sourced values): whoever may read the city's data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, scoped } = await requireCityData(request, params, "read:city-data");
  const table = await scoped((db) => cityResponseTable(db, { id: resource.campaignId, frameworkRef: resource.row.frameworkRef }, city.id));
  if (table === null) throw new Response(null, { status: 404 });
  return fileResponse(new TextEncoder().encode(`\uFEFF${responsesCsv(table)}`), `survey-${resource.slug}-${city.code}.csv`, "text/csv; charset=utf-8");
}
