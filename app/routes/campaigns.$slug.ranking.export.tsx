import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/platform/db.server";
import { fileResponse } from "~/platform/file-response.server";
import { applyRankingQuery, parseRankingQuery } from "~/features/results";
import { rankingSheet, toCsv, toXlsx } from "~/features/results/index.server";
import { campaignRanking } from "~/features/results/index.server";
import { loadCampaignResource, requireUserWithPermission } from "~/features/access/index.server";

/** The ranking table as filtered and sorted on screen: ?format=csv|xlsx plus the page's own parameters. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const resource = await loadCampaignResource(db, params.slug!);
  const user = await requireUserWithPermission(request, "read:campaign-results", resource);
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (format !== "csv" && format !== "xlsx") throw new Response(`format must be csv or xlsx, got "${format ?? ""}"`, { status: 400 });
  const query = parseRankingQuery(url.searchParams);
  const ranking = await campaignRanking(db, resource.campaignId);
  const sheet = rankingSheet(applyRankingQuery(ranking.rows, query), ranking.dimensions, query, user.locale);
  const name = `${resource.slug}-ranking${query.view === "overall" ? "" : `-${query.view}`}`;
  return format === "csv"
    ? fileResponse(toCsv(sheet), `${name}.csv`, "text/csv; charset=utf-8")
    : fileResponse(await toXlsx(sheet, resource.slug), `${name}.xlsx`, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
