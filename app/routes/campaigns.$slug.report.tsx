import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse, reportLocale } from "~/platform/file-response.server";
import { cohortReportPdf, ReportUnavailableError } from "~/features/reports/index.server";
import { requireCampaign } from "~/features/access/index.server";
import { refusal } from "~/features/i18n";

/** The ministry's campaign report as a PDF. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:campaign-reports");
  try {
    const { pdf } = await scoped((db) => cohortReportPdf(db, resource.campaignId, reportLocale(request, user)));
    return fileResponse(pdf, `${resource.slug}-cohort.pdf`, "application/pdf");
  } catch (error) {
    if (error instanceof ReportUnavailableError) throw refusal(user.locale, error.status, error.problem);
    throw error;
  }
}
