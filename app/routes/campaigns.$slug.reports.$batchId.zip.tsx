import type { LoaderFunctionArgs } from "@remix-run/node";
import { streamedFileResponse } from "~/platform/file-response.server";
import { batchZip } from "~/features/reports/index.server";
import { requireCampaign } from "~/features/access/index.server";
import { refusal, problem } from "~/features/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:campaign-reports");
  const zip = await scoped((db) => batchZip(db, resource.campaignId, params.batchId!));
  if (!zip) throw refusal(user.locale, 404, problem("p_noBatch"));
  return streamedFileResponse(zip, `${resource.slug}-reports.zip`, "application/zip");
}
