import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, requireApiToken, withTenantScope } from "~/features/access/index.server";
import { getDb } from "~/platform/db.server";
import { decide } from "~/features/access";
import { findCampaignResource } from "~/features/access/index.server";
import { applyRankingQuery, parseRankingQuery } from "~/features/results";
import { campaignRanking, storedAudit } from "~/features/results/index.server";

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
  const [ranking, audit] = await withTenantScope(actor, async (scopedDb) => [await campaignRanking(scopedDb, resource.campaignId), await storedAudit(scopedDb, resource.campaignId)] as const);
  const intervals = new Map(audit.state === "done" ? audit.audit.rankIntervals.map((r) => [r.unit, r]) : []);
  return Response.json({
    campaign: { slug: row.slug, name: { zh: row.nameZh, en: row.nameEn }, year: row.year, framework: row.frameworkRef, publishedAt: row.resultsPublishedAt!.toISOString() },
    standing: ranking.standing,
    dimensions: ranking.dimensions,
    view: query.view,
    // Each city's overall rank range over the methodology audit's sampled methods (null while it is computed).
    rankRangeStatus: audit.state,
    cities: applyRankingQuery(ranking.rows, query).map(({ orgId, ...city }) => {
      const r = intervals.get(orgId ?? "");
      return { ...city, rankRange: r && r.nominal ? { median: r.median, q5: r.q5, q95: r.q95, top10: r.top10 } : null };
    }),
  });
}
