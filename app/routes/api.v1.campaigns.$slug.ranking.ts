import type { LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { apiError, requireApiToken, withTenantScope } from "~/features/access/index.server";
import { getDb } from "~/platform/db.server";
import { decide } from "~/features/access";
import { findCampaignResource } from "~/features/access/index.server";
import { parseRankingQuery } from "~/features/results";
import { campaignRanking, rankingRowsFor, storedAudit } from "~/features/results/index.server";
import { CursorError, etagOf, notModified, pageOf, queryFingerprint, rankingQuerySchema, type rankingSchema } from "~/features/api/index.server";

/** The first problem with the query, as the 400's message: which parameter, what was expected. */
function queryProblem(error: z.ZodError) {
  const issue = error.issues[0]!;
  return `${issue.path.join(".") || "query"}: ${issue.message}`;
}

/**
 * GET /api/v1/campaigns/<slug>/ranking — a published campaign ranking of the token's ministry, with
 * the page's filters (view, q, province, region, tier, band, status, sort), in pages (limit,
 * cursor), with an ETag. The contract is in /api/v1/openapi.json.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const { actor } = await requireApiToken(db, request);
  const searchParams = new URL(request.url).searchParams;
  const parsed = rankingQuerySchema.safeParse(Object.fromEntries(searchParams));
  if (!parsed.success) throw apiError(400, queryProblem(parsed.error));
  const resource = await findCampaignResource(db, params.slug!);
  // Another ministry's campaign is reported exactly like a missing one.
  if (!resource || !decide(actor, "read:campaign", resource).allowed) throw apiError(404, `no campaign "${params.slug}" for this token`);
  if (!decide(actor, "read:published-results", resource).allowed) throw apiError(404, `campaign "${params.slug}" has no published ranking`);
  const row = resource.row;
  const { limit, cursor } = parsed.data;
  // Validated above; the ranking page's own reader turns the same parameters into its query.
  const query = parseRankingQuery(searchParams);
  const [ranking, audit] = await withTenantScope(actor, async (scopedDb) => [await campaignRanking(scopedDb, resource.campaignId), await storedAudit(scopedDb, resource.campaignId)] as const);
  const intervals = new Map(audit.state === "done" ? audit.audit.rankIntervals.map((r) => [r.unit, r]) : []);
  const matching = rankingRowsFor(ranking, query);
  let page;
  try {
    page = pageOf(matching, { limit, cursor, standing: ranking.standing?.hash ?? "none", query: queryFingerprint(searchParams) });
  } catch (error) {
    if (error instanceof CursorError) throw apiError(400, error.message);
    throw error;
  }
  const body: z.infer<typeof rankingSchema> = {
    campaign: { slug: row.slug, name: { zh: row.nameZh, en: row.nameEn }, year: row.year, framework: row.frameworkRef, publishedAt: row.resultsPublishedAt!.toISOString() },
    standing: ranking.standing,
    dimensions: ranking.dimensions,
    view: query.view,
    // Each city's overall rank range over the methodology audit's sampled methods (null while it is computed).
    rankRangeStatus: audit.state,
    cities: page.rows.map(({ orgId, ...city }) => {
      const r = intervals.get(orgId ?? "");
      return { ...city, rankRange: r && r.nominal ? { median: r.median, q5: r.q5, q95: r.q95, top10: r.top10 } : null };
    }),
    page: { limit, total: matching.length, nextCursor: page.nextCursor },
  };
  const json = JSON.stringify(body);
  const etag = etagOf(json);
  // Private: the answer belongs to one ministry's token; revalidate every time (cities' statuses move).
  const headers = { ETag: etag, "Cache-Control": "private, no-cache", Vary: "Authorization" };
  if (notModified(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(json, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}
