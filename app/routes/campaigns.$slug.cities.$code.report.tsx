import type { LoaderFunctionArgs } from "@remix-run/node";
import { decide } from "~/features/access";
import { getDb } from "~/platform/db.server";
import { fileResponse, reportLocale } from "~/platform/file-response.server";
import { cityReportPdf, ReportUnavailableError } from "~/features/reports/index.server";
import { cityByCode } from "~/features/submissions/index.server";
import { loadCampaignResource, requireUserWithPermission } from "~/features/access/index.server";

/** The city's audit report as a PDF (`?lang=en` for the English edition). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const resource = await loadCampaignResource(db, params.slug!);
  const city = await cityByCode(db, resource, params.code!);
  const target = { type: "city-data" as const, campaign: resource, cityOrgId: city.id };
  const user = await requireUserWithPermission(request, "read:city-data", target);
  try {
    const { pdf } = await cityReportPdf(db, resource.campaignId, city.id, reportLocale(request, user), { ranks: decide(user.actor, "read:city-rank", target).allowed });
    return fileResponse(pdf, `${resource.slug}-${city.code}-${city.name}.pdf`, "application/pdf");
  } catch (error) {
    if (error instanceof ReportUnavailableError) throw new Response(error.message, { status: 409 });
    throw error;
  }
}
