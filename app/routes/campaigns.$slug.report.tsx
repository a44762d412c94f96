import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/platform/db.server";
import { fileResponse, reportLocale } from "~/platform/file-response.server";
import { cohortReportPdf, ReportUnavailableError } from "~/features/reports/index.server";
import { loadCampaignResource, requireUserWithPermission } from "~/features/access/index.server";

/** The ministry's campaign report as a PDF. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const resource = await loadCampaignResource(db, params.slug!);
  const user = await requireUserWithPermission(request, "read:campaign-reports", resource);
  try {
    const { pdf } = await cohortReportPdf(db, resource.campaignId, reportLocale(request, user));
    return fileResponse(pdf, `${resource.slug}-cohort.pdf`, "application/pdf");
  } catch (error) {
    if (error instanceof ReportUnavailableError) throw new Response(error.message, { status: 409 });
    throw error;
  }
}
