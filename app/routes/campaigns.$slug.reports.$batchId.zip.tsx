import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/platform/db.server";
import { fileResponse } from "~/platform/file-response.server";
import { batchZip } from "~/features/reports/index.server";
import { loadCampaignResource, requireUserWithPermission } from "~/features/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const resource = await loadCampaignResource(db, params.slug!);
  await requireUserWithPermission(request, "read:campaign-reports", resource);
  const zip = await batchZip(db, resource.campaignId, params.batchId!);
  if (!zip) throw new Response("No finished batch with this ID", { status: 404 });
  return fileResponse(zip, `${resource.slug}-reports.zip`, "application/zip");
}
