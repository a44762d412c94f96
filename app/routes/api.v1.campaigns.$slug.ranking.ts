import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, requireApiToken, withTenantScope } from "~/features/access/index.server";
import { getDb } from "~/platform/db.server";
import { decide } from "~/features/access";
import { findCampaignResource } from "~/features/access/index.server";
import { applyRankingQuery, parseRankingQuery } from "~/features/results";
import { campaignRanking } from "~/features/results/index.server";

/**
 * GET /api/v1/campaigns/<slug>/ranking — a published campaign ranking of the token's ministry, with
 * the page's filters (view, q, province, region, tier, band, status, sort). Read-only.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const { actor } = await requireApiToken(db, request);
  const resource = await findCampaignResource(db, params.slug!);
  // Another ministry's campaign is reported exactly like a missing one.
  if (!resource || !decide(actor, "read:campaign", resource).allowed) throw apiError(404, `no campaign "${params.slug}" for this token`);
  if (!decide(actor, "read:published-results", resource).allowed) throw apiError(404, `campaign "${params.slug}" has no published ranking`);
  const row = resource.row;
  const query = parseRankingQuery(new URL(request.url).searchParams);
  const ranking = await withTenantScope(actor, (scopedDb) => campaignRanking(scopedDb, resource.campaignId));
  return Response.json({
    campaign: { slug: row.slug, name: { zh: row.nameZh, en: row.nameEn }, year: row.year, framework: row.frameworkRef, publishedAt: row.resultsPublishedAt!.toISOString() },
    standing: ranking.standing,
    dimensions: ranking.dimensions,
    view: query.view,
    cities: applyRankingQuery(ranking.rows, query),
  });
}
