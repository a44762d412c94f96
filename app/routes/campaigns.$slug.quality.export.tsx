import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "~/platform/file-response.server";
import { toCsv, toXlsx } from "~/features/results/index.server";
import { campaignQualityOverview, qualitySheet } from "~/features/quality/index.server";
import { requireCampaign } from "~/features/access/index.server";
import { refusal, problem } from "~/features/i18n";

/** Every plausibility flag of the campaign as a spreadsheet: ?format=csv|xlsx. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:campaign-quality");
  const format = new URL(request.url).searchParams.get("format");
  if (format !== "csv" && format !== "xlsx") throw refusal(user.locale, 400, problem("p_badFormat", { formats: "csv, xlsx", got: format ?? "" }));
  const sheet = qualitySheet(await scoped((db) => campaignQualityOverview(db, resource.campaignId)), user.locale);
  const name = `${resource.slug}-quality`;
  return format === "csv"
    ? fileResponse(toCsv(sheet), `${name}.csv`, "text/csv; charset=utf-8")
    : fileResponse(await toXlsx(sheet, resource.slug), `${name}.xlsx`, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
