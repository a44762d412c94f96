import type { LoaderFunctionArgs } from "@remix-run/node";
import { decide } from "~/features/access";
import { fileResponse, reportLocale } from "~/platform/file-response.server";
import { cityReportPdf, ReportUnavailableError } from "~/features/reports/index.server";
import { requireCityData } from "~/features/access/index.server";
import { refusal } from "~/features/i18n";

/** The city's audit report as a PDF (`?lang=en` for the English edition). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, user, target, scoped } = await requireCityData(request, params, "read:city-data");
  try {
    const { pdf } = await scoped((db) => cityReportPdf(db, resource.campaignId, city.id, reportLocale(request, user), { ranks: decide(user.actor, "read:city-rank", target).allowed }));
    return fileResponse(pdf, `${resource.slug}-${city.code}-${city.name}.pdf`, "application/pdf");
  } catch (error) {
    if (error instanceof ReportUnavailableError) throw refusal(user.locale, error.status, error.problem);
    throw error;
  }
}
