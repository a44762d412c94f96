import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "~/platform/file-response.server";
import { parseRankingQuery } from "~/features/results";
import { rankingSheet, toCsv, toXlsx } from "~/features/results/index.server";
import { campaignRanking, rankingRowsFor } from "~/features/results/index.server";
import { requireCampaign } from "~/features/access/index.server";
import { refusal, problem } from "~/features/i18n";

/** The ranking table as filtered and sorted on screen: ?format=csv|xlsx plus the page's own parameters. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:campaign-results");
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (format !== "csv" && format !== "xlsx") throw refusal(user.locale, 400, problem("p_badFormat", { formats: "csv, xlsx", got: format ?? "" }));
  const query = parseRankingQuery(url.searchParams);
  const ranking = await scoped((db) => campaignRanking(db, resource.campaignId));
  const sheet = rankingSheet(rankingRowsFor(ranking, query), ranking.dimensions, query, user.locale);
  const name = `${resource.slug}-ranking${query.view === "overall" ? "" : `-${query.view}`}`;
  return format === "csv"
    ? fileResponse(toCsv(sheet), `${name}.csv`, "text/csv; charset=utf-8")
    : fileResponse(await toXlsx(sheet, resource.slug), `${name}.xlsx`, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
